"""Live workshops: the workshop bar on every page, the facilitator's controls, joining, voting.

The **workshop bar** sits at the top of every page's main area, for everyone on the board: the
shared countdown (large, red in its last minute, "time is up" for a short while and then
gone), the open dot vote with the dots this viewer has left, the silent brainstorm, the lock,
the presentation participants may follow, and who is here.  It is drawn by the page's one
top-level ``st.fragment(run_every=…)`` (:func:`_panel`, drawn after the page by
:func:`finish_page`, in the place :func:`components.widgets.shell.page` kept for it), so the
timer and the chips follow the board every second without rerunning the page (twice a
second while the board is being worked on: :func:`next_tick`).  Each tick
reads the board's pulse (revision, lock, timer, vote, silence, presented step, who is here)
from memory: the process looks it up once per board and half second for all its tabs
(:mod:`components.board.watch`).  Only when the revision moved does it rerun the whole page
(locking, voting and every facilitator action move it), so an unchanged board costs almost
nothing and forms keep what is typed in them.  Every ~10 seconds, or at once when the name
changed, it refreshes this viewer's presence.  The other panels read the workshop state
once per run, from ``context.workshop``.

The **facilitator's controls** (timer, silent brainstorm, dot vote, lock) are one menu at the
end of the bar (:func:`facilitator_menu`), each offered only when it applies: Stop only while
a timer runs (the bar reruns the page once when the timer ends, so Stop goes away).  They
are drawn with the page, outside the fragment, so the menu stays open while the bar ticks.

**Voting** happens where the items are: on the canvas's cards (the canvas component), and on
the progress and funnel pages for their metrics and scenarios (:func:`vote_strip`); the
boards page lists the results (:func:`vote_results_panel`).  :func:`voter` is the one place
that names who places this viewer's dots.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import secrets
import time
from dataclasses import dataclass

import pandas as pd
import segno
import streamlit as st

from components.board import watch
from components.board.engine import unavailable
from components.board.model import Board
from components.board.operations import Add, Delete
from components.board.refusals import BoardNotFound
from components.board.store import Workshop
from components.board.votes import votable, votable_on, vote_counts
from components.errors import message
from components.widgets import state
from components.widgets.boards import board_link
from components.widgets.boundary import guard
from components.widgets.editing import save
from components.widgets.shell import (
    DATABASE_ERRORS,
    PAGES,
    PageContext,
    escape_markdown,
    take_live_panel,
)

CHECK_SECONDS = 1.0
#: While the board is being worked on (this viewer saw it change in the last
#: :data:`BUSY_SECONDS`), the bar ticks this often: in a brainstorm a card reaches the room
#: in about half a second; a quiet board goes back to one tick a second (half the idle cost).
BUSY_CHECK_SECONDS = watch.INTERVAL
BUSY_SECONDS = 30.0
PRESENCE_REFRESH_SECONDS = 10.0
#: The timer turns red for its last minute; "time is up" shows this long after the end.
LAST_MINUTE_SECONDS = 60
TIME_UP_SECONDS = 30


# --- the bar -----------------------------------------------------------------------------------

def finish_page() -> None:
    """Draw the page's workshop bar: its live fragment and the facilitator's menu, last.

    Last, because the fragment remembers the revision this run drew: a run cut short (a
    live tick can interrupt a full rerun) never registers it, so the previous fragment keeps
    seeing the board as changed and reruns the page again until one run completes.
    ``app.py`` calls this after the page, in the place ``shell.page`` kept for it at the top
    of the main area; it does nothing when no board is open.
    """
    reserved = take_live_panel()
    if reserved is None:
        return
    context, slot, presenting = reserved
    running = timer_left(context.workshop) is not None
    tick = next_tick(st.session_state.get(state.LIVE), context.board_id,
                     context.loaded.revision, time.monotonic())
    st.session_state[state.LIVE] = tick
    live_panel = _BUSY_PANEL if tick.busy else _QUIET_PANEL
    with slot, st.container(horizontal=True, vertical_alignment="center", gap="small",
                            key=state.key("workshop_bar")):
        live_panel(context, running, presenting, tick)
        if context.is_facilitator and not presenting:
            facilitator_menu(context)


@dataclass(frozen=True)
class Tick:
    """What the live tick of a session goes by: the board and revision its last run drew,
    and until when (``time.monotonic()``) the room counts as busy (0: quiet)."""

    board_id: str
    revision: int
    busy_until: float = 0.0

    @property
    def busy(self) -> bool:
        return self.busy_until > 0


def next_tick(last: Tick | None, board_id: str, revision: int, now: float) -> Tick:
    """The tick of a run that draws ``board_id`` at ``revision``: busy for
    :data:`BUSY_SECONDS` after this viewer saw the board change, else quiet.

    >>> next_tick(Tick("b", 4), "b", 5, now=100.0).busy_until
    130.0
    >>> next_tick(Tick("b", 5, busy_until=130.0), "b", 5, now=131.0).busy
    False
    """
    if last is None or last.board_id != board_id:
        return Tick(board_id, revision)
    if last.revision != revision:
        return Tick(board_id, revision, now + BUSY_SECONDS)
    return Tick(board_id, revision, last.busy_until if now < last.busy_until else 0.0)


def _panel(context: PageContext, timer_drawn: bool, presenting: bool, tick: Tick) -> None:
    """The bar's live part: timer, vote, silence, lock, presentation, presence; a rerun of
    the page when the board changed (or, for the facilitator, when the timer ended, or when
    a busy room went quiet: the tick slows down).  Inside the page boundary: the fragment
    reruns on its own, outside the page's run."""
    with guard():
        _live(context, timer_drawn, presenting, tick)


