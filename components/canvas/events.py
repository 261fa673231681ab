"""What a person did on the interactive canvas, as store operations.

Pure Python (no streamlit).  The canvas in the browser sends each action as a small mapping
(an *event*, see below); :func:`operations` checks it against the board as loaded and turns it
into the :mod:`components.board.operations` that do it, or raises a
:class:`~components.canvas.view.CanvasInputError` (or the store's ``ItemNotFound``) naming
what is wrong.  The page applies the operations through its one write door
(``editing.attempt``, which calls ``PageContext.apply``), so validation, the revision check,
roles, the lock and the silent brainstorm stay the store's.

Events (every one also carries ``seq``, its number from the browser)::

    {"op": "add", "kind": "outcome", "text": "…", "id": "…", "parent": job id}
          kind is job, outcome, obstacle, consequence or solution; parent only for a job's
          parts; a job may carry "persona"; "id" is made by the browser, so the card it
          already shows keeps its place (an add whose id exists already did happen: nothing)
    {"op": "edit", "item": id, "text": "…", "base": revision}
    {"op": "rate", "item": outcome id, "field": "importance" | "satisfaction",
     "value": 0..10 or null, "base": revision}
    {"op": "delete", "item": id, "base": revision}
    {"op": "move", "item": id, "parent": job id or null, "before": sibling id or null,
     "base": revision}          before null: at the end; parent: the job a part moves to
    {"op": "link", "solution": id, "target": job, outcome or obstacle id, "strength":
     "strong" | "weak", "id": "…"}
    {"op": "strength", "link": id, "strength": "strong" | "weak", "base": revision}
    {"op": "unlink", "link": id, "base": revision}
    {"op": "vote", "target": id, "id": "…"}          a dot of the viewer's
    {"op": "unvote", "vote": id, "base": revision}   take one of the viewer's dots back
    {"op": "undo", "revision": n}                   undo that revision (not an operation:
                                                    :func:`undo_revision` reads it)

``base`` is the revision the browser showed when the person started the change; someone
else's change to the same record since then makes the store refuse it as a conflict.

Example: on the shelf board, ``{"op": "edit", "item": "out-straight", "text": "Hangs level",
"base": 7}`` becomes ``[Update("out-straight", {"text": "Hangs level", "importance": 9.0,
"satisfaction": 3.0, "judged_by": "…", "source": "estimate"}, 7)]``: an update replaces every
field, so the other fields are sent as the board has them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from components.board.model import JOB_PARTS, Board, ItemId, Record
from components.board.operations import Add, Delete, Move, Operation, Update
from components.board.refusals import ItemNotFound
from components.canvas.view import CanvasInputError, clean_item, link_problem

#: The collection of each kind of card.
COLLECTION = {"job": "needs", "outcome": "outcomes", "obstacle": "obstacles",
              "consequence": "consequences", "solution": "solutions"}
STRENGTHS = ("strong", "weak")
RATED = ("importance", "satisfaction")
#: The other fields of a card added on the canvas (only its text is typed there).
NEW = {"outcome": {"judged_by": "", "importance": None, "satisfaction": None},
       "solution": {"kind": "product", "description": ""}}
#: What a record id looks like (the board model's pattern).
_ID = re.compile(ItemId.__metadata__[0].pattern)

Event = Mapping[str, Any]


def operations(board: Board, event: Event, voter: str = "") -> list[Operation]:
    """The store operations that do ``event`` on ``board``; ``voter`` places dots.

    Raises :class:`CanvasInputError` for an event that cannot be done as sent (an empty text,
    an end of a link that is gone, a vote without a name) and ``ItemNotFound`` for a
    record deleted meanwhile.  An ``undo`` event has no operations (see
    :func:`undo_revision`).
    """
    handler = _HANDLERS.get(str(event.get("op")))
    if handler is None:
        raise CanvasInputError("op", "unknown_event")
    return handler(board, event, voter)


def touched(board: Board, operations: list[Operation]) -> set[str]:
    """The records ``operations`` change on ``board`` besides adding: the edited, deleted and
    moved ones, and the siblings whose places a move shifts."""
    ids: set[str] = set()
    for operation in operations:
        if isinstance(operation, Update | Delete):
            ids.add(operation.item_id)
        elif isinstance(operation, Move):
            collection, record = _find(board, operation.item_id)
            old_parent = next((job.id for job in board.needs if collection in JOB_PARTS
                               and record in getattr(job, collection)), None)
            for parent in {old_parent, operation.parent or old_parent}:
                ids |= {sibling.id for sibling in _siblings(board, collection, parent)}
    return ids


def undo_revision(event: Event) -> int | None:
    """The revision an ``undo`` event asks to undo, None for any other event."""
    if event.get("op") != "undo":
        return None
    return _whole(event.get("revision"), "revision")


# --- one handler per event ---------------------------------------------------------------------

def _add(board: Board, event: Event, _voter: str) -> list[Operation]:
    kind = _choice(event.get("kind"), COLLECTION, "kind")
    collection = COLLECTION[kind]
    item_id = _new_id(event.get("id"))
    if item_id in _records(board):
        return []  # sent again after it was saved: it happened already
    values: dict[str, Any] = {"text": event.get("text"), **NEW.get(kind, {})}
    if kind == "job":
        values["persona"] = _persona(board, event.get("persona"))
    data = _cleaned(collection, values)
    if kind == "outcome":
        data["source"] = "estimate"
    parent = None
    if collection in JOB_PARTS:
        parent = _text(event.get("parent"), "job")
        if parent not in {job.id for job in board.needs}:
            raise CanvasInputError("job", "job_gone")
    return [Add(collection, {"id": item_id, **data}, parent=parent)]


def _edit(board: Board, event: Event, _voter: str) -> list[Operation]:
    collection, record = _find(board, event.get("item"))
    if collection not in COLLECTION.values():
        raise CanvasInputError("item", "not_editable")
    return [_update(collection, record, {"text": event.get("text")}, _base(event))]


def _rate(board: Board, event: Event, _voter: str) -> list[Operation]:
    collection, record = _find(board, event.get("item"))
    field = _choice(event.get("field"), RATED, "field")
    if collection != "outcomes":
        raise CanvasInputError("item", "not_editable")
    operation = _update(collection, record, {field: event.get("value")}, _base(event))
    return [Update(operation.item_id, {**operation.data, "source": "estimate"},
                         operation.base_revision)]


def _delete(board: Board, event: Event, _voter: str) -> list[Operation]:
    _, record = _find(board, event.get("item"))
    return [Delete(record.id, _base(event))]


def _move(board: Board, event: Event, _voter: str) -> list[Operation]:
    collection, record = _find(board, event.get("item"))
    parent = None
    if collection in JOB_PARTS:
        parent = _text(event.get("parent"), "job")
        if parent not in {job.id for job in board.needs}:
            raise CanvasInputError("job", "job_gone")
    elif collection not in ("needs", "solutions"):
        raise CanvasInputError("item", "not_editable")
    siblings = [r.id for r in _siblings(board, collection, parent) if r.id != record.id]
    before = event.get("before")
    position = siblings.index(before) if before in siblings else len(siblings)
    return [Move(record.id, position, _base(event), parent=parent)]


def _link(board: Board, event: Event, _voter: str) -> list[Operation]:
    solution, target = event.get("solution"), event.get("target")
    problem = link_problem(board, solution, target)
    if problem:
        raise problem
    item_id = _new_id(event.get("id"))
    if item_id in _records(board) or any(
            (link.solution, link.target) == (solution, target) for link in board.links):
        return []  # saved already, or these two are linked already
    strength = _choice(event.get("strength", "strong"), STRENGTHS, "strength")
    return [Add("links", {"id": item_id, "solution": solution, "target": target,
                                "strength": strength})]


def _strength(board: Board, event: Event, _voter: str) -> list[Operation]:
    link = _link_record(board, event.get("link"))
    strength = _choice(event.get("strength"), STRENGTHS, "strength")
    return [Update(link.id, {"solution": link.solution, "target": link.target,
                                   "strength": strength}, _base(event))]


def _unlink(board: Board, event: Event, _voter: str) -> list[Operation]:
    link = _link_record(board, event.get("link"))
    return [Delete(link.id, _base(event))]


def _vote(board: Board, event: Event, voter: str) -> list[Operation]:
    if not voter.strip():
        raise CanvasInputError("vote", "name_first")
    target = _text(event.get("target"), "target")
    item_id = _new_id(event.get("id"))
    if item_id in {vote.id for vote in board.votes}:
        return []
    return [Add("votes", {"id": item_id, "voter": voter, "target": target})]


def _unvote(board: Board, event: Event, voter: str) -> list[Operation]:
    vote = next((v for v in board.votes if v.id == event.get("vote")), None)
    if vote is None or vote.voter != voter:
        raise ItemNotFound(str(event.get("vote")))
    return [Delete(vote.id, _base(event))]


def _no_operations(_board: Board, event: Event, _voter: str) -> list[Operation]:
    undo_revision(event)  # checks the revision is a whole number
    return []


_HANDLERS = {"add": _add, "edit": _edit, "rate": _rate, "delete": _delete, "move": _move,
             "link": _link, "strength": _strength, "unlink": _unlink, "vote": _vote,
             "unvote": _unvote, "undo": _no_operations}


# --- reading the board and the event ---------------------------------------------------------

def _records(board: Board) -> dict[str, tuple[str, Record]]:
    """Every record of the canvas by id, with its collection."""
    found: dict[str, tuple[str, Record]] = {}
    for collection in ("needs", "solutions", "links", "votes"):
        found |= {record.id: (collection, record) for record in getattr(board, collection)}
    for job in board.needs:
        for collection in JOB_PARTS:
            found |= {record.id: (collection, record) for record in getattr(job, collection)}
    return found


def _find(board: Board, item_id: Any) -> tuple[str, Record]:
    found = _records(board).get(item_id) if isinstance(item_id, str) else None
    if found is None:
        raise ItemNotFound(str(item_id))
    return found


def _siblings(board: Board, collection: str, parent: str | None) -> tuple[Record, ...]:
    if collection in JOB_PARTS:
        return next(getattr(job, collection) for job in board.needs if job.id == parent)
    return getattr(board, collection)


def _link_record(board: Board, link_id: Any):
    link = next((link for link in board.links if link.id == link_id), None)
    if link is None:
        raise CanvasInputError("link", "link_gone")
    return link


def _update(collection: str, record: Record, changes: Mapping[str, Any],
            base: int) -> Update:
    """Replace ``changes`` of ``record`` (checked as its form checks them), other fields kept."""
    full = record.model_dump(mode="json", exclude={"id", *JOB_PARTS})
    data = _cleaned(collection, {**full, **changes})
    return Update(record.id, {**full, **data}, base)


def _cleaned(collection: str, values: Mapping[str, Any]) -> dict[str, Any]:
    data, problems = clean_item(collection, values)
    if problems:
        raise problems[0]
    return data


def _persona(board: Board, persona: Any) -> str | None:
    return persona if persona in {p.id for p in board.personas} else None


def _new_id(value: Any) -> str:
    """An id the browser made for a new record (the model's id pattern)."""
    text = _text(value, "id")
    if not _ID.fullmatch(text):
        raise CanvasInputError("id", "bad_id")
    return text


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value:
        raise CanvasInputError(field, "missing")
    return value


def _choice(value: Any, allowed, field: str) -> str:
    if value not in allowed:
        raise CanvasInputError(field, "not_allowed", allowed=", ".join(allowed))
    return value


def _whole(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise CanvasInputError(field, "missing")
    return value


def _base(event: Event) -> int:
    return _whole(event.get("base"), "base")

