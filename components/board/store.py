"""The board store: every query of Progress Canvas lives here (SQLAlchemy Core).

Same code on the embedded SQLite default and on PostgreSQL.  Each write is one transaction
that locks the board row (``SELECT … FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on
SQLite), applies its operations to the board in memory, validates the whole result with the
board model (text limits, ranges, references, the 5000-item limit) and then writes only the
rows that changed, one history row per changed record, and ``revision + 1``.

**Access.**  Every function that changes a board takes the caller's
:class:`~components.board.access.Access` (board, role, person) and checks it here, on the
server; none has a default role.  A link grants the access (:func:`access`); the server
operator gets it from :func:`operator`.  Observers write nothing, a locked board takes
changes only from its facilitator, participants undo only their own changes, and lock,
timer, silent brainstorm, vote, restore, replace, copy, delete and undelete are the
facilitator's.

**Silent brainstorm.**  What someone adds while the board is silent is seen by them alone:
:func:`load` and :func:`history` leave it out for everyone else (observers, the facilitator,
participants without a name), and their writes cannot touch it, until ``set_silent``
(``live.py``) reveals everything in one transaction.

Concurrency is optimistic: an edit carries the board revision its author last saw
(``base_revision``); if someone else changed that record since, the edit is refused with a
:class:`Conflict` naming who changed it and showing their version.  Adding never conflicts.

Loading a board costs two queries whatever its size (the board row, then all its items), so
pages redraw in time linear in the number of items.

The pieces around it: :mod:`~components.board.access` (roles, persons, keys, the checks),
:mod:`~components.board.live` (the live workshop: revision, lock, timer, vote, silence,
presence), :mod:`~components.board.operations` (what a write asks for),
:mod:`~components.board.refusals` (why it may be refused), :mod:`~components.board.rows` (the
board in memory as rows: operations applied, the result validated) and
:mod:`~components.board.engine` (connecting, migrations, write transactions).  Their names
are reachable through this module too (``store.Add``, ``store.Conflict``, ``store.connect``)
for the store's own callers: the command line, the benchmarks, the tests.  Pages and widgets
never call the store: they read and write through ``PageContext``
(``components/widgets/shell.py``), the one door that adds the viewer's access.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from components.board.access import (
    FACILITATOR,
    NOBODY,
    OBSERVER,
    PARTICIPANT,
    Access,
    Person,
    check_edit,
    check_facilitator,
    key_digest,
    new_key,
)
from components.board.engine import MIGRATIONS, board_row, connect, writing
from components.board.live import (
    Workshop,
    open_vote,
    present,
    present_step,
    revision,
    set_locked,
    set_silent,
    start_timer,
    touch_presence,
    workshop,
)
from components.board.model import Board
from components.board.opening import (
    RESTORE_DAYS,
    BoardSummary,
    LinkedBoard,
    Opened,
    Opening,
    access,
    kept,
    linked_boards,
    open_link,
    opening,
    operator,
    summary_of,
)
from components.board.operations import Add, Delete, Meta, Move, Operation, Update
from components.board.refusals import (
    BoardNotFound,
    Conflict,
    DatabaseDown,
    Forbidden,
    ItemNotFound,
    StoreError,
)
from components.board.rows import BoardRows, aware, now
from components.board.schema import boards, changes, items

# What the store's callers name as ``store.X``: roles and persons (access.py), the live
# workshop (live.py), the operations a write takes, the refusals it raises (operations.py,
# refusals.py), connect.
__all__ = [
    "FACILITATOR", "MIGRATIONS", "NOBODY", "OBSERVER", "PARTICIPANT", "Access", "Add",
    "BoardNotFound", "BoardSummary", "Change", "Conflict", "DatabaseDown", "Delete", "Forbidden",
    "ItemNotFound", "LinkedBoard", "LoadedBoard", "Meta", "Move", "Opened", "Opening", "Operation",
    "Person", "StoreError", "Update", "Workshop", "access", "apply", "board_language", "connect",
    "create", "delete_board", "duplicate", "history", "last_revision_by", "linked_boards",
    "list_boards", "load", "new_board_id", "new_key", "open_link", "open_vote", "opening",
    "operator", "present", "present_step", "purge_deleted", "replace", "restore", "restore_board",
    "revert", "revision", "set_locked", "set_silent", "start_timer", "touch_presence", "workshop",
]


# --- results --------------------------------------------------------------------------------

@dataclass(frozen=True)
class LoadedBoard:
    """A board as read at one revision.

    During a silent brainstorm ``hidden`` counts the items others added that this viewer
    does not see yet, and ``seen_by`` names the viewer (their public id) this board was
    read for: while a board is silent, each person's board is their own; otherwise
    ``seen_by`` is None and everyone at this revision sees the same board (the cache of
    :mod:`~components.board.cache` shares it).
    """

    id: str
    revision: int
    board: Board
    hidden: int = 0
    seen_by: str | None = None


@dataclass(frozen=True)
class Change:
    """One line of a board's history: ``author`` is the name shown, ``author_id`` the
    person's public id."""

    revision: int
    at: dt.datetime
    author: str
    action: str
    kind: str | None
    item_id: str | None
    before: dict | None
    after: dict | None
    author_id: str = ""


