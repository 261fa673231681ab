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
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from components.board.boardfile import BoardFileError, validate
from components.board.model import BOARD_FIELDS, COLLECTIONS, JOB_PARTS, Board, new_id
from components.board.schema import boards, changes, items, presence
from components.errors import Problem

RESTORE_DAYS = 30
PRESENCE_SECONDS = 30
FACILITATOR, PARTICIPANT, OBSERVER = "facilitator", "participant", "observer"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
KINDS = (*COLLECTIONS, *JOB_PARTS)


class StoreError(Problem):
    """Base of the store's refusals (sentences under ``store_error``); nothing was written."""

    catalog = "store_error"


class BoardNotFound(StoreError):
    """No board with that id (or it was deleted)."""

    def __init__(self, board_id: str) -> None:
        super().__init__("", "board_not_found", board=board_id)


class ItemNotFound(StoreError):
    """The record was deleted meanwhile, or never existed on this board."""

    def __init__(self, item_id: str) -> None:
        super().__init__("", "item_not_found", item=item_id)


class Forbidden(StoreError):
    """The viewer's role may not do this: an observer writing, anyone but the facilitator
    writing to a locked board, or a participant trying a facilitator action."""

    def __init__(self, reason: str) -> None:
        super().__init__("", f"forbidden_{reason}")


class Conflict(StoreError):
    """Someone else changed the record after the author last saw it.

    ``by`` and ``at`` say who and when, ``theirs`` is the record as it is now (``None`` when
    they deleted it).
    """

    def __init__(self, item_id: str, by: str, at: dt.datetime, theirs: dict | None) -> None:
        super().__init__("", "conflict" if by else "conflict_unsigned", by=by, at=at)
        self.item_id, self.by, self.at, self.theirs = item_id, by, at, theirs


# --- operations -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Add:
    """Add a record to a collection (``outcomes`` etc. need the job as ``parent``)."""

    kind: str
    data: Mapping[str, Any]
    parent: str | None = None


@dataclass(frozen=True)
class Update:
    """Replace a record's fields (without its children), as seen at ``base_revision``."""

    item_id: str
    data: Mapping[str, Any]
    base_revision: int


@dataclass(frozen=True)
class Delete:
    """Delete a record and whatever cannot live without it (a job's outcomes, links to it)."""

    item_id: str
    base_revision: int


@dataclass(frozen=True)
class Move:
    """Move a record to ``position`` among its siblings, under ``parent`` (jobs' parts)."""

    item_id: str
    position: int
    base_revision: int
    parent: str | None = None


@dataclass(frozen=True)
class Meta:
    """Change the board's title, description or language."""

    fields: Mapping[str, str]
    base_revision: int


Operation = Add | Update | Delete | Move | Meta


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
    silence — one primary-key lookup, so the live panel needs nothing else per tick."""

    revision: int
    locked: bool
    timer_ends_at: dt.datetime | None
    facilitator_key: str
    observer_id: str
    vote_dots: int | None = None
    silent: bool = False


# --- engine ---------------------------------------------------------------------------------

def connect(url: str) -> sa.Engine:
    """An engine for ``url`` with the schema created or upgraded to the newest version."""
    engine = sa.create_engine(url, **_engine_options(url))
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    upgrade(engine)
    return engine


def _engine_options(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 60, "check_same_thread": False}}
    return {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 20}


def _tune_sqlite(engine: sa.Engine) -> None:
    """WAL for readers beside a writer, foreign keys on, writers queue instead of failing.

    pysqlite's own transaction handling is switched off so that writes can start with
    ``BEGIN IMMEDIATE`` (take the write lock first, no deadlock between two upgraders).
    """

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection):
        writing = connection.get_execution_options().get("writing", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def upgrade(engine: sa.Engine) -> None:
    """Apply the Alembic migrations; safe when several processes start at once."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _writing(engine) as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7493011)")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def _writing(engine: sa.Engine) -> Iterator[sa.Connection]:
    with engine.connect() as connection:
        connection.execution_options(writing=True)
        with connection.begin():
            yield connection


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment


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
    state = _State.from_rows(row, rows)
    hidden = state.hide_others(viewer) if viewer is not None else 0
    return LoadedBoard(board_id, row["revision"], state.board(), hidden)