# The page's one top-level fragment, ticking at the pace of the room (one of the two per run).
_QUIET_PANEL = st.fragment(_panel, run_every=CHECK_SECONDS)
_BUSY_PANEL = st.fragment(_panel, run_every=BUSY_CHECK_SECONDS)


def _live(context: PageContext, timer_drawn: bool, presenting: bool, tick: Tick) -> None:
    seen = context.loaded.revision
    names: list[str] = []
    try:
        status = context.workshop_now()
        if status.revision > seen:  # (a pulse read just before the page's run is older)
            st.rerun(scope="app")
        if tick.busy and time.monotonic() >= tick.busy_until:
            st.rerun(scope="app")  # quiet again: one tick a second
        if context.is_facilitator and timer_drawn and timer_left(status) is None:
            st.rerun(scope="app")  # the menu offers Start again, not Stop
        if not presenting:
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
    st.html(bar_html(context, status, names, presenting))
    if status.presented and not presenting and not context.is_facilitator:
        st.page_link(PAGES["present"], label=context.t("workshop.bar.follow"),
                     icon=":material/slideshow:")


def timer_left(status: Workshop, now: dt.datetime | None = None) -> float | None:
    """Seconds left on the shared countdown; None when none runs (stopped or ended)."""
    if status.timer_ends_at is None:
        return None
    left = (status.timer_ends_at - (now or dt.datetime.now(dt.UTC))).total_seconds()
    return left if left > 0 else None


def bar_html(context: PageContext, status: Workshop, names: list[str],
             presenting: bool) -> str:
    """The bar as one HTML block: every text from the catalogs or typed names, escaped."""
    chips = [_timer_html(status, context)]
    if not presenting:
        chips += [_vote_chip(context, status), _silent_chip(context, status),
                  _lock_chip(context, status), _presented_chip(context, status)]
    shown = "".join(chip for chip in chips if chip)
    people = "" if presenting else _presence_html(names, context)
    return (f"<style>{BAR_CSS}</style>"
            f'<div class="pc-bar" data-testid="pc-workshop-bar" role="status" '
            f'aria-label="{html.escape(context.t("workshop.panel"))}">'
            f'<div class="pc-chips">{shown}</div>{people}</div>')


#: The bar's look; its live part takes a line of its own above the menu on a phone.
BAR_CSS = (f".st-key-{state.key('workshop_bar')}>div:first-child{{flex:1 1 20rem}}" + """
.pc-bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;
 gap:.4rem 1rem;font-family:inherit;min-height:1px}
.pc-chips{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem .6rem}
.pc-chip{display:inline-flex;align-items:center;gap:.35rem;padding:.3rem .7rem;
 border-radius:1rem;font-size:.95rem;line-height:1.3;background:#eef2ff;color:#1e3a8a}
.pc-chip-vote{background:#ede9fe;color:#4c1d95}
.pc-chip-silent{background:#fef3c7;color:#78350f}
.pc-chip-lock{background:#fee2e2;color:#7f1d1d;font-weight:700}
.pc-mark{flex:none;width:.7rem;height:.7rem;border-radius:50%;background:currentColor}
.pc-mark-lock{border-radius:.15rem}
.pc-mark-silent{background:transparent;border:.15rem solid currentColor}
.pc-timer{font:700 2.4rem/1.1 ui-monospace,"SFMono-Regular",Menlo,monospace;color:#111827;
 padding:.1rem .6rem;letter-spacing:.02em;border:2px solid currentColor;border-radius:.6rem}
.pc-timer-last{color:#c92a2a}
.pc-time-up{font-weight:700;font-size:1.6rem;line-height:1.2;color:#c92a2a;
 padding:0 .4rem}
.pc-people{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem}
.pc-people-label{font-size:.8rem;color:#555;margin-right:.25rem}
.pc-avatar{display:inline-flex;align-items:center;justify-content:center;width:2rem;
 height:2rem;border-radius:50%;background:#3b5bdb;color:#fff;font:600 .8rem sans-serif}
""")


