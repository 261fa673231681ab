"""The board store: every query of Progress Canvas lives here (SQLAlchemy Core).

Same code on the embedded SQLite default and on PostgreSQL.  Each write is one transaction
that locks the board row (``SELECT … FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on
SQLite), applies its operations to the board in memory, validates the whole result with the
board model (text limits, ranges, references, the 5000-item limit) and then writes only the
rows that changed, one history row per changed record, and ``revision + 1``.

Concurrency is optimistic: an edit carries the board revision its author last saw
(``base_revision``); if someone else changed that record since, the edit is refused with a
:class:`Conflict` naming who changed it and showing their version.  Adding never conflicts.

Loading a board costs two queries whatever its size (the board row, then all its items), so
pages redraw in time linear in the number of items.

The pieces around it: :mod:`~components.board.operations` (what a write asks for),
:mod:`~components.board.refusals` (why it may be refused), :mod:`~components.board.rows` (the
board in memory as rows: operations applied, the result validated) and
:mod:`~components.board.engine` (connecting, migrations, write transactions).  Their names
are reachable through this module too (``store.Add``, ``store.Conflict``, ``store.connect``)
for the store's own callers: the command line, the benchmarks, the tests.  Pages and widgets
never call the store: they read and write through ``PageContext``
(``components/widgets/shell.py``), the one door that adds the viewer's name and role.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from components.board.engine import MIGRATIONS, connect, writing
from components.board.model import Board
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
from components.board.schema import boards, changes, items, presence

# What the store's callers name as ``store.X``: the operations a write takes, the refusals
# it raises (see operations.py and refusals.py), and the engine's connect.
__all__ = [
    "FACILITATOR", "MIGRATIONS", "OBSERVER", "PARTICIPANT", "Access", "Add", "BoardNotFound",
    "BoardSummary", "Change", "Conflict", "DatabaseDown", "Delete", "Forbidden", "ItemNotFound",
    "LoadedBoard", "Meta", "Move", "Operation", "StoreError", "Update", "Workshop",
    "access", "apply", "board_language", "connect", "create", "delete_board", "duplicate",
    "history", "last_revision_by", "list_boards", "load", "new_board_id", "open_vote",
    "present", "present_step", "purge_deleted", "replace", "restore", "restore_board",
    "revert", "revision", "set_locked", "set_silent", "start_timer", "touch_presence",
    "workshop",
]

RESTORE_DAYS = 30
PRESENCE_SECONDS = 30
FACILITATOR, PARTICIPANT, OBSERVER = "facilitator", "participant", "observer"


# --- results --------------------------------------------------------------------------------

@dataclass(frozen=True)
class BoardSummary:
    """A line of the board list."""

    id: str
    title: str
    language: str
    revision: int
    updated_at: dt.datetime
    deleted_at: dt.datetime | None = None


@dataclass(frozen=True)
class LoadedBoard:
    """A board as read at one revision.

    During a silent brainstorm ``hidden`` counts the items others added that this viewer
    does not see yet.
    """

    id: str
    revision: int
    board: Board
    hidden: int = 0


@dataclass(frozen=True)
class Change:
    """One line of a board's history."""

    revision: int
    at: dt.datetime
    author: str
    action: str
    kind: str | None
    item_id: str | None
    before: dict | None
    after: dict | None


@dataclass(frozen=True)
class Access:
    """Which board a link opens and in which role.

    The participant link is the board id itself; the facilitator link adds the secret
    ``key``; the observer link is a separate id that opens the board read-only (it cannot be
    turned into a participant link, as a flag in the URL could).
    """

    board_id: str
    role: str

    @property
    def can_edit(self) -> bool:
        return self.role != OBSERVER


@dataclass(frozen=True)
class Workshop:
    """The live state of a workshop board: revision, lock, timer, links' secrets, vote,
    silence, the presented step — one primary-key lookup, so the live panel needs nothing
    else per tick."""

    revision: int
    locked: bool
    timer_ends_at: dt.datetime | None
    facilitator_key: str
    observer_id: str
    vote_dots: int | None = None
    silent: bool = False
    presented: str | None = None


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

def revision(engine: sa.Engine, board_id: str) -> int | None:
    """The board's revision, one primary-key lookup: the live-update check."""
    with engine.connect() as connection:
        return connection.execute(
            sa.select(boards.c.revision).where(boards.c.id == board_id,
                                               boards.c.deleted_at.is_(None))
        ).scalar_one_or_none()


def board_language(engine: sa.Engine, board_id: str) -> str | None:
    """The board's language, for page titles before the board is loaded (id or observer id)."""
    with engine.connect() as connection:
        return connection.execute(
            sa.select(boards.c.language).where(
                sa.or_(boards.c.id == board_id, boards.c.observer_id == board_id))
        ).scalar()