def new_board_id() -> str:
    """136 random bits, URL-safe: knowing the link is what grants access.

    Never starting with "-": on the command line (``admin export <id>``) such an id would
    read as an option.  Redrawing those costs less than 0.03 of the 136 bits.
    """
    while True:
        board_id = secrets.token_urlsafe(17)
        if not board_id.startswith("-"):
            return board_id


# --- reading --------------------------------------------------------------------------------

def board_language(engine: sa.Engine, board_id: str) -> str | None:
    """The board's language, for page titles before the board is loaded (id or observer id)."""
    with engine.connect() as connection:
        return connection.execute(
            sa.select(boards.c.language).where(
                sa.or_(boards.c.id == board_id, boards.c.observer_id == board_id))
        ).scalar()


def load(engine: sa.Engine, board_id: str, viewer: Person | None = None) -> LoadedBoard:
    """The whole board in two queries; :class:`BoardNotFound` if there is none.

    With ``viewer`` given, items hidden from them in a silent brainstorm (what others added)
    are left out; pages always give it.  Without, everything (the command line's export).
    """
    with engine.connect() as connection:
        row = board_row(connection, board_id)
        rows = _item_rows(connection, board_id)
    state = BoardRows.from_rows(row, rows)
    hidden = state.hide_others(viewer.id) if viewer is not None else 0
    seen_by = viewer.id if viewer is not None and row["silent"] else None
    return LoadedBoard(board_id, row["revision"], state.board(), hidden, seen_by)


def list_boards(engine: sa.Engine, deleted: bool = False,
                limit: int | None = 200) -> list[BoardSummary]:
    """Every board of this server, most recently changed first; ``deleted=True`` lists the
    restorable ones.  For the server operator only (the command line, the admin key).

    ``limit=None`` lists them all (the command line does).
    """
    order = boards.c.deleted_at.desc() if deleted else boards.c.updated_at.desc()
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(boards).where(kept(deleted)).order_by(order).limit(limit)
        ).mappings().all()
    return [summary_of(row) for row in rows]


def history(engine: sa.Engine, board_id: str, viewer: Person | None = None,
            limit: int = 500) -> list[Change]:
    """The board's changes, newest first; for ``viewer``, without those of records hidden
    from them in a silent brainstorm (without a viewer: all, for the command line)."""
    query = sa.select(changes).where(changes.c.board_id == board_id)
    if viewer is not None:
        shown = changes.c.hidden_for.is_(None)
        if viewer.id:
            shown = sa.or_(shown, changes.c.hidden_for == viewer.id)
        query = query.where(shown)
    with engine.connect() as connection:
        rows = connection.execute(
            query.order_by(changes.c.id.desc()).limit(limit)).mappings().all()
    return [
        Change(r["revision"], aware(r["at"]), r["author"], r["action"], r["kind"],
               r["item_id"], r["before"], r["after"], r["author_id"])
        for r in rows
    ]


def last_revision_by(engine: sa.Engine, board_id: str, person: Person) -> int | None:
    """The newest revision this person made that is not itself an undo: "undo my last"."""
    if not person.id:
        return None
    with engine.connect() as connection:
        return connection.execute(
            sa.select(sa.func.max(changes.c.revision)).where(
                changes.c.board_id == board_id, changes.c.author_id == person.id,
                changes.c.action.not_in(("undo", "create", "restore")))
        ).scalar_one_or_none()