def _timer_html(status: Workshop, context: PageContext) -> str:
    left = timer_left(status)
    if left is None:
        ended = status.timer_ends_at
        since = (dt.datetime.now(dt.UTC) - ended).total_seconds() if ended else None
        if since is None or since > TIME_UP_SECONDS:
            return ""
        return (f'<span class="pc-time-up" role="alert" data-testid="pc-time-up">'
                f"{html.escape(context.t('workshop.time_up'))}</span>")
    minutes, seconds = divmod(int(left + 0.999), 60)
    last = " pc-timer-last" if left <= LAST_MINUTE_SECONDS else ""
    label = html.escape(context.t("workshop.bar.timer"))
    return (f'<span class="pc-timer{last}" data-testid="pc-timer" aria-label="{label}" '
            f'title="{label}">{minutes:02d}:{seconds:02d}</span>')


def _chip(kind: str, text: str) -> str:
    return (f'<span class="pc-chip pc-chip-{kind}" data-testid="pc-chip-{kind}">'
            f'<i class="pc-mark pc-mark-{kind}" aria-hidden="true"></i>{html.escape(text)}</span>')


def _vote_chip(context: PageContext, status: Workshop) -> str:
    if not status.vote_dots:
        return ""
    if not context.can_edit:
        return _chip("vote", context.t("workshop.bar.vote_watch"))
    left = dots_left(context)
    if not left:
        return _chip("vote", context.t("workshop.bar.vote_used"))
    return _chip("vote", context.t("workshop.bar.vote", count=left))


def _silent_chip(context: PageContext, status: Workshop) -> str:
    if not status.silent:
        return ""
    if context.is_facilitator:
        hidden = context.loaded.hidden
        return _chip("silent", context.t("workshop.bar.silent_facilitator", count=hidden)
                     if hidden else context.t("workshop.bar.silent_running"))
    text = context.t("workshop.bar.silent")
    if context.loaded.hidden:
        text += " " + context.t("workshop.hidden_items", count=context.loaded.hidden)
    return _chip("silent", text)


def _lock_chip(context: PageContext, status: Workshop) -> str:
    if not status.locked:
        return ""
    return _chip("lock", context.t("workshop.bar.locked_facilitator"
                                        if context.is_facilitator else "workshop.bar.locked"))


def _presented_chip(context: PageContext, status: Workshop) -> str:
    if not status.presented or context.is_facilitator:
        return ""
    return _chip("present", context.t("workshop.bar.presenting",
                                           step=context.t(f"present.step.{status.presented}")))


def _presence_html(names: list[str], context: PageContext) -> str:
    label = html.escape(context.t("workshop.here_now"))
    avatars = "".join(
        f'<span class="pc-avatar" title="{html.escape(name)}">'
        f"{html.escape(_initials(name))}</span>" for name in names[:30])
    return (f'<div class="pc-people" aria-label="{label}">'
            f'<span class="pc-people-label">{label} ({len(names)})</span>{avatars}</div>')


def _initials(name: str) -> str:
    parts = name.split()
    return ("".join(part[0] for part in parts[:2]) or "?").upper()


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


# --- the facilitator's menu --------------------------------------------------------------------

