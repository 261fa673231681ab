"""The database engine of the store: connecting, the schema's migrations, write transactions.

One engine per database URL and process (the app keeps it in ``st.cache_resource``).  The
same code runs on the embedded SQLite default and on PostgreSQL; what differs is set up here:

- SQLite runs in WAL mode (readers beside a writer) with foreign keys on, and a write takes
  the write lock first (``BEGIN IMMEDIATE``).  Writers of one process queue on a lock of
  their own before that: SQLite makes a waiting writer sleep and retry, so twenty sessions
  saving at once would spend most of their time asleep; queued, each starts the moment the
  one before it commits.  A write waits at most :data:`QUEUE_SECONDS` for its turn in the
  queue and then :data:`BUSY_SECONDS` for SQLite's lock (held by a writer of another process
  or program): a few milliseconds each is the rule, thirty sessions saving at the same moment
  queue for well under a second, and a file that stays locked is said on the page within
  five seconds (:class:`~components.board.refusals.DatabaseDown` ``busy``) instead of after
  a minute; the page then tries again by itself.
- PostgreSQL keeps a pool of connections, checked before use (a restarted server is no
  error); writers queue on the board row's lock (``SELECT … FOR UPDATE``, in the store).

:func:`writing` is the one way into a write transaction, :func:`board_row` the one way to
read (and lock) a live board's row in it; :func:`connect` creates or upgrades the schema with
the Alembic migrations in ``migrations/``; :func:`unavailable` tells a database that does not
answer (down, busy, damaged) from every other error.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from components.board.refusals import BoardNotFound, DatabaseDown
from components.board.schema import boards

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

#: How long a SQLite write waits for its turn among this process's writers, then for the
#: file's lock: together under the five seconds after which a page says the file is busy.
QUEUE_SECONDS = 2.0
#: Connections to a SQLite file kept open, and how many more a crowd may open for a moment.
#: SQLAlchemy's default (5 + 10) ran out at 80 sessions: every script run holds one while its
#: query runs and is fetched, and with 80 runs taking turns at the interpreter lock 15 were
#: often held at once, the rest waiting for one (up to 170 ms) while the CPU idled, and a
#: writer waiting in the pool held up the writers behind it (up to 240 ms).  A connection to
#: a file is cheap (a file handle and its page cache), so a crowd gets one each.
SQLITE_POOL, SQLITE_OVERFLOW = 20, 130
BUSY_SECONDS = 2.5

#: The queue of this process's SQLite writers, per engine (none for PostgreSQL).
_writer_queues: weakref.WeakKeyDictionary[sa.Engine, threading.RLock] = (
    weakref.WeakKeyDictionary())


def connect(url: str) -> sa.Engine:
    """An engine for ``url`` with the schema created or upgraded to the newest version."""
    engine = sa.create_engine(url, **_engine_options(url))
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    upgrade(engine)
    return engine


def _engine_options(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        options: dict[str, Any] = {
            "connect_args": {"timeout": BUSY_SECONDS, "check_same_thread": False}}
        if sa.make_url(url).database not in (None, "", ":memory:"):  # a file: a queue pool
            options |= {"pool_size": SQLITE_POOL, "max_overflow": SQLITE_OVERFLOW}
        return options
    return {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 20}


def _tune_sqlite(engine: sa.Engine) -> None:
    """WAL for readers beside a writer, foreign keys on, writers queue instead of failing.

    pysqlite's own transaction handling is switched off so that writes can start with
    ``BEGIN IMMEDIATE`` (take the write lock first, no deadlock between two upgraders).
    """
    _writer_queues[engine] = threading.RLock()

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection):
        writing_ = connection.get_execution_options().get("writing", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing_ else "BEGIN")


def upgrade(engine: sa.Engine) -> None:
    """Apply the Alembic migrations; safe when several processes start at once."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with writing(engine) as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7493011)")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def writing(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection in a write transaction: committed at the end, rolled back on an error.

    On SQLite the write first waits for its turn among this process's writers, at most
    :data:`QUEUE_SECONDS` (then ``DatabaseDown("busy")``: nothing was written).
    """
    queue = _writer_queues.get(engine)
    if queue is not None and not queue.acquire(timeout=QUEUE_SECONDS):
        raise DatabaseDown("busy")
    try:
        with engine.connect() as connection:
            connection.execution_options(writing=True)
            with connection.begin():
                yield connection
    finally:
        if queue is not None:
            queue.release()


def board_row(connection: sa.Connection, board_id: str, lock: bool = False) -> Mapping:
    """The row of a board that is not deleted (``lock``: locked until the transaction ends,
    the writers' queue); :class:`~components.board.refusals.BoardNotFound` if there is none."""
    query = sa.select(boards).where(boards.c.id == board_id, boards.c.deleted_at.is_(None))
    row = connection.execute(query.with_for_update() if lock else query).mappings().first()
    if row is None:
        raise BoardNotFound(board_id)
    return row


#: SQLite's result codes (``sqlite3.Error.sqlite_errorname``, extended codes start alike) of a
#: file someone else keeps locked, a file that is no database or a damaged one, and a file
#: that cannot be opened or written at all.  Any other code (``SQLITE_ERROR``: no such table,
#: a syntax error) is a bug, not an outage.
_BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED")
_DAMAGED = ("SQLITE_NOTADB", "SQLITE_CORRUPT")
_DOWN = ("SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_FULL", "SQLITE_READONLY", "SQLITE_PERM")


def unavailable(error: BaseException) -> DatabaseDown | None:
    """The reason the database did not answer, when ``error`` says it did not; else None.

    A server that cannot be reached (connection refused, gone, restarting: PostgreSQL's
    operational errors) or a SQLite file that cannot be opened is ``down``; a SQLite file
    locked by someone else past the waits is ``busy``; a file that is not a database, or a
    damaged one, is ``damaged``.  Any other error (a bug, a value the database refuses) is
    None: it is no outage, and waiting would not help.
    """
    if isinstance(error, DatabaseDown):
        return error
    if not isinstance(error, sa.exc.DBAPIError):
        return None
    name = getattr(error.orig, "sqlite_errorname", None)
    if name is None:
        operational = isinstance(error, sa.exc.OperationalError | sa.exc.InterfaceError)
        return DatabaseDown("down") if operational else None
    for codes, reason in ((_BUSY, "busy"), (_DAMAGED, "damaged"), (_DOWN, "down")):
        if name.startswith(codes):
            return DatabaseDown(reason)
    return None