def _item_rows(connection: sa.Connection, board_id: str) -> Sequence[Mapping]:
    """Every record of the board: one query, whatever the board's size."""
    return connection.execute(
        sa.select(items).where(items.c.board_id == board_id)).mappings().all()


# --- boards ---------------------------------------------------------------------------------

def create(engine: sa.Engine, board: Board, author: Person = NOBODY,
           key: str | None = None) -> str:
    """Store a new board created by ``author``; returns its id.

    ``key`` is its facilitator's key: draw it with :func:`new_key` and hand it to the
    facilitator, only its digest is stored.  Without one the board gets a key nobody knows,
    and only the server operator facilitates it (:func:`operator`).
    """
    board_id = new_board_id()
    moment = now()
    with writing(engine) as connection:
        connection.execute(boards.insert().values(
            id=board_id, title=board.title, description=board.description,
            language=board.language, revision=1, meta_revision=1,
            created_at=moment, updated_at=moment,
            facilitator_hash=key_digest(key or new_key()),
            observer_id=secrets.token_urlsafe(16),
        ))
        state = BoardRows.empty()
        _write(connection, board_id, 1, author, "create", BoardRows.of(board), state)
    return board_id


def duplicate(engine: sa.Engine, access: Access, title: str, key: str | None = None) -> str:
    """A copy of the board as its facilitator sees it (nothing hidden from them), under a
    new id, title and facilitator ``key`` (see :func:`create`); history starts afresh."""
    check_facilitator(access)
    original = load(engine, access.board_id, viewer=access.person).board
    return create(engine, original.model_copy(update={"title": title}), access.person, key)


def delete_board(engine: sa.Engine, access: Access) -> None:
    """Soft delete: the board disappears from lists and links, restorable for 30 days."""
    check_facilitator(access)
    with writing(engine) as connection:
        board_row(connection, access.board_id, lock=True)
        connection.execute(boards.update().where(boards.c.id == access.board_id)
                           .values(deleted_at=now()))


def restore_board(engine: sa.Engine, access: Access) -> None:
    """Bring a soft-deleted board back (its facilitator; the access from
    ``access(…, deleted=True)``)."""
    check_facilitator(access)
    with writing(engine) as connection:
        done = connection.execute(
            boards.update().where(boards.c.id == access.board_id, kept(deleted=True))
            .values(deleted_at=None, updated_at=now())
        ).rowcount
    if not done:
        raise BoardNotFound(access.board_id)


def purge_deleted(engine: sa.Engine) -> int:
    """Remove boards deleted more than 30 days ago; returns how many."""
    cutoff = now() - dt.timedelta(days=RESTORE_DAYS)
    with writing(engine) as connection:
        return connection.execute(boards.delete().where(boards.c.deleted_at < cutoff)).rowcount


# --- content --------------------------------------------------------------------------------

def apply(engine: sa.Engine, access: Access, operations: Sequence[Operation]) -> int:
    """Apply operations as one new revision, as ``access`` allows; returns the revision.

    Raises :class:`Forbidden` (the role may not), :class:`Conflict`, :class:`ItemNotFound`
    (also for a record hidden from this person), :class:`BoardNotFound`, or
    :class:`~components.board.boardfile.BoardFileError` when the result would not be a valid
    board (its ``path`` names the field), and then changes nothing.
    """
    with writing(engine) as connection:
        row = board_row(connection, access.board_id, lock=True)
        check_edit(access, row["locked"])
        before = BoardRows.from_rows(row, _item_rows(connection, access.board_id))
        after = before.copy()
        for operation in operations:
            after.apply(operation, row, access.person.id)
        after.board()  # validates the whole result, raises BoardFileError
        revision_ = row["revision"] + 1
        _write(connection, access.board_id, revision_, access.person,
               _action_of(operations), after, before)
    return revision_


def replace(engine: sa.Engine, access: Access, board: Board) -> int:
    """Replace the whole content with ``board``'s as one new revision (import --into;
    facilitator)."""
    check_facilitator(access)
    with writing(engine) as connection:
        row = board_row(connection, access.board_id, lock=True)
        rows = _item_rows(connection, access.board_id)
        revision_ = row["revision"] + 1
        _write(connection, access.board_id, revision_, access.person, "replace",
               BoardRows.of(board), BoardRows.from_rows(row, rows))
    return revision_