def facilitator_menu(context: PageContext) -> None:
    """Timer, silent brainstorm, dot vote, lock and the presentation in one menu, each only when
    it applies (Stop while a timer runs, Reveal during a silent brainstorm …)."""
    status = context.workshop
    with st.popover(context.t("workshop.menu"), icon=":material/tune:",
                    key=state.key("workshop_menu")):
        if timer_left(status) is not None:
            if st.button(context.t("workshop.timer_stop"), icon=":material/timer_off:",
                         key=state.key("workshop_timer_stop")):
                save(context, None, lambda: context.start_timer(None),
                     context.t("workshop.timer_stopped"))
        else:
            minutes = _number_to_start(context, "timer_minutes", (1, 120, 5), "timer_start",
                                       ":material/timer:")
            if minutes:
                save(context, None, lambda: context.start_timer(minutes * 60),
                     context.t("workshop.timer_started", count=minutes))
        if status.silent:
            if st.button(context.t("workshop.reveal"), icon=":material/visibility:",
                         type="primary", key=state.key("workshop_reveal")):
                save(context, None, lambda: context.set_silent(False),
                     context.t("workshop.revealed"))
        elif st.button(context.t("workshop.silent_start"), icon=":material/visibility_off:",
                       help=context.t("workshop.silent_help"), key=state.key("workshop_silent")):
            save(context, None, lambda: context.set_silent(True),
                 context.t("workshop.silent_started"))
        if status.vote_dots:
            if st.button(context.t("workshop.vote_close"), icon=":material/how_to_vote:",
                         key=state.key("workshop_vote_close")):
                save(context, None, lambda: context.open_vote(None),
                     context.t("workshop.vote_closed"))
        else:
            dots = _number_to_start(context, "vote_dots", (1, 20, 3), "vote_open",
                                    ":material/how_to_vote:")
            if dots:
                save(context, None, lambda: context.open_vote(dots),
                     context.t("workshop.vote_opened", count=dots))
        locked = status.locked
        if st.button(context.t("workshop.unlock" if locked else "workshop.lock"),
                     icon=":material/lock_open:" if locked else ":material/lock:",
                     key=state.key("workshop_lock")):
            save(context, None, lambda: context.set_locked(not locked),
                 context.t("workshop.unlocked" if locked else "workshop.locked"))
        st.page_link(PAGES["present"], label=context.t("present.open"),
                     icon=":material/slideshow:")
        if status.presented and st.button(context.t("workshop.stop_following"),
                                          icon=":material/cancel_presentation:",
                                          key=state.key("workshop_stop_following")):
            save(context, None, lambda: context.present_step(None),
                 context.t("workshop.stopped_following"))


def _number_to_start(context: PageContext, number: str, bounds: tuple[int, int, int],
                     start: str, icon: str) -> int | None:
    """A number (``bounds``: lowest, highest, default) beside the button that starts something
    with it (the timer's minutes, the vote's dots): the number once the button is pressed,
    else None.  ``number`` and ``start`` name the labels under ``workshop.`` and the keys."""
    with st.container(horizontal=True, vertical_alignment="bottom"):
        value = int(st.number_input(context.t(f"workshop.{number}"), *bounds,
                                    key=state.key(f"workshop_{number}")))
        pressed = st.button(context.t(f"workshop.{start}"), icon=icon,
                            key=state.key(f"workshop_{start}"))
    return value if pressed else None


# --- joining -----------------------------------------------------------------------------------

def links_panel(context: PageContext) -> None:
    """How to join: for the facilitator a QR code and the participant link large enough to
    scan and read from the back of a room, and the three links with copy buttons; for a
    participant their link to share."""
    loaded = context.loaded
    participant = board_link(loaded.id)
    if not context.is_facilitator:
        if context.role != "observer":
            _copyable(context.t("workshop.participant_link"), participant,
                      context.t("home.link_help"))
        return
    st.subheader(context.t("workshop.join_title"), anchor=False)
    qr_col, links_col = st.columns([2, 3], gap="large")
    with qr_col:
        st.image(qr_png(participant), caption=context.t("workshop.scan_to_join"), width=360)
    with links_col:
        st.html(f'<div class="pc-join-link" data-testid="pc-join-link" style="font:700 1.6rem/1.3 '
                f'ui-monospace,Menlo,monospace;overflow-wrap:anywhere;margin:.2rem 0 .6rem">'
                f"{html.escape(participant)}</div>")
        _copyable(context.t("workshop.participant_link"), participant,
                  context.t("workshop.participant_help"))
        if context.facilitator_key:
            _copyable(context.t("workshop.facilitator_link"),
                      board_link(loaded.id, key=context.facilitator_key),
                      context.t("workshop.facilitator_help"))
        else:  # the admin: the key was given to the board's creator, the server keeps none
            st.caption(context.t("workshop.facilitator_link_unknown"))
        _copyable(context.t("workshop.observer_link"),
                  board_link(view=context.workshop.observer_id),
                  context.t("workshop.observer_help"))
        st.page_link(PAGES["present"], label=context.t("workshop.project_join"),
                     icon=":material/qr_code_2:", query_params={"step": "join"})