def list_boards(engine: sa.Engine, deleted: bool = False,
                limit: int | None = 200) -> list[BoardSummary]:
    """Boards, most recently changed first; ``deleted=True`` lists the restorable ones.

    ``limit=None`` lists them all (the command line does).
    """
    cutoff = _now() - dt.timedelta(days=RESTORE_DAYS)
    where = (boards.c.deleted_at > cutoff) if deleted else boards.c.deleted_at.is_(None)
    order = boards.c.deleted_at.desc() if deleted else boards.c.updated_at.desc()
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(boards).where(where).order_by(order).limit(limit)
        ).mappings().all()
    return [
        BoardSummary(r["id"], r["title"], r["language"], r["revision"],
                     _aware(r["updated_at"]), _aware(r["deleted_at"]))
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
        Change(r["revision"], _aware(r["at"]), r["author"], r["action"], r["kind"],
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
    return Workshop(row["revision"], row["locked"], _aware(row["timer_ends_at"]),
                    row["facilitator_key"], row["observer_id"], row["vote_dots"], row["silent"])


def set_locked(engine: sa.Engine, board_id: str, locked: bool, role: str) -> None:
    """Freeze (or unfreeze) the board for everyone but the facilitator."""
    _facilitator_change(engine, board_id, role, locked=locked)


def start_timer(engine: sa.Engine, board_id: str, seconds: int | None, role: str) -> None:
    """Start a countdown every participant sees (``None`` stops it)."""
    ends = _now() + dt.timedelta(seconds=seconds) if seconds else None
    _facilitator_change(engine, board_id, role, timer_ends_at=ends)


def _facilitator_change(engine: sa.Engine, board_id: str, role: str, **values: Any) -> None:
    if role != FACILITATOR:
        raise Forbidden("facilitator_only")
    with _writing(engine) as connection:
        row = _board_row(connection, board_id, lock=True)
        connection.execute(boards.update().where(boards.c.id == board_id).values(
            revision=row["revision"] + 1, updated_at=_now(), **values))


def open_vote(engine: sa.Engine, board_id: str, dots: int | None, role: str) -> None:
    """Open a dot vote with ``dots`` per participant (``None`` closes it; votes stay)."""
    if dots is not None and not 1 <= dots <= 20:
        raise BoardFileError("vote_dots", "out_of_range", low=1, high=20)
    _facilitator_change(engine, board_id, role, vote_dots=dots)


def set_silent(engine: sa.Engine, board_id: str, silent: bool, role: str) -> None:
    """Start a silent brainstorm, or end it and reveal every hidden item to everyone."""
    _facilitator_change(engine, board_id, role, silent=silent)
    if not silent:
        with _writing(engine) as connection:
            connection.execute(items.update().where(items.c.board_id == board_id,
                                                    items.c.hidden.is_(True))
                               .values(hidden=False))


def touch_presence(engine: sa.Engine, board_id: str, session_id: str, name: str) -> None:
    """Say this browser session is on the board now (upsert by board and session)."""
    now = _now()
    with _writing(engine) as connection:
        done = connection.execute(presence.update().where(
            presence.c.board_id == board_id, presence.c.session_id == session_id,
        ).values(name=name[:200], seen_at=now)).rowcount
        if not done:
            connection.execute(presence.insert().values(
                board_id=board_id, session_id=session_id, name=name[:200], seen_at=now))


def present(engine: sa.Engine, board_id: str) -> list[str]:
    """Names of the people seen on the board in the last 30 seconds, sorted."""
    cutoff = _now() - dt.timedelta(seconds=PRESENCE_SECONDS)
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
    now = _now()
    with _writing(engine) as connection:
        connection.execute(boards.insert().values(
            id=board_id, title=board.title, description=board.description,
            language=board.language, revision=1, meta_revision=1,
            created_at=now, updated_at=now, facilitator_key=secrets.token_urlsafe(16),
            observer_id=secrets.token_urlsafe(16),
        ))
        state = _State.empty()
        _write(connection, board_id, 1, author, "create", _State.of(board), state)
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
    with _writing(engine) as connection:
        row = _board_row(connection, board_id, lock=True)
        _guard(row, role)
        rows = _item_rows(connection, board_id)
        before = _State.from_rows(row, rows)
        after = before.copy()
        for operation in operations:
            after.apply(operation, row)
        after.board()  # validates the whole result, raises BoardFileError
        revision_ = row["revision"] + 1
        _write(connection, board_id, revision_, author, _action_of(operations), after, before)
    return revision_


def replace(engine: sa.Engine, board_id: str, board: Board, author: str = "") -> int:
    """Replace the whole content with ``board``'s as one new revision (import --into)."""
    with _writing(engine) as connection:
        row = _board_row(connection, board_id, lock=True)
        rows = _item_rows(connection, board_id)
        revision_ = row["revision"] + 1
        _write(connection, board_id, revision_, author, "replace", _State.of(board),
               _State.from_rows(row, rows))
    return revision_


def duplicate(engine: sa.Engine, board_id: str, title: str, author: str = "") -> str:
    """A copy of the board under a new id and title (history starts afresh)."""
    original = load(engine, board_id).board
    return create(engine, original.model_copy(update={"title": title}), author)


def delete_board(engine: sa.Engine, board_id: str) -> None:
    """Soft delete: the board disappears from lists and links, restorable for 30 days."""
    with _writing(engine) as connection:
        _board_row(connection, board_id, lock=True)
        connection.execute(boards.update().where(boards.c.id == board_id)
                           .values(deleted_at=_now()))


def restore_board(engine: sa.Engine, board_id: str) -> None:
    """Bring a soft-deleted board back."""
    with _writing(engine) as connection:
        done = connection.execute(
            boards.update().where(boards.c.id == board_id, boards.c.deleted_at.is_not(None))
            .values(deleted_at=None, updated_at=_now())
        ).rowcount
    if not done:
        raise BoardNotFound(board_id)


def purge_deleted(engine: sa.Engine) -> int:
    """Remove boards deleted more than 30 days ago; returns how many."""
    cutoff = _now() - dt.timedelta(days=RESTORE_DAYS)
    with _writing(engine) as connection:
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
    with _writing(engine) as connection:
        row = _board_row(connection, board_id, lock=True)
        _guard(row, role)
        undone = connection.execute(
            sa.select(changes).where(changes.c.board_id == board_id, which)
            .order_by(changes.c.id.desc())
        ).mappings().all()
        before = _State.from_rows(row, _item_rows(connection, board_id))
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
           action: str, after: _State, before: _State) -> None:
    """Write the difference between two states, log it, and bump the revision."""
    now = _now()
    log = []
    for item_id in after.rows.keys() | before.rows.keys():
        old, new = before.rows.get(item_id), after.rows.get(item_id)
        if old == new:
            continue
        if old is None:
            connection.execute(items.insert().values(
                board_id=board_id, id=item_id, revision=revision_, updated_by=author,
                updated_at=now, hidden=new.hidden, **new.columns()))
        elif new is None:
            connection.execute(items.delete().where(items.c.board_id == board_id,
                                                    items.c.id == item_id))
        else:
            connection.execute(items.update().where(
                items.c.board_id == board_id, items.c.id == item_id,
            ).values(revision=revision_, updated_by=author, updated_at=now, **new.columns()))
        log.append(dict(board_id=board_id, revision=revision_, at=now, author=author,
                        action=action, item_id=item_id, kind=(new or old).kind,
                        before=old.columns() if old else None,
                        after=new.columns() if new else None))
    meta_changed = after.meta != before.meta
    if meta_changed:
        log.append(dict(board_id=board_id, revision=revision_, at=now, author=author,
                        action=action, item_id=None, kind="board",
                        before=before.meta or None, after=after.meta))
    if log:
        connection.execute(changes.insert(), log)
    values = dict(revision=revision_, updated_at=now, **after.meta)
    if meta_changed:
        values["meta_revision"] = revision_
    connection.execute(boards.update().where(boards.c.id == board_id).values(**values))


# --- the board in memory, as rows -----------------------------------------------------------

@dataclass
class _Row:
    kind: str
    parent: str | None
    position: int
    data: dict
    revision: int = 0
    updated_by: str = ""
    updated_at: dt.datetime | None = None
    hidden: bool = False

    def columns(self) -> dict:
        return {"kind": self.kind, "parent_id": self.parent, "position": self.position,
                "data": self.data}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Row) and self.columns() == other.columns()