def load(engine: sa.Engine, board_id: str, viewer: str | None = None) -> LoadedBoard:
    """The whole board in two queries; :class:`BoardNotFound` if there is none.

    With ``viewer`` given, items others added during a silent brainstorm are left out.
    """
    with engine.connect() as connection:
        row = _board_row(connection, board_id)
        rows = _item_rows(connection, board_id)
    state = BoardRows.from_rows(row, rows)
    hidden = state.hide_others(viewer) if viewer is not None else 0
    return LoadedBoard(board_id, row["revision"], state.board(), hidden)


def list_boards(engine: sa.Engine, deleted: bool = False,
                limit: int | None = 200) -> list[BoardSummary]:
    """Boards, most recently changed first; ``deleted=True`` lists the restorable ones.

    ``limit=None`` lists them all (the command line does).
    """
    cutoff = now() - dt.timedelta(days=RESTORE_DAYS)
    where = (boards.c.deleted_at > cutoff) if deleted else boards.c.deleted_at.is_(None)
    order = boards.c.deleted_at.desc() if deleted else boards.c.updated_at.desc()
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(boards).where(where).order_by(order).limit(limit)
        ).mappings().all()
    return [
        BoardSummary(r["id"], r["title"], r["language"], r["revision"],
                     aware(r["updated_at"]), aware(r["deleted_at"]))
        for r in rows
    ]


def history(engine: sa.Engine, board_id: str, limit: int = 500) -> list[Change]:
    """The board's changes, newest first."""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(changes).where(changes.c.board_id == board_id)
            .order_by(changes.c.id.desc()).limit(limit)
        ).mappings().all()
    return [
        Change(r["revision"], aware(r["at"]), r["author"], r["action"], r["kind"],
               r["item_id"], r["before"], r["after"])
        for r in rows
    ]


def _item_rows(connection: sa.Connection, board_id: str) -> Sequence[Mapping]:
    """Every record of the board: one query, whatever the board's size."""
    return connection.execute(
        sa.select(items).where(items.c.board_id == board_id)).mappings().all()


def _board_row(connection: sa.Connection, board_id: str, lock: bool = False) -> Mapping:
    query = sa.select(boards).where(boards.c.id == board_id, boards.c.deleted_at.is_(None))
    row = connection.execute(query.with_for_update() if lock else query).mappings().first()
    if row is None:
        raise BoardNotFound(board_id)
    return row


def access(engine: sa.Engine, board: str | None = None, key: str | None = None,
           view: str | None = None) -> Access | None:
    """Resolve a link's ``board``/``key`` or ``view`` parameter to a board and a role."""
    with engine.connect() as connection:
        if view:
            found = connection.execute(sa.select(boards.c.id).where(
                boards.c.observer_id == view, boards.c.deleted_at.is_(None))).scalar()
            return Access(found, OBSERVER) if found else None
        if not board:
            return None
        secret = connection.execute(sa.select(boards.c.facilitator_key).where(
            boards.c.id == board, boards.c.deleted_at.is_(None))).first()
    if secret is None:
        return None
    is_facilitator = bool(key) and secrets.compare_digest(str(key), secret[0] or "")
    return Access(board, FACILITATOR if is_facilitator else PARTICIPANT)


def workshop(engine: sa.Engine, board_id: str) -> Workshop:
    """Revision, lock, timer and link secrets of a board (secrets for facilitators only)."""
    with engine.connect() as connection:
        row = _board_row(connection, board_id)
    return Workshop(row["revision"], row["locked"], aware(row["timer_ends_at"]),
                    row["facilitator_key"], row["observer_id"], row["vote_dots"], row["silent"],
                    row["presented"])


def set_locked(engine: sa.Engine, board_id: str, locked: bool, role: str) -> None:
    """Freeze (or unfreeze) the board for everyone but the facilitator."""
    _facilitator_change(engine, board_id, role, locked=locked)


def start_timer(engine: sa.Engine, board_id: str, seconds: int | None, role: str) -> None:
    """Start a countdown every participant sees (``None`` stops it)."""
    ends = now() + dt.timedelta(seconds=seconds) if seconds else None
    _facilitator_change(engine, board_id, role, timer_ends_at=ends)


def present_step(engine: sa.Engine, board_id: str, step: str | None, role: str) -> None:
    """Let participants follow the facilitator's presentation at ``step`` (``None``: stop)."""
    if step is not None and not (isinstance(step, str) and step.isidentifier()
                                 and len(step) <= 16):
        raise StoreError("presented", "not_a_step")
    _facilitator_change(engine, board_id, role, presented=step)


def _facilitator_change(engine: sa.Engine, board_id: str, role: str, **values: Any) -> None:
    if role != FACILITATOR:
        raise Forbidden("facilitator_only")
    with writing(engine) as connection:
        row = _board_row(connection, board_id, lock=True)
        connection.execute(boards.update().where(boards.c.id == board_id).values(
            revision=row["revision"] + 1, updated_at=now(), **values))


