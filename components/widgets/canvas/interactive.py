"""The canvas on the page: one interactive element, and what people do on it.

The element is a Streamlit custom component (v2, no iframe) made of the script and style of
:mod:`components.canvas.picture`.  Python sends it data, never HTML: the canvas of
:func:`components.canvas.payload.payload` (cached by board, revision and view, so an unchanged
board costs one dictionary lookup per rerun) and, beside it, what belongs to this viewer alone
(:func:`viewer_data`): may they edit, the open dot vote and their dots, the answers to their
last actions.

What a person does on the canvas arrives as events (see :mod:`components.canvas.events` for
the list and canvas.js for the protocol) in the element's state ``outbox``.  The page calls
:func:`handle_events` right after :func:`~components.widgets.shell.page`: it does the first
event not answered yet through the page's write door (``editing.attempt``, with
``PageContext.apply`` or ``revert``: validation, the revision check, roles, the lock and the
silent brainstorm are the store's; a conflict or refusal comes back as data, worded as the
forms word it), notes the answer in the session (``state.CANVAS_ANSWERS``) and reruns, so the
canvas is drawn from the board as it is now; one event per run keeps each event checked
against the board that the events before it made.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from components.board.cache import derived
from components.board.operations import Delete, Move, Operation, Update
from components.board.refusals import Conflict
from components.board.votes import vote_counts
from components.canvas import events, picture
from components.canvas import view as canvas_view
from components.canvas.payload import payload
from components.canvas.view import CanvasInputError, CanvasView
from components.errors import Problem, message
from components.widgets import state
from components.widgets.canvas.edit import problem_sentence, store_error_sentence
from components.widgets.editing import Refused, attempt
from components.widgets.shell import PageContext
from components.widgets.workshop import my_votes, voter

#: Mount modes: editing on /canvas (for those who may), read-only and zoomed to the screen on
#: /present, read-only on /report.
EDIT, PRESENT, READ = "edit", "present", "read"
#: How many answers and browser canvases the session remembers.
RESULTS_KEPT = 30
CLIENTS_KEPT = 8

_canvas = st.components.v2.component("progress_canvas.canvas", css=picture.STYLE,
                                     js=picture.SCRIPT)


def _noop() -> None:
    """The element's state ``outbox`` needs a change callback; the page reads it itself."""


def view_of(context: PageContext, personas: Sequence[str] = ()) -> CanvasView:
    """The canvas view of the open board for these personas, in the viewer's language."""
    return _drawn(context, personas)[0]


def draw(context: PageContext, personas: Sequence[str] = (), mode: str = EDIT) -> None:
    """The canvas as one element, full width: the cached canvas data and this viewer's.

    The canvas data goes as JSON text made once per revision (the script parses it):
    Streamlit encodes an element's data as JSON on every rerun, and for a board of 5000
    items encoding the nested data took most of the rerun; one string encodes in a few
    milliseconds."""
    _, board_data = _drawn(context, personas)
    _canvas(key=state.CANVAS, data={"board": board_data, "viewer": viewer_data(context, mode)},
            default={"outbox": None}, on_outbox_change=_noop, width="stretch")


def _drawn(context: PageContext, personas: Sequence[str]) -> tuple[CanvasView, str]:
    """View and canvas data of the open board, built once per board revision (per viewer
    during a silent brainstorm), language and personas shown, shared by everyone who sees
    the same (:func:`components.board.cache.derived`): a frozen view and the canvas data as
    JSON text."""
    board, language = context.loaded.board, context.language

    def build() -> tuple[CanvasView, str]:
        view = canvas_view.build(board, canvas_view.prefixes(language), personas)
        return view, json.dumps(payload(view, dict(vote_counts(board)), language))

    return derived(context.loaded, "canvas", (language, tuple(personas)), build)


def viewer_data(context: PageContext, mode: str) -> dict[str, Any]:
    """What the canvas shows for this viewer alone: role, vote, answers to their events."""
    status = context.workshop
    may_write = context.can_edit  # not for observers, nor on a locked board
    answers = _answers(context)
    data: dict[str, Any] = {
        # the board's id keys the editor's drafts; an observer has none, and must not learn
        # it (it is the participant link)
        "board_id": context.board_id if context.can_edit else "",
        "revision": context.loaded.revision, "mode": mode,
        "can_edit": may_write and mode == EDIT, "acks": answers["acks"],
        "results": answers["results"], "vote": None}
    if status.vote_dots and mode == EDIT and may_write:  # else the cards show the counts
        data["vote"] = {"open": True, "dots": status.vote_dots, "can_vote": may_write,
                        "name_missing": not voter(context).strip(), "mine": my_votes(context)}
    return data


# --- events ------------------------------------------------------------------------------------

