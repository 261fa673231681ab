"""Live workshops: links per role with a QR code, lock and timer, and the live panel.

The live panel is the one top-level ``st.fragment(run_every=…)`` of every page (drawn after
the page by :func:`finish_page`, in the place :func:`components.widgets.shell.page` kept for
it).  Each tick reads the board's pulse (revision, lock, timer, who is here) from memory:
the process looks it up once per board and second for all its tabs
(:mod:`components.board.watch`); only when the revision moved does it rerun the whole
page, so an unchanged board costs almost nothing and forms keep what is typed in them
(Streamlit keeps widget values across reruns).  Every ~10 seconds, or at once when the
name changed, it refreshes this viewer's presence.  The other panels read the workshop
state once per run, from ``context.workshop``.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import secrets
import time

import pandas as pd
import segno
import streamlit as st

from components.board.engine import unavailable
from components.board.model import Board
from components.board.operations import Add
from components.board.refusals import BoardNotFound
from components.board.votes import votable, vote_counts
from components.errors import message
from components.widgets import state
from components.widgets.boards import board_link
from components.widgets.boundary import guard
from components.widgets.editing import save
from components.widgets.shell import DATABASE_ERRORS, PageContext, take_live_panel

CHECK_SECONDS = 1.0
PRESENCE_REFRESH_SECONDS = 10.0


def links_panel(context: PageContext) -> None:
    """The board's links for this viewer's role; facilitators get all three and a QR code."""
    loaded = context.loaded
    if not context.is_facilitator:
        if context.can_edit:
            st.text_input(context.t("workshop.participant_link"), board_link(loaded.id),
                          disabled=True, help=context.t("home.link_help"))
        return
    participant = board_link(loaded.id)
    link_col, qr_col = st.columns([3, 1])
    with link_col:
        st.text_input(context.t("workshop.participant_link"), participant, disabled=True,
                      help=context.t("workshop.participant_help"))
        if context.facilitator_key:
            st.text_input(context.t("workshop.facilitator_link"),
                          board_link(loaded.id, key=context.facilitator_key), disabled=True,
                          help=context.t("workshop.facilitator_help"))
        else:  # the admin: the key was given to the board's creator, the server keeps none
            st.caption(context.t("workshop.facilitator_link_unknown"))
        st.text_input(context.t("workshop.observer_link"),
                      board_link(view=context.workshop.observer_id), disabled=True,
                      help=context.t("workshop.observer_help"))
    with qr_col:
        st.image(qr_png(participant), caption=context.t("workshop.scan_to_join"),
                 width="stretch")


def qr_png(url: str) -> bytes:
    """A QR code of the join link, big enough to scan from a projected screen."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=12, border=2)
    return buffer.getvalue()


def facilitator_controls(context: PageContext) -> None:
    """Lock the board and run the shared countdown (facilitator only; the store checks)."""
    if not context.is_facilitator:
        return
    status = context.workshop
    lock_col, timer_col = st.columns(2)
    with lock_col:
        label = "workshop.unlock" if status.locked else "workshop.lock"
        if st.button(context.t(label), icon=":material/lock:"):
            save(context, None, lambda: context.set_locked(not status.locked),
                 context.t("workshop.unlocked" if status.locked else "workshop.locked"))
    with timer_col:
        minutes = st.number_input(context.t("workshop.timer_minutes"), 1, 120, 5)
        start_col, stop_col = st.columns(2)
        if start_col.button(context.t("workshop.timer_start"), icon=":material/timer:"):
            save(context, None, lambda: context.start_timer(int(minutes * 60)),
                 context.t("workshop.timer_started", minutes=int(minutes)))
        if status.timer_ends_at and stop_col.button(context.t("workshop.timer_stop")):
            save(context, None, lambda: context.start_timer(None),
                 context.t("workshop.timer_stopped"))


def brainstorm_controls(context: PageContext) -> None:
    """Silent brainstorm and dot vote: the facilitator starts and ends them."""
    if not context.is_facilitator:
        return
    status = context.workshop
    silent_col, vote_col = st.columns(2)
    with silent_col:
        if status.silent:
            if st.button(context.t("workshop.reveal"), icon=":material/visibility:",
                         type="primary"):
                save(context, None, lambda: context.set_silent(False),
                     context.t("workshop.revealed"))
        elif st.button(context.t("workshop.silent_start"), icon=":material/visibility_off:",
                       help=context.t("workshop.silent_help")):
            save(context, None, lambda: context.set_silent(True),
                 context.t("workshop.silent_started"))
    with vote_col:
        if status.vote_dots:
            if st.button(context.t("workshop.vote_close"), icon=":material/how_to_vote:"):
                save(context, None, lambda: context.open_vote(None),
                     context.t("workshop.vote_closed"))
        else:
            dots = st.number_input(context.t("workshop.vote_dots"), 1, 20, 3)
            if st.button(context.t("workshop.vote_open"), icon=":material/how_to_vote:"):
                save(context, None, lambda: context.open_vote(int(dots)),
                     context.t("workshop.vote_opened", dots=int(dots)))


def voter(context: PageContext) -> str:
    """Who places this viewer's dots (every vote panel and the canvas ask here): the public
    id of their browser, whatever name they typed; the store signs each dot with it."""
    return context.person.id