def open_vote(engine: sa.Engine, board_id: str, dots: int | None, role: str) -> None:
    """Open a dot vote with ``dots`` per participant (``None`` closes it; votes stay)."""
    if dots is not None and not 1 <= dots <= 20:
        raise StoreError("vote_dots", "out_of_range", low=1, high=20)
    _facilitator_change(engine, board_id, role, vote_dots=dots)


def set_silent(engine: sa.Engine, board_id: str, silent: bool, role: str) -> None:
    """Start a silent brainstorm, or end it and reveal every hidden item to everyone."""
    _facilitator_change(engine, board_id, role, silent=silent)
    if not silent:
        with writing(engine) as connection:
            connection.execute(items.update().where(items.c.board_id == board_id,
                                                    items.c.hidden.is_(True))
                               .values(hidden=False))


def touch_presence(engine: sa.Engine, board_id: str, session_id: str, name: str) -> None:
    """Say this browser session is on the board now (upsert by board and session)."""
    moment = now()
    with writing(engine) as connection:
        done = connection.execute(presence.update().where(
            presence.c.board_id == board_id, presence.c.session_id == session_id,
        ).values(name=name[:200], seen_at=moment)).rowcount
        if not done:
            connection.execute(presence.insert().values(
                board_id=board_id, session_id=session_id, name=name[:200], seen_at=moment))


def present(engine: sa.Engine, board_id: str) -> list[str]:
    """Names of the people seen on the board in the last 30 seconds, sorted."""
    cutoff = now() - dt.timedelta(seconds=PRESENCE_SECONDS)
    with engine.connect() as connection:
        names = connection.execute(sa.select(presence.c.name).where(
            presence.c.board_id == board_id, presence.c.seen_at > cutoff)).scalars().all()
    return sorted(names, key=str.casefold)


def _guard(board_row: Mapping, role: str) -> None:
    """Server-side check of a write: observers never, a locked board only by the facilitator."""
    if role == OBSERVER:
        raise Forbidden("read_only")
    if board_row["locked"] and role != FACILITATOR:
        raise Forbidden("locked")


# --- writing --------------------------------------------------------------------------------

def create(engine: sa.Engine, board: Board, author: str = "") -> str:
    """Store a new board; returns its id."""
    board_id = new_board_id()
    moment = now()
    with writing(engine) as connection:
        connection.execute(boards.insert().values(
            id=board_id, title=board.title, description=board.description,
            language=board.language, revision=1, meta_revision=1,
            created_at=moment, updated_at=moment, facilitator_key=secrets.token_urlsafe(16),
            observer_id=secrets.token_urlsafe(16),
        ))
        state = BoardRows.empty()
        _write(connection, board_id, 1, author, "create", BoardRows.of(board), state)
    return board_id


def apply(engine: sa.Engine, board_id: str, operations: Sequence[Operation],
          author: str = "", role: str = FACILITATOR) -> int:
    """Apply operations as one new revision; returns it.

    ``role`` is checked on the server side (:class:`Forbidden`); local tools such as the
    command line act as the facilitator.  Raises :class:`Conflict`, :class:`ItemNotFound`,
    :class:`BoardNotFound`, or
    :class:`~components.board.boardfile.BoardFileError` when the result would not be a valid board
    (its ``path`` names the field), and then changes nothing.
    """
    with writing(engine) as connection:
        row = _board_row(connection, board_id, lock=True)
        _guard(row, role)
        rows = _item_rows(connection, board_id)
        before = BoardRows.from_rows(row, rows)
        after = before.copy()
        for operation in operations:
            after.apply(operation, row)
        after.board()  # validates the whole result, raises BoardFileError
        revision_ = row["revision"] + 1
        _write(connection, board_id, revision_, author, _action_of(operations), after, before)
    return revision_


def replace(engine: sa.Engine, board_id: str, board: Board, author: str = "") -> int:
    """Replace the whole content with ``board``'s as one new revision (import --into)."""
    with writing(engine) as connection:
        row = _board_row(connection, board_id, lock=True)
        rows = _item_rows(connection, board_id)
        revision_ = row["revision"] + 1
        _write(connection, board_id, revision_, author, "replace", BoardRows.of(board),
               BoardRows.from_rows(row, rows))
    return revision_


def duplicate(engine: sa.Engine, board_id: str, title: str, author: str = "") -> str:
    """A copy of the board under a new id and title (history starts afresh)."""
    original = load(engine, board_id).board
    return create(engine, original.model_copy(update={"title": title}), author)


def delete_board(engine: sa.Engine, board_id: str) -> None:
    """Soft delete: the board disappears from lists and links, restorable for 30 days."""
    with writing(engine) as connection:
        _board_row(connection, board_id, lock=True)
        connection.execute(boards.update().where(boards.c.id == board_id)
                           .values(deleted_at=now()))


