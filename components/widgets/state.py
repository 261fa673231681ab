"""Every session-state key of Progress Canvas, and the one way to build a widget's key.

All keys start with :data:`PREFIX` (``pc_``), so the app's own entries are told apart from
Streamlit's at a glance and never collide with a library's.  The app's values:

- ``BOARD``: the link parameters of the open board (board, key, view), so the board and the
  viewer's role survive page switches (the URL carries them too).
- ``LANGUAGE``: the viewer's own language choice; unset means "follow the board".
  ``LANGUAGE_SELECT`` is the sidebar's select box that sets it.
- ``AUTHOR``: the sidebar's field for the name this viewer signs changes with (the name
  itself is remembered in ``MEMORY``, so that it survives page switches, reloads and tabs).
- ``MEMORY``: what this browser remembers, as the session knows it: its participant id, the
  name, the boards it opened with their links (``components/widgets/memory.py``);
  ``MEMORY_SYNC`` is the component that keeps it in the browser's local storage.
- ``ADMIN``: True once the viewer opened the app with this server's admin key
  (``/?admin=<key>``): the boards page lists every board, and opens any as facilitator.
- ``FLASH``: messages to show once on the next run (after a rerun or a page switch);
  ``FLASHED`` the ones the last run showed (shown again when the browser's memory reruns
  the page at once, see ``shell._flash_again``).
- ``UNDO``: this viewer's last undoable action, an :class:`Undo` (see :func:`remember_undo`).
- ``SESSION``: a random id of this browser session, for presence.
- ``PRESENCE``: (board id, name, time) of this session's last presence refresh.
- ``FORMS``: form id -> (generation, base revision) of each open edit form: the revision its
  values were first drawn at, so a save after someone else's change is refused as a conflict
  (see ``components/widgets/editing.py``).
- ``CANVAS``: the interactive canvas's element key; its state holds the events the browser
  sent (``outbox``, see ``components/widgets/canvas/interactive.py``).
- ``CANVAS_ANSWERS``: what this session answered the canvas: the highest event done per
  browser canvas, the results of the last events, the revision of this viewer's own last
  change per item (so a quick second edit of one's own card is no conflict).
- ``LIVE``: the live tick's record of this session: a :class:`components.widgets.workshop.
  Tick` (the board and revision the last run drew, until when the room counts as busy).

Widgets are keyed with :func:`key` (``key("canvas", "edit_kind")`` is
``"pc_canvas_edit_kind"``), edit forms with :func:`form_id` (``form_id("home", "rename")`` is
``"pc_home_rename@"``; ``editing.open_form`` adds the generation, and the form's widgets are
``f"{form.key}_<name>"``).  A page's keys start with its tool's name: ``pc_canvas_…``,
``pc_funnel_…``, ``pc_progress_…``, ``pc_report_…``, ``pc_home_…``.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

PREFIX = "pc_"

BOARD = "pc_board"
LANGUAGE = "pc_language"
LANGUAGE_SELECT = "pc_language_select"
AUTHOR = "pc_author"
MEMORY = "pc_memory"
MEMORY_SYNC = "pc_memory_sync"
ADMIN = "pc_admin"
FLASH = "pc_flash"
FLASHED = "pc_flashed"
UNDO = "pc_undo"
SESSION = "pc_session"
PRESENCE = "pc_presence"
FORMS = "pc_forms"
CANVAS = "pc_canvas"
CANVAS_ANSWERS = "pc_canvas_answers"
LIVE = "pc_live"


def key(*parts: object) -> str:
    """The key of a widget or value: :data:`PREFIX` and the parts joined by ``_``.

    ``key("report_section", "canvas")`` -> ``"pc_report_section_canvas"``.
    """
    return PREFIX + "_".join(str(part) for part in parts)


def form_id(*parts: object) -> str:
    """The id of an edit form (``editing.open_form``): :func:`key` and ``@``, which never
    occurs in a record id, so no form's id starts another's.

    ``form_id("canvas_edit", "o1")`` -> ``"pc_canvas_edit_o1@"``.
    """
    return key(*parts) + "@"


# --- undo ------------------------------------------------------------------------------------

#: What an :class:`Undo` undoes: a deleted board (restored), a canvas change or a deleted
#: metric (both reverted as a new revision).
DELETED_BOARD, CANVAS_CHANGE, DELETED_METRIC = "deleted_board", "canvas_change", "deleted_metric"


@dataclass(frozen=True)
class Undo:
    """This viewer's last undoable action: ``what`` (one of the three above) on ``board_id``.

    ``label`` is what the undo button names (the board's title, what was done, the metric's
    name); ``revision`` the revision to revert (``None`` for a deleted board, which is
    restored instead).
    """

    what: str
    board_id: str
    label: str
    revision: int | None = None


def remember_undo(undo: Undo) -> None:
    """Offer ``undo`` from now on (it replaces whatever was offered before)."""
    st.session_state[UNDO] = undo


def undo_of(what: str, board_id: str | None = None) -> Undo | None:
    """The undo offered for ``what`` (on ``board_id``, when given), else None."""
    undo = st.session_state.get(UNDO)
    if isinstance(undo, Undo) and undo.what == what and board_id in (None, undo.board_id):
        return undo
    return None


def forget_undo() -> None:
    """Offer no undo any more (it was used)."""
    st.session_state.pop(UNDO, None)
