"""Pieces of the presentation mode: a projector's screen without the app's chrome, stepping,
and the slides that are not another page's element (joining, progress, the funnel).

Every step fills the screen without scrolling, at 1920×1080 as at 1280×720: the sizes are
fractions of the screen's height (``vh``), the canvas zooms itself to fit (canvas.js), and
the slides are one HTML block each, whose texts are escaped (user text stays text).
"""

from __future__ import annotations

import base64
import html

import streamlit as st

from components.board.access import OBSERVER
from components.board.model import Board
from components.errors import message
from components.formatting import format_number
from components.funnel.plan import Plan, plan_sentence
from components.funnel.stages import stage_vocabulary
from components.progress.score import DIMENSIONS
from components.progress.verdict import judge, money, worth_of
from components.progress.view import (
    headline,
    leading,
    persona_names,
    persona_of,
    scope_options,
    scores_of,
    share_sentence,
    views_in,
)
from components.widgets import state
from components.widgets.boards import board_link
from components.widgets.charts import drawn_svg
from components.widgets.editing import Refused, attempt
from components.widgets.funnel.charts import funnel_chart
from components.widgets.shell import PAGES, PageContext
from components.widgets.workshop import qr_png

#: The steps of a presentation, in order; it opens on the canvas (the join screen is one step
#: back, and the boards page links to it).
STEPS = ("join", "canvas", "progress", "funnel")
FIRST_STEP = "canvas"
STEP_PARAM = "step"