def vote_panel(context: PageContext) -> None:
    """Place dots while a vote is open; the ranked results and their CSV at any time."""
    board = context.loaded.board
    status = context.workshop
    options = votable(board)
    if status.vote_dots and context.can_edit and options:
        used = sum(1 for vote in board.votes if vote.voter == voter(context))
        left = status.vote_dots - used
        st.caption(context.t("workshop.dots_left", left=left, dots=status.vote_dots))
        if left > 0:
            with st.form(state.key("vote")):
                target = st.selectbox(context.t("workshop.vote_for"), list(options),
                                      format_func=options.get)
                if st.form_submit_button(context.t("workshop.place_dot"), icon=":material/circle:"):
                    # the store signs the dot with this browser's id (one voter per person)
                    save(context, None, [Add("votes", {"target": target})],
                         context.t("workshop.dot_placed"))
    results = vote_results(board, options, context)
    if not results.empty:
        st.dataframe(results, hide_index=True, width="stretch")
        st.download_button(context.t("workshop.votes_csv"), lambda: results.to_csv(index=False),
                           file_name="votes.csv", mime="text/csv", icon=":material/download:",
                           on_click="ignore")


def vote_results(board: Board, options: dict[str, str], context: PageContext) -> pd.DataFrame:
    """Dots per item, most first, with the column names in the viewer's language."""
    rows = [{context.t("workshop.vote_item"): options.get(target, target),
             context.t("workshop.vote_count"): count} for target, count in vote_counts(board)]
    return pd.DataFrame(rows)


@st.fragment(run_every=CHECK_SECONDS)
def live_panel(context: PageContext) -> None:
    """Who is here, the countdown, and a rerun of the page when the board changed (inside the
    page boundary: the fragment reruns on its own, outside the page's run)."""
    with guard():
        _live(context)


def _live(context: PageContext) -> None:
    seen = context.loaded.revision
    try:
        status = context.workshop_now()
        if status.revision > seen:  # (a pulse read just before the page's run is older)
            st.rerun(scope="app")
        me = _refresh_presence(context)
        names = context.here_now()
        if me not in names:  # here since the pulse was read
            names = sorted([*names, me], key=str.casefold)
    except BoardNotFound:
        st.rerun(scope="app")  # deleted meanwhile: the page says so
    except DATABASE_ERRORS as error:
        trouble = unavailable(error)
        if trouble is None:
            raise
        st.warning(message(trouble, context.language), icon=":material/cloud_off:")
        return
    st.html(_presence_html(names, context))
    if status.locked:
        st.caption(context.t("workshop.locked_note"))
    if status.timer_ends_at:
        left = (status.timer_ends_at - dt.datetime.now(dt.UTC)).total_seconds()
        st.html(_timer_html(left, context))


def finish_page() -> None:
    """Draw the page's one live fragment (reruns on changes, presence, timer), last.

    Last, because the fragment remembers the revision this run drew: a run cut short (a
    live tick can interrupt a full rerun) never registers it, so the previous fragment keeps
    seeing the board as changed and reruns the page again until one run completes.
    ``app.py`` calls this after the page, in the place ``shell.page`` kept for it; it does
    nothing when no board is open.
    """
    reserved = take_live_panel()
    if reserved is None:
        return
    context, slot = reserved
    with slot:
        live_panel(context)


def _refresh_presence(context: PageContext) -> str:
    """Tell the board this viewer is here: every ~10 s, and at once when the name changed.
    Returns the name they are here by."""
    session = st.session_state.setdefault(state.SESSION, secrets.token_hex(8))
    name = context.person.name or context.t("workshop.guest", number=session[:4])
    board_id, sent_name, sent_at = st.session_state.get(state.PRESENCE, (None, None, 0.0))
    if ((board_id, sent_name) == (context.board_id, name)
            and time.monotonic() - sent_at < PRESENCE_REFRESH_SECONDS):
        return name
    context.say_here(session, name)
    st.session_state[state.PRESENCE] = (context.board_id, name, time.monotonic())
    return name


def _presence_html(names: list[str], context: PageContext) -> str:
    avatars = "".join(
        f'<span class="pc-avatar" title="{html.escape(name)}">'
        f"{html.escape(_initials(name))}</span>" for name in names[:30])
    return (
        "<style>.pc-avatar{display:inline-flex;align-items:center;justify-content:center;"
        "width:2rem;height:2rem;border-radius:50%;background:#3b5bdb;color:#fff;"
        "font:600 .8rem sans-serif;margin:0 .25rem .25rem 0}</style>"
        f'<div aria-label="{html.escape(context.t("workshop.here_now"))}">'
        f'<div style="font-size:.8rem;color:#666">{html.escape(context.t("workshop.here_now"))}'
        f" ({len(names)})</div>{avatars}</div>"
    )


def _initials(name: str) -> str:
    parts = name.split()
    return ("".join(part[0] for part in parts[:2]) or "?").upper()


def _timer_html(seconds_left: float, context: PageContext) -> str:
    if seconds_left <= 0:
        return (f'<div role="alert" style="font:700 1.4rem sans-serif;color:#c92a2a">'
                f"⏰ {html.escape(context.t('workshop.time_up'))}</div>")
    minutes, seconds = divmod(int(seconds_left), 60)
    return (f'<div style="font:700 2rem monospace" aria-live="polite">'
            f"⏱ {minutes:02d}:{seconds:02d}</div>")
