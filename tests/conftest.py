"""Shared fixtures: databases (SQLite and a real PostgreSQL server), boards, the app.

Storage tests take the ``engine`` fixture and run twice: on a fresh SQLite file and on a fresh
database of the PostgreSQL server this session starts itself (see ``tests/postgres.py``); the
PostgreSQL runs carry the ``postgres`` marker.
Without PostgreSQL binaries those runs are skipped with the reason — except when
``PROGRESS_CANVAS_STRICT=1`` (set by ``.ci/run``), where a missing server fails the run.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from streamlit import config as streamlit_config

from components.board import store
from components.widgets import memory, state
from components.widgets.shell import keep_apptest_in_navigation_mode
from tests.postgres import postgres_server

# Page tests run the page through app.py (navigation titles, page, live panel), as a server does.
keep_apptest_in_navigation_mode()
# A page test that fails shows the error's message and traceback (a server shows none of it,
# see client.showErrorDetails in .streamlit/config.toml).
streamlit_config.set_option("client.showErrorDetails", "full")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
STRICT = os.environ.get("PROGRESS_CANVAS_STRICT") == "1"

#: The facilitator's key of the boards the tests create with ``store.create(…, key=KEY)``
#: (the store keeps only its digest, so a test must choose it to open a facilitator link).
KEY = "facilitator-key-of-the-tests"


def participant(engine: sa.Engine, board_id: str, name: str = "",
                person_id: str | None = None) -> store.Access:
    """Someone on the board by its participant link, from a browser of their own (a new
    public id unless ``person_id`` names one), who typed ``name``."""
    person = store.Person(person_id or secrets.token_hex(16), name)
    return store.access(engine, person, board=board_id)


def facilitator(engine: sa.Engine, board_id: str, name: str = "",
                person_id: str | None = None) -> store.Access:
    """The facilitator of a board created with ``key=KEY``, by their link."""
    person = store.Person(person_id or secrets.token_hex(16), name)
    return store.access(engine, person, board=board_id, key=KEY)


def named(at, name: str) -> None:
    """Let the AppTest ``at`` be a browser that remembers ``name`` as typed in the sidebar (as
    its local storage reports it: taken in as the browser's memory is)."""
    first = {memory.ME: {"at": 0, "id": secrets.token_hex(16), "name": ""}}
    at.session_state[state.MEMORY] = memory.merged(first, {memory.ME: {
        "at": 1, "id": secrets.token_hex(16), "name": name}})


@pytest.fixture(autouse=True)
def unexpected_errors_fail(request, monkeypatch):
    """In page tests an unexpected error stays the exception it is (``at.exception``), so a
    test that asserts none sees it; on a server the page boundary turns it into a message
    with a reference (``components/widgets/boundary.py``, whose own tests mark themselves
    ``boundary`` to see that)."""
    if request.node.get_closest_marker("boundary"):
        return
    from components.widgets import boundary

    def fail(error: Exception) -> str:
        raise error

    monkeypatch.setattr(boundary, "report", fail)


@pytest.fixture(scope="session")
def postgres_base():
    """Base URL of the session's PostgreSQL server (no database part)."""
    try:
        with postgres_server() as server:
            yield server.url
    except FileNotFoundError as error:
        if STRICT:
            pytest.fail(f"PostgreSQL is required here: {error}")
        pytest.skip(f"PostgreSQL tests skipped: {error}")


def require_postgres() -> None:
    """Skip (or, in strict mode, fail) a test that needs PostgreSQL binaries."""
    from tests.postgres import find_bindir

    if find_bindir() is None:
        if STRICT:
            pytest.fail("PostgreSQL is required here: binaries not found")
        pytest.skip("PostgreSQL tests skipped: binaries not found")


def fresh_postgres_database(base: str) -> str:
    """Create an empty database on the session's server; returns its URL."""
    name = f"t_{secrets.token_hex(6)}"
    admin = sa.create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return f"{base}/{name}"


def pytest_collection_modifyitems(items):
    """Every test on the PostgreSQL server carries the ``postgres`` marker (``-m postgres``,
    ``-m "not postgres"``): the ``postgresql`` runs of ``database_url`` (marked there) and
    every test that takes the server itself (``postgres_base``)."""
    for item in items:
        if "postgres_base" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    """A fresh, empty database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/boards.sqlite"
    return fresh_postgres_database(request.getfixturevalue("postgres_base"))


def database_at(url: str, revision: str) -> sa.Engine:
    """An engine on ``url`` with the schema of an older version (Alembic ``revision``), to
    write a database as that version did; ``store.connect`` then upgrades it."""
    engine = sa.create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(store.MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return engine


@pytest.fixture
def engine(database_url):
    """An engine on a fresh database with the schema applied."""
    engine = store.connect(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    """Point the app at a fresh SQLite database; returns an engine on it."""
    url = f"sqlite:///{tmp_path}/app.sqlite"
    monkeypatch.setenv("PROGRESS_CANVAS_DB", url)
    engine = store.connect(url)
    yield engine
    engine.dispose()
