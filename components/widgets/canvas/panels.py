"""The panels around the canvas: persona choice, the tabs below it, discussion prompts and
downloads.  (The fit analysis is drawn on the canvas itself.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from components.board import store
from components.board.model import Board
from components.canvas import picture
from components.canvas.view import CanvasView, clean_item
from components.report import snapshot
from components.widgets import state
from components.widgets.canvas.edit import (
    PROMPTS_FORM,
    commit,
    keep_mine,
    offer_keep_mine,
    show_problems,
)
from components.widgets.canvas.landscape import chart_png, chart_svg, outcome_table
from components.widgets.editing import open_form
from components.widgets.shell import PageContext, escape_markdown
from components.widgets.tabs import open_tabs

if TYPE_CHECKING:
    from streamlit.elements.lib.mutable_tab_container import TabContainer

#: Discussion prompts of seed 002, in order; each is saved as an Answer with this key.
PROMPTS = ("understand_needs", "stakeholders", "resources")


def persona_choice(context: PageContext, board: Board) -> tuple[str, ...]:
    """Which personas the canvas shows: none chosen = all, one = filter, two = compare."""
    if not board.personas:
        return ()
    names = {p.id: p.name for p in board.personas}
    chosen = st.multiselect(context.t("canvas.personas.show"), list(names),
                            format_func=names.get, max_selections=2,
                            placeholder=context.t("canvas.personas.all"),
                            help=context.t("canvas.personas.help"),
                            key=state.key("canvas_personas"))
    return tuple(chosen)


#: The tabs below the picture, in order; "edit" only for viewers who can edit.
SECTIONS = ("edit", "landscape", "prompts", "export")
SECTION_KEY = state.key("canvas_section")


def section_tabs(context: PageContext) -> dict[str, TabContainer]:
    """Tabs below the picture by name: edit (not for viewers who cannot edit), opportunity
    landscape, discussion prompts, downloads; only the open one is drawn (see
    :mod:`components.widgets.tabs`).  Editors start on "edit", others on the landscape.
    """
    shown = SECTIONS if context.can_edit else SECTIONS[1:]
    return open_tabs(SECTION_KEY, {name: context.t(f"canvas.{name}.title") for name in shown},
                     context.language)


def prompts(context: PageContext) -> None:
    """The three discussion prompts of seed 002, each answer saved as an Answer record."""
    board = context.loaded.board
    answers = {answer.prompt: answer for answer in board.answers}
    if not context.can_edit:
        for prompt in PROMPTS:
            st.markdown(f"**{context.t(f'canvas.prompts.{prompt}')}**")
            st.markdown(escape_markdown(answers[prompt].text) if prompt in answers
                        else f"*{context.t('canvas.prompts.no_answer')}*")
        return
    form = open_form(context, PROMPTS_FORM)
    key = form.key
    again = keep_mine(form)
    with st.form(key):
        texts = {prompt: st.text_area(context.t(f"canvas.prompts.{prompt}"),
                                      answers[prompt].text if prompt in answers else "",
                                      help=context.t(f"canvas.prompts.{prompt}_help"),
                                      height=100,
                                      key=f"{key}_{prompt}")
                 for prompt in PROMPTS}
        submitted = st.form_submit_button(context.t("canvas.prompts.save"), icon=":material/save:")
    if not (submitted or again):
        return
    operations: list[store.Operation] = []
    for prompt, text in texts.items():
        data, problems = clean_item("answers", {"text": text})
        if problems:
            show_problems(context, problems)
            return
        if prompt in answers:
            if answers[prompt].text != data["text"]:
                operations.append(store.Update(answers[prompt].id, {"prompt": prompt, **data},
                                               form.base))
        elif data["text"]:
            operations.append(store.Add("answers", {"prompt": prompt, **data}))
    if not operations:
        st.info(context.t("canvas.edit.unchanged"))
        return
    if commit(context, form, operations, context.t("canvas.prompts.saved")):
        offer_keep_mine(context, form)


def exports(context: PageContext, view: CanvasView) -> None:
    """Downloads: the canvas as HTML and PNG, the chart as PNG/SVG, the table as CSV.

    The canvas PNG is drawn by the server's Chromium (see :mod:`components.report.snapshot`);
    without one the button is disabled and its help says why."""
    language = context.language
    columns = st.columns(5)
    columns[0].download_button(context.t("canvas.export.html"),
                               lambda: picture.document(view, language),
                               file_name="canvas.html", mime="text/html",
                               icon=":material/download:", key=state.key("canvas_export_html"),
                               on_click="ignore")
    columns[1].download_button(context.t("canvas.export.canvas_png"),
                               lambda: snapshot.html_to_png(picture.document(view, language)),
                               file_name="canvas.png", mime="image/png",
                               icon=":material/image:", key=state.key("canvas_export_canvas_png"),
                               disabled=snapshot.browser() is None, on_click="ignore",
                               help=context.t("canvas.export.canvas_png_help"))
    rated = bool(view.opportunities)
    columns[2].download_button(context.t("canvas.export.png"), lambda: chart_png(view, language),
                               file_name="opportunity-landscape.png", mime="image/png",
                               icon=":material/image:", key=state.key("canvas_export_png"),
                               disabled=not rated, on_click="ignore")
    columns[3].download_button(context.t("canvas.export.svg"), lambda: chart_svg(view, language),
                               file_name="opportunity-landscape.svg", mime="image/svg+xml",
                               icon=":material/image:", key=state.key("canvas_export_svg"),
                               disabled=not rated, on_click="ignore")
    columns[4].download_button(
        context.t("canvas.export.csv"),
        lambda: outcome_table(view, language, formatted=False).to_csv(index=False),
        file_name="outcomes.csv", mime="text/csv", icon=":material/table:",
        key=state.key("canvas_export_csv"), disabled=not rated, on_click="ignore")
    st.caption(context.t("canvas.export.picture_hint"))
