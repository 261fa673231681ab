"""The engine tells a database that does not answer (down, busy, damaged) from any other error,
and a locked SQLite file is said within five seconds, not after a minute."""

from __future__ import annotations

import sqlite3
import threading

import pytest
import sqlalchemy as sa

from components.board import engine as engine_module
from components.board import store
from components.board.engine import BUSY_SECONDS, QUEUE_SECONDS, unavailable, writing
from components.board.model import Board
from components.board.refusals import DatabaseDown
from tests.postgres import free_port


def reason(error: BaseException) -> str | None:
    trouble = unavailable(error)
    return trouble.reason if trouble else None


def test_a_sqlite_file_locked_by_another_program_is_busy_within_five_seconds(tmp_path):
    url = f"sqlite:///{tmp_path}/boards.sqlite"
    engine = store.connect(url)
    other = sqlite3.connect(tmp_path / "boards.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with pytest.raises(sa.exc.OperationalError) as caught:
            store.create(engine, Board(title="Waits"))
    finally:
        other.execute("ROLLBACK")
    assert reason(caught.value) == "busy"
    # the waits a write can meet add up to less than five seconds
    assert QUEUE_SECONDS + BUSY_SECONDS < 5
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_SECONDS * 1000
    engine.dispose()


def test_a_write_waiting_too_long_for_its_turn_is_busy(tmp_path, monkeypatch):
    engine = store.connect(f"sqlite:///{tmp_path}/boards.sqlite")
    monkeypatch.setattr(engine_module, "QUEUE_SECONDS", 0.1)
    holding, done = threading.Event(), threading.Event()

    def hold() -> None:
        with writing(engine):
            holding.set()
            done.wait(5)

    writer = threading.Thread(target=hold)
    writer.start()
    holding.wait(5)
    try:
        with pytest.raises(DatabaseDown) as caught:
            store.create(engine, Board(title="Queued"))
    finally:
        done.set()
        writer.join()
    assert caught.value.reason == "busy"
    assert store.list_boards(engine) == []
    engine.dispose()


def test_a_file_that_is_no_database_is_damaged(tmp_path):
    (tmp_path / "boards.sqlite").write_bytes(b"not a database at all " * 400)
    with pytest.raises(sa.exc.DatabaseError) as caught:
        store.connect(f"sqlite:///{tmp_path}/boards.sqlite")
    assert reason(caught.value) == "damaged"


def test_a_server_that_does_not_answer_is_down():
    engine = sa.create_engine(f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none")
    with pytest.raises(sa.exc.OperationalError) as caught:
        engine.connect()
    assert reason(caught.value) == "down"


def test_other_errors_are_no_outage(engine):
    with pytest.raises(sa.exc.DBAPIError) as caught, engine.connect() as connection:
        connection.exec_driver_sql("SELECT * FROM no_such_table")  # a bug, on both databases
    assert reason(caught.value) is None
    assert reason(ValueError("a bug")) is None
    assert reason(DatabaseDown("busy")) == "busy"