#: Hides the sidebar and toolbar, uses the full width and larger type; the main area does not
#: scroll sideways.
PRESENTATION_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"] {display: none !important;}
[data-testid="stMainBlockContainer"] {max-width: 100%; padding: .6rem 2rem .4rem;}
[data-testid="stMain"] {font-size: 1.2rem; overflow-x: hidden;}
[data-testid="stMarkdownContainer"] h1 {font-size: 2rem; padding: 0;}
.st-key-pc_present_nav {gap: .75rem;}
</style>"""

SLIDE_CSS = """
.pc-slide{font-family:inherit;color:#111827}
.pc-slide h2{font-size:3.2vh;margin:0 0 1.2vh;font-weight:700;color:#374151}
.pc-tiles{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:2vw;margin:0 0 2.4vh}
.pc-tile{border:2px solid #d1d5db;border-radius:1.4vh;padding:1.6vh 1.4vw;text-align:center}
.pc-tile b{display:block;font-size:11vh;line-height:1;font-weight:800;color:#1d4ed8}
.pc-tile span{display:block;font-size:3vh;margin-top:.8vh;color:#374151}
.pc-gains{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:2vw;margin:0 0 2.4vh}
.pc-gain{border-left:.8vh solid #15803d;padding:.4vh 1vw}
.pc-gain b{display:block;font-size:5.4vh;line-height:1.1;color:#15803d}
.pc-gain span{display:block;font-size:2.5vh;color:#374151;overflow-wrap:anywhere}
.pc-gain i{display:block;font-size:2.1vh;color:#6b7280;font-style:normal}
.pc-verdict{border-radius:1.4vh;padding:1.6vh 1.6vw;font-size:3.4vh;line-height:1.3}
.pc-verdict b{font-size:5.4vh;display:block;margin-bottom:.6vh}
.pc-verdict-clearly_above{background:#dcfce7;color:#14532d}
.pc-verdict-close{background:#fef3c7;color:#713f12}
.pc-verdict-below{background:#fee2e2;color:#7f1d1d}
.pc-sentence{font-size:3.6vh;line-height:1.3;margin:0 0 1.4vh;font-weight:600}
.pc-note{font-size:2.3vh;color:#4b5563;margin:0}
.pc-funnel{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:3vw;
 align-items:start}
.pc-funnel figure{margin:0;text-align:center}
.pc-funnel img{height:64vh;width:auto;max-width:100%;object-fit:contain}
.pc-join{display:flex;align-items:center;justify-content:center;gap:4vw;height:78vh}
.pc-join img{height:min(70vh,44vw);width:auto;image-rendering:pixelated}
.pc-join p{font-size:4.2vh;margin:0 0 2vh;font-weight:700}
.pc-join code{display:block;font-size:3.4vh;line-height:1.3;overflow-wrap:anywhere;
 max-width:44vw;background:#f3f4f6;border-radius:1vh;padding:1.2vh 1vw}
"""


def _go(index: int) -> None:
    """The buttons' callback: show step ``index`` (before the page draws, so the buttons'
    disabled state fits the step shown)."""
    st.query_params[STEP_PARAM] = STEPS[index]


def step_through(context: PageContext) -> str:
    """The way out, Previous / Next (keys ← and →, disabled at the ends), where we are, and
    for the facilitator "participants follow"; returns the step shown now.

    The step is kept in the URL.  While the facilitator lets participants follow, the step
    is stored on the board: a participant's presentation shows it and their buttons rest.
    """
    status = context.workshop
    follows = status.presented in STEPS and not context.is_facilitator
    current = status.presented if follows else st.query_params.get(STEP_PARAM)
    index = STEPS.index(current if current in STEPS else FIRST_STEP)
    nav = st.container(horizontal=True, vertical_alignment="center",
                       key=state.key("present_nav"))
    nav.page_link(PAGES["canvas"], label=context.t("present.exit"), icon=":material/close:")
    nav.button(context.t("present.previous"), shortcut="Left", on_click=_go, args=(index - 1,),
               disabled=follows or index == 0, key=state.key("present_previous"))
    nav.button(context.t("present.next"), shortcut="Right", on_click=_go, args=(index + 1,),
               disabled=follows or index == len(STEPS) - 1, key=state.key("present_next"))
    nav.caption(context.t("present.where", number=index + 1, total=len(STEPS)))
    if follows:
        nav.caption(context.t("present.following"))
    if context.is_facilitator:
        shared = nav.toggle(context.t("present.share"), value=status.presented is not None,
                            help=context.t("present.share_help"), key=state.key("present_share"))
        wanted = STEPS[index] if shared else None
        if wanted != status.presented:
            done = attempt(context, lambda: context.present_step(wanted))
            if isinstance(done, Refused):
                st.error(message(done.problem, context.language))
    st.query_params[STEP_PARAM] = STEPS[index]
    return STEPS[index]


def _slide(body: str) -> None:
    st.html(f'<style>{SLIDE_CSS}</style><div class="pc-slide">{body}</div>')


def join_slide(context: PageContext) -> None:
    """The QR code and the participant link, as large as the screen allows.  An observer's
    screen shows their own read-only link: the participant link is the board's id, which an
    observer must not learn."""
    if context.role != OBSERVER:
        link, title = board_link(context.board_id), "present.join_title"
    else:
        link, title = board_link(view=context.workshop.observer_id), "present.watch_title"
    picture = base64.b64encode(qr_png(link, scale=16)).decode("ascii")
    _slide(f'<div class="pc-join" data-testid="pc-join">'
           f'<img src="data:image/png;base64,{picture}" '
           f'alt="{html.escape(context.t("workshop.scan_to_join"))}">'
           f'<div><p>{html.escape(context.t(title))}</p>'
           f"<code>{html.escape(link)}</code></div></div>")


def progress_slide(context: PageContext, board: Board) -> bool:
    """The three dimension scores, what was gained and the worth-it verdict, in large type,
    for the scope the progress page opens with; False when there is nothing to show."""
    language = context.language
    scope = scope_options(board)[0]
    views = views_in(board, scope)
    if not views:
        return False
    scores = scores_of(views)
    names = persona_names(board, language)
    persona = persona_of(scope)
    tiles = "".join(
        f'<div class="pc-tile" data-testid="pc-score-{dimension}"><b>'
        f'{"–" if scores[dimension] is None else format_number(scores[dimension], language, 0)}'
        f"</b><span>{html.escape(context.t(f'progress.dimension.{dimension}'))}</span></div>"
        for dimension in DIMENSIONS)
    gains = "".join(
        f'<div class="pc-gain"><b>{html.escape(headline(view, language))}</b>'
        f"<span>{html.escape(view.metric.name)}</span>"
        f"<i>{html.escape(share_sentence(view, language))}</i></div>"
        for view in leading(views))
    body = (f"<h2>{html.escape(context.t('present.progress_for', persona=names[persona]))}</h2>"
            f'<div class="pc-tiles">{tiles}</div><div class="pc-gains">{gains}</div>')
    worth = worth_of(board, persona)
    verdict = judge(views, worth).verdict if worth is not None else None
    if verdict is not None:
        body += (f'<div class="pc-verdict pc-verdict-{verdict.verdict}" data-testid="pc-verdict">'
                 f"<b>{html.escape(context.t(f'present.verdict.{verdict.verdict}'))}</b>"
                 + html.escape(context.t("present.verdict_sums",
                                         benefit=money(verdict.benefit, worth, language),
                                         cost=money(verdict.cost, worth, language)))
                 + "</div>")
    _slide(body)
    return True


def funnel_slide(context: PageContext, scenario_name: str, plan: Plan) -> None:
    """The plan's sentence in large type and what a suspect is, beside the funnel."""
    vocabulary = stage_vocabulary(context.language)
    chart = drawn_svg(slide_funnel, plan, vocabulary.stage_names, context.language)
    _slide(f'<div class="pc-funnel"><div><h2>{html.escape(scenario_name)}</h2>'
           f'<p class="pc-sentence">{html.escape(plan_sentence(plan, context.language))}</p>'
           f'<p class="pc-note">{html.escape(vocabulary.stage_names["suspect"])}: '
           f'{html.escape(vocabulary.stage_meanings["suspect"])}</p></div>'
           f'<figure><img data-testid="pc-funnel" alt="" '
           f'src="data:image/svg+xml;base64,{base64.b64encode(chart.encode()).decode()}">'
           "</figure></div>")


def slide_funnel(plan: Plan, stage_names: dict[str, str], language: str):
    """The funnel page's chart at a fixed width, to be scaled to the screen as SVG."""
    return funnel_chart(plan, stage_names, language).properties(width=720)