def handle_events(context: PageContext) -> None:
    """Do the first event the canvas sent that is not answered yet, then rerun."""
    if context.loaded is None:
        return
    outbox = (st.session_state.get(state.CANVAS) or {}).get("outbox")
    if not isinstance(outbox, Mapping):
        return
    client = str(outbox.get("client", ""))[:64]
    answers = _answers(context)
    done = answers["acks"].get(client, 0)
    waiting = sorted((event for event in outbox.get("events") or ()
                      if isinstance(event, Mapping) and isinstance(event.get("seq"), int)
                      and event["seq"] > done), key=lambda event: event["seq"])
    if not waiting:
        return
    event = waiting[0]
    result = _do(context, event, answers["mine"])
    acks = answers["acks"]
    acks.pop(client, None)
    acks[client] = event["seq"]
    while len(acks) > CLIENTS_KEPT:
        acks.pop(next(iter(acks)))
    answers["results"] = [*answers["results"], {"client": client, "seq": event["seq"], **result}
                          ][-RESULTS_KEPT:]
    st.rerun()


def _answers(context: PageContext) -> dict[str, Any]:
    """This session's answers to the canvas of the open board (new board: start afresh)."""
    answers = st.session_state.get(state.CANVAS_ANSWERS)
    if not answers or answers.get("board") != context.board_id:
        answers = {"board": context.board_id, "acks": {}, "results": [], "mine": {}}
        st.session_state[state.CANVAS_ANSWERS] = answers
    return answers


def _do(context: PageContext, event: Mapping[str, Any], mine: dict[str, int]) -> dict[str, Any]:
    """Do one event as this viewer; its answer for the canvas (``ok``, and what happened)."""
    board = context.loaded.board
    try:
        revision = events.undo_revision(event)
        operations = [] if revision is not None else _rebased(
            events.operations(board, event, voter(context)), mine)
    except CanvasInputError as problem:
        return {"ok": False, "error": problem_sentence(context, problem)}
    except Problem as error:  # a record deleted meanwhile
        return {"ok": False, "error": store_error_sentence(context, error)}
    if revision is not None:
        new = attempt(context, lambda: context.revert(revision))
        done = context.t("canvas.ui.undone")
    elif operations:
        new = attempt(context, operations)
        done = _done(context, event)
    else:
        return {"ok": True}
    if isinstance(new, Refused):
        if new.conflict is not None:
            return {"ok": False, "conflict": _conflict(context, new.conflict, event)}
        return {"ok": False, "error": store_error_sentence(context, new.problem)}
    if revision is not None:
        _forget_undo(context, revision)
    else:
        mine.update(dict.fromkeys(events.touched(board, operations), new))
        state.remember_undo(state.Undo(state.CANVAS_CHANGE, context.board_id, done, new))
    return {"ok": True, "revision": new, "done": done}


def _rebased(operations: list[Operation], mine: Mapping[str, int]) -> list[Operation]:
    """Edits of records this viewer changed last, based on that change (the canvas showed it
    before the answer came): a quick second edit of one's own card is no conflict, someone
    else's change in between still is."""
    def base(item_id: str, seen: int) -> int:
        return max(seen, mine.get(item_id, seen))

    rebased: list[Operation] = []
    for operation in operations:
        if isinstance(operation, Update):
            operation = Update(operation.item_id, operation.data,
                               base(operation.item_id, operation.base_revision))
        elif isinstance(operation, Delete):
            operation = Delete(operation.item_id,
                               base(operation.item_id, operation.base_revision))
        elif isinstance(operation, Move):
            operation = Move(operation.item_id, operation.position,
                             base(operation.item_id, operation.base_revision),
                             operation.parent)
        rebased.append(operation)
    return rebased


def _conflict(context: PageContext, error: Conflict,
              event: Mapping[str, Any]) -> dict[str, Any]:
    """Who changed the record, and both versions of what the viewer changed."""
    field = "text" if event.get("op") == "edit" else event.get("field")
    theirs = (error.theirs or {}).get(field) if field else None
    yours = event.get("text") if event.get("op") == "edit" else event.get("value")
    return {"item": error.item_id, "message": message(error, context.language),
            "theirs": None if theirs is None else str(theirs),
            "yours": None if field is None or yours is None else str(yours)}


def _done(context: PageContext, event: Mapping[str, Any]) -> str:
    """What an event did, for the undo button ("O1 deleted.")."""
    op = event.get("op")
    code = _code(context, event.get("item") or event.get("solution") or "")
    if op == "add":
        return context.t("canvas.edit.added",
                         kind=context.t(f"canvas.kind.{event.get('kind')}"))
    if op == "delete":
        return context.t("canvas.edit.deleted_item", item=code)
    if op == "move":
        return context.t("canvas.ui.moved", item=code)
    if op in ("link", "strength", "unlink"):
        return context.t("canvas.ui.links_changed")
    if op in ("vote", "unvote"):
        return context.t("canvas.ui.dots_changed")
    return context.t("canvas.edit.saved", item=code)


def _code(context: PageContext, item_id: str) -> str:
    return canvas_view.codes(context.loaded.board, canvas_view.prefixes(context.language)).get(
        item_id, "")


def _forget_undo(context: PageContext, revision: int) -> None:
    """After undoing ``revision`` here, the undo button no longer offers it."""
    undo = state.undo_of(state.CANVAS_CHANGE, context.board_id)
    if undo is not None and undo.revision == revision:
        state.forget_undo()