def revert(engine: sa.Engine, access: Access, revision_: int) -> int:
    """Undo one revision as a new revision: every record it touched goes back.

    A participant undoes only a revision of their own (:class:`Forbidden` otherwise);
    refused with :class:`Conflict` when someone changed one of those records since.
    """
    return _put_back(engine, access, changes.c.revision == revision_, revision_, "undo")


def restore(engine: sa.Engine, access: Access, revision_: int) -> int:
    """Bring the whole board back to how it was at ``revision_``, as a new revision.

    Every later change is put back in reverse order; the history keeps all of them, so the
    restore itself can be undone.  Facilitator only.
    """
    check_facilitator(access)
    return _put_back(engine, access, changes.c.revision > revision_, None, "restore")


def _put_back(engine: sa.Engine, access: Access, which: sa.ColumnElement[bool],
              base_revision: int | None, action: str) -> int:
    """Put the logged changes ``which`` back, newest first, as one new revision."""
    board_id = access.board_id
    with writing(engine) as connection:
        row = board_row(connection, board_id, lock=True)
        check_edit(access, row["locked"])
        undone = connection.execute(
            sa.select(changes).where(changes.c.board_id == board_id, which)
            .order_by(changes.c.id.desc())
        ).mappings().all()
        if not access.is_facilitator and not _all_by(undone, access.person):
            raise Forbidden("not_yours")
        before = BoardRows.from_rows(row, _item_rows(connection, board_id))
        after = before.copy()
        for change in undone:
            after.undo(change, base_revision=base_revision)
        after.board()
        new_revision = row["revision"] + 1
        _write(connection, board_id, new_revision, access.person, action, after, before)
    return new_revision


def _all_by(logged: Sequence[Mapping], person: Person) -> bool:
    """Whether there are changes and every one is this person's (an unknown person owns none)."""
    return bool(logged) and bool(person.id) and all(
        change["author_id"] == person.id for change in logged)


def _action_of(operations: Sequence[Operation]) -> str:
    names = {type(op).__name__.lower() for op in operations}
    return names.pop() if len(names) == 1 else "edit"


def _write(connection: sa.Connection, board_id: str, revision_: int, author: Person,
           action: str, after: BoardRows, before: BoardRows) -> None:
    """Write the difference between two states, log it, and bump the revision.

    The history line of a hidden record is hidden for the same person.
    """
    moment = now()
    signed = dict(revision=revision_, updated_by=author.name, updated_at=moment)
    log = []
    for item_id in after.rows.keys() | before.rows.keys():
        old, new = before.rows.get(item_id), after.rows.get(item_id)
        if old is new or old == new:  # most rows are the very same object in both states
            continue
        if old is None:
            connection.execute(items.insert().values(
                board_id=board_id, id=item_id, hidden_for=new.hidden_for, **signed,
                **new.columns()))
        elif new is None:
            connection.execute(items.delete().where(items.c.board_id == board_id,
                                                    items.c.id == item_id))
        else:
            connection.execute(items.update().where(
                items.c.board_id == board_id, items.c.id == item_id,
            ).values(hidden_for=new.hidden_for, **signed, **new.columns()))
        log.append(dict(board_id=board_id, revision=revision_, at=moment, author=author.name,
                        author_id=author.id, action=action, item_id=item_id,
                        kind=(new or old).kind, hidden_for=(new or old).hidden_for,
                        before=old.columns() if old else None,
                        after=new.columns() if new else None))
    meta_changed = after.meta != before.meta
    if meta_changed:
        log.append(dict(board_id=board_id, revision=revision_, at=moment, author=author.name,
                        author_id=author.id, action=action, item_id=None, kind="board",
                        hidden_for=None, before=before.meta or None, after=after.meta))
    if log:
        connection.execute(changes.insert(), log)
    values = dict(revision=revision_, updated_at=moment, **after.meta)
    if meta_changed:
        values["meta_revision"] = revision_
    connection.execute(boards.update().where(boards.c.id == board_id).values(**values))
