"""A board in memory as the store keeps it: one row per record, plus title and language.

The store reads a board's rows (:meth:`BoardRows.from_rows`), applies a write's operations to
a copy (:meth:`BoardRows.apply`: conflicts, missing records, votes beyond the dots are
refused here), validates the whole result (:meth:`BoardRows.board`) and writes only the rows
that differ between the two.  Pure Python, no SQL: ``components/board/store.py`` does the
reading and writing.

During a silent brainstorm a record added is hidden for everyone but its author
(``Row.hidden_for`` holds the author's public id, see ``components/board/access.py``).  For
anyone else such a record does not exist: :meth:`BoardRows.hide_others` leaves it out of
what they read, and an operation of theirs naming it (to change it, to add a part to it, to
link or vote for it) is refused as :class:`ItemNotFound`, exactly as a record that never
existed.

A job's outcomes, obstacles and consequences are rows of their own whose ``parent`` is the
job; ``position`` orders siblings.  Worked example: a board with job ``j1`` holding outcome
``o1`` is the rows ``{"j1": Row("needs", None, 0, {"text": …}), "o1": Row("outcomes", "j1",
0, {"text": …, "importance": 9})}``; deleting ``j1`` removes both, and any link to ``o1``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from components.board.boardfile import BoardFileError, validate
from components.board.model import BOARD_FIELDS, COLLECTIONS, JOB_PARTS, Board, new_id
from components.board.operations import Add, Delete, Meta, Move, Operation, Update
from components.board.refusals import Conflict, Forbidden, ItemNotFound

KINDS = (*COLLECTIONS, *JOB_PARTS)


def now() -> dt.datetime:
    """The current time in UTC: every time the store writes is UTC."""
    return dt.datetime.now(dt.UTC)


def aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment


@dataclass
class Row:
    """One record as stored: its collection, its job (for a job's parts), place and fields.

    ``revision``, ``updated_by`` and ``updated_at`` say who last wrote it (conflicts name
    them; the time as the database hands it back, see :func:`aware`); ``hidden_for`` is the
    public id of the only person who sees it, for what was added during a silent brainstorm
    (``None``: everyone sees it).  Two rows are equal when what is stored of them is
    (:meth:`columns`), whoever wrote them.
    """

    kind: str
    parent: str | None
    position: int
    data: dict
    revision: int = 0
    updated_by: str = ""
    updated_at: dt.datetime | None = None
    hidden_for: str | None = None

    def columns(self) -> dict:
        """The stored columns that make the record what it is (kind, parent, place, fields)."""
        return {"kind": self.kind, "parent_id": self.parent, "position": self.position,
                "data": self.data}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Row) and self.columns() == other.columns()


@dataclass
class BoardRows:
    """A board as rows keyed by record id, plus its title/description/language."""

    meta: dict
    rows: dict[str, Row]
    meta_revision: int = 0
    silent: bool = False
    vote_dots: int | None = None

    @classmethod
    def empty(cls) -> BoardRows:
        return cls({}, {})

    @classmethod
    def from_rows(cls, board_row: Mapping, rows: Iterable[Mapping]) -> BoardRows:
        meta = {name: board_row[name] for name in BOARD_FIELDS}
        return cls(meta, {
            r["id"]: Row(r["kind"], r["parent_id"], r["position"], r["data"], r["revision"],
                          r["updated_by"], r["updated_at"], r["hidden_for"])
            for r in rows
        }, board_row["meta_revision"], board_row["silent"], board_row["vote_dots"])

    @classmethod
    def of(cls, board: Board) -> BoardRows:
        """Flatten a board into rows (jobs' parts point at their job)."""
        meta = {name: getattr(board, name) for name in BOARD_FIELDS}
        rows: dict[str, Row] = {}
        for kind in COLLECTIONS:
            for position, record in enumerate(getattr(board, kind)):
                rows[record.id] = Row(kind, None, position, _fields(record))
        for job in board.needs:
            for part in JOB_PARTS:
                for position, record in enumerate(getattr(job, part)):
                    rows[record.id] = Row(part, job.id, position, _fields(record))
        return cls(meta, rows)

    def copy(self) -> BoardRows:
        return BoardRows(dict(self.meta), dict(self.rows), self.meta_revision, self.silent,
                      self.vote_dots)

    def hide_others(self, viewer: str) -> int:
        """Leave out what is hidden from the person ``viewer`` (a public id); returns how many.

        Parts of a hidden job and links or votes touching a hidden record go with it.
        """
        gone = {i for i, row in self.rows.items() if _hidden_from(row, viewer)}
        gone |= {i for i, row in self.rows.items() if row.parent in gone}
        gone |= {i for i, row in self.rows.items() if _refers_to(row, gone)}
        for item_id in gone:
            del self.rows[item_id]
        return len(gone)

    def board(self) -> Board:
        """Assemble and validate the board; raises BoardFileError naming the place."""
        grouped: dict[tuple[str, str | None], list[tuple[int, str, dict]]] = defaultdict(list)
        for item_id, row in self.rows.items():
            grouped[row.kind, row.parent].append((row.position, item_id, row.data))

        def ordered(kind: str, parent: str | None = None) -> list[dict]:
            return [{**data, "id": item_id}
                    for _, item_id, data in sorted(grouped.get((kind, parent), []))]

        document: dict[str, Any] = dict(self.meta)
        for kind in COLLECTIONS:
            document[kind] = ordered(kind)
        for job in document["needs"]:
            for part in JOB_PARTS:
                job[part] = ordered(part, job["id"])
        return validate(document)

    # operations

    def apply(self, operation: Operation, board_row: Mapping, by: str) -> None:
        """Apply one operation of the person ``by`` (a public id)."""
        if isinstance(operation, Add):
            self._add(operation, by)
        elif isinstance(operation, Meta):
            self._check_meta(operation, board_row)
            self.meta.update({k: v for k, v in operation.fields.items() if k in BOARD_FIELDS})
        else:
            row = self._current(operation.item_id, operation.base_revision, by)
            if isinstance(operation, Update):
                self._check_references(operation.data, by)
                self.rows[operation.item_id] = _replace(row, data=_clean(operation.data))
            elif isinstance(operation, Delete):
                self._delete(operation.item_id)
            else:
                self._move(operation.item_id, row, operation, by)

    def _add(self, operation: Add, by: str) -> None:
        if operation.kind not in KINDS:
            raise BoardFileError(operation.kind, "unknown_key")
        if (operation.kind in JOB_PARTS) != (operation.parent is not None):
            raise BoardFileError(f"{operation.kind}.parent", "missing")
        if operation.parent is not None and self._visible(operation.parent, by).kind != "needs":
            raise ItemNotFound(operation.parent)
        data = _clean(operation.data)
        self._check_references(data, by)
        if operation.kind == "votes":  # a dot is the voter's own, whatever the page sent
            self._check_dots(by)
            data["voter"] = by
        item_id = str(operation.data.get("id") or new_id())
        if item_id in self.rows:
            item_id = new_id()
        position = 1 + max((r.position for r in self.rows.values()
                            if r.kind == operation.kind and r.parent == operation.parent),
                           default=-1)
        hidden_for = by if self.silent and operation.kind != "votes" else None
        self.rows[item_id] = Row(operation.kind, operation.parent, position, data,
                                  hidden_for=hidden_for)

    def _visible(self, item_id: str, viewer: str) -> Row:
        """The row ``item_id`` as the person ``viewer`` may see it (else an empty row)."""
        row = self.rows.get(item_id, _NO_ROW)
        return _NO_ROW if _hidden_from(row, viewer) else row

    def _check_references(self, data: Mapping[str, Any], by: str) -> None:
        """A link, vote or metric may only name records its author sees."""
        for key in REFERENCES:
            target = data.get(key)
            if isinstance(target, str) and target in self.rows and _hidden_from(
                    self.rows[target], by):
                raise ItemNotFound(target)

    def _check_dots(self, voter: str) -> None:
        if self.vote_dots is None:
            raise Forbidden("vote_closed")
        used = sum(1 for row in self.rows.values()
                   if row.kind == "votes" and row.data.get("voter") == voter)
        if used >= self.vote_dots:
            raise Forbidden("no_dots_left")

    def _current(self, item_id: str, base_revision: int, by: str) -> Row:
        row = self.rows.get(item_id)
        if row is None or _hidden_from(row, by):
            raise ItemNotFound(item_id)
        if row.revision > base_revision:
            raise Conflict(item_id, row.updated_by, aware(row.updated_at) or now(), row.data)
        return row

    def _check_meta(self, operation: Meta, board_row: Mapping) -> None:
        if board_row["meta_revision"] > operation.base_revision:
            raise Conflict("board", "", aware(board_row["updated_at"]), dict(self.meta))

    def _delete(self, item_id: str) -> None:
        """Delete a record and what depends on it: parts of a job, links, references."""
        doomed = {item_id} | {i for i, r in self.rows.items() if r.parent == item_id}
        doomed |= {i for i, row in self.rows.items() if _refers_to(row, doomed)}
        for gone in doomed:
            self.rows.pop(gone, None)
        for other_id, row in list(self.rows.items()):
            cleared = {key: None for key in OPTIONAL_REFERENCES if row.data.get(key) in doomed}
            if cleared:
                self.rows[other_id] = _replace(row, data={**row.data, **cleared})

    def _move(self, item_id: str, row: Row, operation: Move, by: str) -> None:
        parent = operation.parent if row.kind in JOB_PARTS and operation.parent else row.parent
        if parent != row.parent and self._visible(parent, by).kind != "needs":
            raise ItemNotFound(parent)
        siblings = sorted((r.position, i) for i, r in self.rows.items()
                          if r.kind == row.kind and r.parent == parent and i != item_id)
        order = [i for _, i in siblings]
        order.insert(max(0, min(operation.position, len(order))), item_id)
        for position, sibling in enumerate(order):
            current = self.rows[sibling]
            moved_parent = parent if sibling == item_id else current.parent
            if (current.position, current.parent) != (position, moved_parent):
                self.rows[sibling] = _replace(current, position=position, parent=moved_parent)

    def undo(self, change: Mapping, base_revision: int | None) -> None:
        """Put one logged change back, unless the record changed after ``base_revision``
        (``None``: put it back regardless, as restoring an earlier revision does).  A record
        that was hidden comes back hidden for the same person (the reveal unhides the log
        too)."""
        if change["kind"] == "board":
            self.meta.update(change["before"] or {})
            return
        item_id = change["item_id"]
        current = self.rows.get(item_id)
        if current is not None and base_revision is not None and current.revision > base_revision:
            raise Conflict(item_id, current.updated_by, aware(current.updated_at) or now(),
                           current.data)
        if change["before"] is None:
            self.rows.pop(item_id, None)
        else:
            b = change["before"]
            self.rows[item_id] = Row(b["kind"], b["parent_id"], b["position"], b["data"],
                                      hidden_for=change["hidden_for"])


_NO_ROW = Row("", None, 0, {})

#: The fields of a record that may name another record and are cleared when it goes (the
#: persona of a job, the outcome of a metric, the subject of a test card).
OPTIONAL_REFERENCES = ("persona", "outcome", "subject")
#: Every field of a record that names another record (also a link's ends, a vote's target).
REFERENCES = ("solution", "target", *OPTIONAL_REFERENCES)


def _hidden_from(row: Row, viewer: str) -> bool:
    """Whether the person ``viewer`` (a public id; ``""`` is nobody) may not see ``row``."""
    return row.hidden_for is not None and not (viewer and row.hidden_for == viewer)


def _refers_to(row: Row, ids: set[str]) -> bool:
    """A link or vote that cannot live without one of ``ids``."""
    return row.kind in ("links", "votes") and (row.data.get("solution") in ids
                                               or row.data.get("target") in ids)


def _replace(row: Row, **changes_: Any) -> Row:
    fields_ = {**row.__dict__, **changes_, "revision": 0}
    return Row(**fields_)


def _fields(record) -> dict:
    """A record's own fields as JSON-ready data, without its id and children."""
    return record.model_dump(mode="json", exclude={"id", *JOB_PARTS}, exclude_defaults=True)


def _clean(data: Mapping[str, Any]) -> dict:
    """Operation data as stored: JSON-ready, without id or children (they are rows)."""
    return {key: _jsonable(value) for key, value in data.items()
            if key not in ("id", *JOB_PARTS)}


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)  # Decimal and friends: exact as text, parsed back by the model