@dataclass
class _State:
    """A board as rows keyed by record id, plus its title/description/language."""

    meta: dict
    rows: dict[str, _Row]
    meta_revision: int = 0
    silent: bool = False
    vote_dots: int | None = None

    @classmethod
    def empty(cls) -> _State:
        return cls({}, {})

    @classmethod
    def from_rows(cls, board_row: Mapping, rows: Iterable[Mapping]) -> _State:
        meta = {name: board_row[name] for name in BOARD_FIELDS}
        return cls(meta, {
            r["id"]: _Row(r["kind"], r["parent_id"], r["position"], r["data"], r["revision"],
                          r["updated_by"], _aware(r["updated_at"]), r["hidden"])
            for r in rows
        }, board_row["meta_revision"], board_row["silent"], board_row["vote_dots"])

    @classmethod
    def of(cls, board: Board) -> _State:
        """Flatten a board into rows (jobs' parts point at their job)."""
        meta = {name: getattr(board, name) for name in BOARD_FIELDS}
        rows: dict[str, _Row] = {}
        for kind in COLLECTIONS:
            for position, record in enumerate(getattr(board, kind)):
                rows[record.id] = _Row(kind, None, position, _fields(record))
        for job in board.needs:
            for part in JOB_PARTS:
                for position, record in enumerate(getattr(job, part)):
                    rows[record.id] = _Row(part, job.id, position, _fields(record))
        return cls(meta, rows)

    def copy(self) -> _State:
        return _State(dict(self.meta), dict(self.rows), self.meta_revision, self.silent,
                      self.vote_dots)

    def hide_others(self, viewer: str) -> int:
        """Leave out what others added during a silent brainstorm; returns how many.

        Parts of a hidden job and links or votes touching a hidden record go with it.
        """
        gone = {i for i, row in self.rows.items() if row.hidden and row.updated_by != viewer}
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

    def apply(self, operation: Operation, board_row: Mapping) -> None:
        if isinstance(operation, Add):
            self._add(operation)
        elif isinstance(operation, Meta):
            self._check_meta(operation, board_row)
            self.meta.update({k: v for k, v in operation.fields.items() if k in BOARD_FIELDS})
        else:
            row = self._current(operation.item_id, operation.base_revision)
            if isinstance(operation, Update):
                self.rows[operation.item_id] = _replace(row, data=_clean(operation.data))
            elif isinstance(operation, Delete):
                self._delete(operation.item_id)
            else:
                self._move(operation.item_id, row, operation)

    def _add(self, operation: Add) -> None:
        if operation.kind not in KINDS:
            raise BoardFileError(operation.kind, "unknown_key")
        if (operation.kind in JOB_PARTS) != (operation.parent is not None):
            raise BoardFileError(f"{operation.kind}.parent", "missing")
        if operation.parent is not None and self.rows.get(operation.parent, _NO_ROW).kind != "needs":
            raise ItemNotFound(operation.parent)
        if operation.kind == "votes":
            self._check_dots(str(operation.data.get("voter", "")))
        item_id = str(operation.data.get("id") or new_id())
        if item_id in self.rows:
            item_id = new_id()
        position = 1 + max((r.position for r in self.rows.values()
                            if r.kind == operation.kind and r.parent == operation.parent),
                           default=-1)
        self.rows[item_id] = _Row(operation.kind, operation.parent, position,
                                  _clean(operation.data),
                                  hidden=self.silent and operation.kind != "votes")

    def _check_dots(self, voter: str) -> None:
        if self.vote_dots is None:
            raise Forbidden("vote_closed")
        used = sum(1 for row in self.rows.values()
                   if row.kind == "votes" and row.data.get("voter") == voter)
        if used >= self.vote_dots:
            raise Forbidden("no_dots_left")

    def _current(self, item_id: str, base_revision: int) -> _Row:
        row = self.rows.get(item_id)
        if row is None:
            raise ItemNotFound(item_id)
        if row.revision > base_revision:
            raise Conflict(item_id, row.updated_by, row.updated_at or _now(), row.data)
        return row

    def _check_meta(self, operation: Meta, board_row: Mapping) -> None:
        if board_row["meta_revision"] > operation.base_revision:
            raise Conflict("board", "", _aware(board_row["updated_at"]), dict(self.meta))

    def _delete(self, item_id: str) -> None:
        """Delete a record and what depends on it: parts of a job, links, references."""
        doomed = {item_id} | {i for i, r in self.rows.items() if r.parent == item_id}
        doomed |= {i for i, row in self.rows.items() if _refers_to(row, doomed)}
        for gone in doomed:
            self.rows.pop(gone, None)
        for other_id, row in list(self.rows.items()):
            cleared = {key: None for key in ("persona", "outcome", "subject")
                       if row.data.get(key) in doomed}
            if cleared:
                self.rows[other_id] = _replace(row, data={**row.data, **cleared})

    def _move(self, item_id: str, row: _Row, operation: Move) -> None:
        parent = operation.parent if row.kind in JOB_PARTS and operation.parent else row.parent
        if parent != row.parent and self.rows.get(parent, _NO_ROW).kind != "needs":
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
        (``None``: put it back regardless, as restoring an earlier revision does)."""
        if change["kind"] == "board":
            self.meta.update(change["before"] or {})
            return
        item_id = change["item_id"]
        current = self.rows.get(item_id)
        if current is not None and base_revision is not None and current.revision > base_revision:
            raise Conflict(item_id, current.updated_by, current.updated_at or _now(),
                           current.data)
        if change["before"] is None:
            self.rows.pop(item_id, None)
        else:
            b = change["before"]
            self.rows[item_id] = _Row(b["kind"], b["parent_id"], b["position"], b["data"])


_NO_ROW = _Row("", None, 0, {})


def _refers_to(row: _Row, ids: set[str]) -> bool:
    """A link or vote that cannot live without one of ``ids``."""
    return row.kind in ("links", "votes") and (row.data.get("solution") in ids
                                               or row.data.get("target") in ids)


def _replace(row: _Row, **changes_: Any) -> _Row:
    fields_ = {**row.__dict__, **changes_, "revision": 0}
    return _Row(**fields_)


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