def _copyable(label: str, link: str, help_text: str) -> None:
    """A link with its label and a copy button (Streamlit's code block has one)."""
    st.markdown(f"**{escape_markdown(label)}**", help=help_text)
    st.code(link, language=None, wrap_lines=True)


def qr_png(url: str, scale: int = 12) -> bytes:
    """A QR code of the join link, big enough to scan from a projected screen."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


# --- voting ------------------------------------------------------------------------------------

def voter(context: PageContext) -> str:
    """Who places this viewer's dots (the bar, every vote strip and the canvas ask here): the
    public id of their browser, whatever name they typed; the store signs each dot with it."""
    return context.person.id


def my_votes(context: PageContext) -> dict[str, list[str]]:
    """This viewer's dots on the open board: target -> the ids of their votes on it."""
    me = voter(context)
    mine: dict[str, list[str]] = {}
    for vote in context.loaded.board.votes:
        if vote.voter == me:
            mine.setdefault(vote.target, []).append(vote.id)
    return mine


def dots_left(context: PageContext) -> int:
    """How many dots this viewer may still place in the open vote (0 when none is open)."""
    dots = context.workshop.vote_dots or 0
    return max(0, dots - sum(len(ids) for ids in my_votes(context).values()))


def vote_strip(context: PageContext, page: str) -> None:
    """While a dot vote is open: every item of ``page`` (``progress``: the metrics,
    ``funnel``: the scenarios) with its dots, a button to place one and one to take a dot of
    this viewer's back.  Votes go through the write door like every change."""
    board = context.loaded.board
    options = votable_on(board, page)
    if not context.workshop.vote_dots or not options:
        return
    counts = dict(vote_counts(board))
    mine = my_votes(context)
    left = dots_left(context)
    may_vote = context.can_edit  # not observers, nor anyone but the facilitator when locked
    with st.container(border=True, key=state.key("vote", page)):
        st.markdown(f"**{context.t(f'workshop.vote_here.{page}')}**")
        if not may_vote:
            st.caption(context.t("workshop.bar.vote_watch"))
        row = st.container(horizontal=True, gap="small")
        for target, text in options.items():
            with row.container(border=True, horizontal=True, width="content",
                               vertical_alignment="center", gap="small",
                               key=state.key("vote_item", target)):
                st.markdown(f"{escape_markdown(text)} · ● {counts.get(target, 0)}")
                if st.button(context.t("workshop.dot"), icon=":material/add:",
                             key=state.key("vote_place", target),
                             disabled=not may_vote or left <= 0,
                             help=context.t("workshop.place_dot_on",
                                            item=escape_markdown(text))):
                    # the store signs the dot with this browser's id (one voter per person)
                    save(context, None, [Add("votes", {"target": target})],
                         context.t("workshop.dot_placed"), flash_as="toast")
                if mine.get(target) and st.button(
                        "−", key=state.key("vote_take", target), disabled=not may_vote,
                        help=context.t("workshop.take_dot_from", item=escape_markdown(text))):
                    save(context, None, [Delete(mine[target][-1], context.loaded.revision)],
                         context.t("workshop.dot_taken"), flash_as="toast")


def vote_results_panel(context: PageContext) -> None:
    """The ranked results of the dot vote and their CSV (voting happens where the items are)."""
    board = context.loaded.board
    results = vote_results(board, votable(board), context)
    if results.empty:
        st.caption(context.t("workshop.no_votes"))
        return
    st.dataframe(results, hide_index=True, width="stretch")
    st.download_button(context.t("workshop.votes_csv"), lambda: results.to_csv(index=False),
                       file_name="votes.csv", mime="text/csv", icon=":material/download:",
                       on_click="ignore")


def vote_results(board: Board, options: dict[str, str], context: PageContext) -> pd.DataFrame:
    """Dots per item, most first, with the column names in the viewer's language."""
    rows = [{context.t("workshop.vote_item"): options.get(target, target),
             context.t("workshop.vote_count"): count} for target, count in vote_counts(board)]
    return pd.DataFrame(rows)
