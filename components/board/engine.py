"""The database engine of the store: connecting, the schema's migrations, write transactions.

One engine per database URL and process (the app keeps it in ``st.cache_resource``).  The
same code runs on the embedded SQLite default and on PostgreSQL; what differs is set up here:

- SQLite runs in WAL mode (readers beside a writer) with foreign keys on, and a write takes
  the write lock first (``BEGIN IMMEDIATE``).  Writers of one process queue on a lock of
  their own before that: SQLite makes a waiting writer sleep and retry, so twenty sessions
  saving at once would spend most of their time asleep; queued, each starts the moment the
  one before it commits.  Writers of other processes still wait through SQLite's busy
  timeout (60 s).
- PostgreSQL keeps a pool of connections, checked before use (a restarted server is no
  error); writers queue on the board row's lock (``SELECT … FOR UPDATE``, in the store).

:func:`writing` is the one way into a write transaction, :func:`board_row` the one way to
read (and lock) a live board's row in it; :func:`connect` creates or upgrades the schema with
the Alembic migrations in ``migrations/``.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from components.board.refusals import BoardNotFound
from components.board.schema import boards

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

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
        return {"connect_args": {"timeout": 60, "check_same_thread": False}}
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
        cursor.execute("PRAGMA busy_timeout=60000")
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
    """A connection in a write transaction: committed at the end, rolled back on an error."""
    with _writer_queues.get(engine) or nullcontext(), engine.connect() as connection:
        connection.execution_options(writing=True)
        with connection.begin():
            yield connection


def board_row(connection: sa.Connection, board_id: str, lock: bool = False) -> Mapping:
    """The row of a board that is not deleted (``lock``: locked until the transaction ends,
    the writers' queue); :class:`~components.board.refusals.BoardNotFound` if there is none."""
    query = sa.select(boards).where(boards.c.id == board_id, boards.c.deleted_at.is_(None))
    row = connection.execute(query.with_for_update() if lock else query).mappings().first()
    if row is None:
        raise BoardNotFound(board_id)
    return row