def restore_board(engine: sa.Engine, board_id: str) -> None:
    """Bring a soft-deleted board back."""
    with writing(engine) as connection:
        done = connection.execute(
            boards.update().where(boards.c.id == board_id, boards.c.deleted_at.is_not(None))
            .values(deleted_at=None, updated_at=now())
        ).rowcount
    if not done:
        raise BoardNotFound(board_id)


def purge_deleted(engine: sa.Engine) -> int:
    """Remove boards deleted more than 30 days ago; returns how many."""
    cutoff = now() - dt.timedelta(days=RESTORE_DAYS)
    with writing(engine) as connection:
        return connection.execute(boards.delete().where(boards.c.deleted_at < cutoff)).rowcount


def revert(engine: sa.Engine, board_id: str, revision_: int, author: str = "",
           role: str = FACILITATOR) -> int:
    """Undo one revision as a new revision: every record it touched goes back.

    Refused with :class:`Conflict` when someone changed one of those records since.
    """
    return _put_back(engine, board_id, changes.c.revision == revision_, revision_, author,
                     role, "undo")


def restore(engine: sa.Engine, board_id: str, revision_: int, author: str = "",
            role: str = FACILITATOR) -> int:
    """Bring the whole board back to how it was at ``revision_``, as a new revision.

    Every later change is put back in reverse order; the history keeps all of them, so the
    restore itself can be undone.  Facilitator only.
    """
    if role != FACILITATOR:
        raise Forbidden("facilitator_only")
    return _put_back(engine, board_id, changes.c.revision > revision_, None, author, role,
                     "restore")


def _put_back(engine: sa.Engine, board_id: str, which: sa.ColumnElement[bool],
              base_revision: int | None, author: str, role: str, action: str) -> int:
    """Put the logged changes ``which`` back, newest first, as one new revision."""
    with writing(engine) as connection:
        row = _board_row(connection, board_id, lock=True)
        _guard(row, role)
        undone = connection.execute(
            sa.select(changes).where(changes.c.board_id == board_id, which)
            .order_by(changes.c.id.desc())
        ).mappings().all()
        before = BoardRows.from_rows(row, _item_rows(connection, board_id))
        after = before.copy()
        for change in undone:
            after.undo(change, base_revision=base_revision)
        after.board()
        new_revision = row["revision"] + 1
        _write(connection, board_id, new_revision, author, action, after, before)
    return new_revision


def last_revision_by(engine: sa.Engine, board_id: str, author: str) -> int | None:
    """The newest revision this author made that is not itself an undo: "undo my last"."""
    with engine.connect() as connection:
        return connection.execute(
            sa.select(sa.func.max(changes.c.revision)).where(
                changes.c.board_id == board_id, changes.c.author == author,
                changes.c.action.not_in(("undo", "create", "restore")))
        ).scalar_one_or_none()


def _action_of(operations: Sequence[Operation]) -> str:
    names = {type(op).__name__.lower() for op in operations}
    return names.pop() if len(names) == 1 else "edit"


def _write(connection: sa.Connection, board_id: str, revision_: int, author: str,
           action: str, after: BoardRows, before: BoardRows) -> None:
    """Write the difference between two states, log it, and bump the revision."""
    moment = now()
    log = []
    for item_id in after.rows.keys() | before.rows.keys():
        old, new = before.rows.get(item_id), after.rows.get(item_id)
        if old is new or old == new:  # most rows are the very same object in both states
            continue
        if old is None:
            connection.execute(items.insert().values(
                board_id=board_id, id=item_id, revision=revision_, updated_by=author,
                updated_at=moment, hidden=new.hidden, **new.columns()))
        elif new is None:
            connection.execute(items.delete().where(items.c.board_id == board_id,
                                                    items.c.id == item_id))
        else:
            connection.execute(items.update().where(
                items.c.board_id == board_id, items.c.id == item_id,
            ).values(revision=revision_, updated_by=author, updated_at=moment, **new.columns()))
        log.append(dict(board_id=board_id, revision=revision_, at=moment, author=author,
                        action=action, item_id=item_id, kind=(new or old).kind,
                        before=old.columns() if old else None,
                        after=new.columns() if new else None))
    meta_changed = after.meta != before.meta
    if meta_changed:
        log.append(dict(board_id=board_id, revision=revision_, at=moment, author=author,
                        action=action, item_id=None, kind="board",
                        before=before.meta or None, after=after.meta))
    if log:
        connection.execute(changes.insert(), log)
    values = dict(revision=revision_, updated_at=moment, **after.meta)
    if meta_changed:
        values["meta_revision"] = revision_
    connection.execute(boards.update().where(boards.c.id == board_id).values(**values))
