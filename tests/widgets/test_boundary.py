"""No traceback reaches a browser: the page boundary, bad links, names and database files.

An unexpected error becomes one sentence in the viewer's language with a reference the
server log holds with the traceback; SQL, its parameters and keys never reach the page.  A
database that does not answer is said (down, busy, damaged) and waited for; a write made
meanwhile is done once it answers.  (``tests/browser/test_no_traceback_in_browser.py``
checks the same on a real server.)
"""

from __future__ import annotations

import logging
import re
import sqlite3

import pytest
from streamlit.runtime.scriptrunner_utils.exceptions import StopException
from streamlit.testing.v1 import AppTest

from components.board import store
from components.board.model import Board, Solution
from components.widgets import shell
from components.widgets.canvas import interactive
from tests.conftest import KEY, PROJECT_ROOT, named
from tests.hostile import as_shown

SECRET = "facilitator-key-do-not-show"


def app(board_id: str | None = None, path: str = "pages/home.py", **query: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    if board_id is not None:
        at.query_params["board"] = board_id
    for name, value in query.items():
        at.query_params[name] = value
    at.switch_page(path)
    return at.run()


def everything(at: AppTest) -> str:
    """Every string the page sends the browser."""
    return "\n".join(str(node.proto) for root in at._tree.children.values()
                     for node in _walk(root) if getattr(node, "proto", None) is not None)


def _walk(node):
    yield node
    for child in (getattr(node, "children", None) or {}).values():
        yield from _walk(child)


@pytest.fixture
def server_log():
    """What the page boundary writes to the server's log."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("components.widgets.boundary")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


@pytest.mark.boundary
def test_an_unexpected_error_is_a_sentence_with_a_reference_in_the_log(app_db, monkeypatch,
                                                                        server_log):
    board_id = store.create(app_db, Board(title="Tafel", language="de"))

    def broken(*_args, **_kwargs):
        raise RuntimeError(f"INSERT INTO boards … [parameters: {{'key': '{SECRET}'}}]")

    monkeypatch.setattr(interactive, "draw", broken)
    at = app(board_id, "pages/canvas.py")
    assert not at.exception
    (said,) = [as_shown(error.value) for error in at.error]
    reference = re.search(r"E-[0-9A-F]{8}", said).group()
    assert said.startswith("Bei uns ist etwas schiefgegangen")  # the board's language
    assert SECRET not in everything(at) and "INSERT" not in everything(at)
    (record,) = server_log
    assert reference in record.getMessage()
    assert SECRET in logging.Formatter().formatException(record.exc_info)  # for the operator
    assert at.title  # the page above the failure is still there


@pytest.mark.parametrize("link", [{"board": "\x00"}, {"board": "a b"}, {"view": "\x00x"},
                                  {"board": "x" * 5000}])
def test_a_link_no_board_can_have_opens_nothing_and_says_so(database_url, monkeypatch, link):
    monkeypatch.setenv("PROGRESS_CANVAS_DB", database_url)
    store.connect(database_url).dispose()
    at = app(**link)
    assert not at.exception
    assert any("does not exist" in error.value for error in at.error)


def test_a_key_no_board_can_have_opens_nothing(app_db):
    board_id = store.create(app_db, Board(title="Board"))
    at = app(board_id, key="ä\x00")
    assert not at.exception
    assert any("does not exist" in error.value for error in at.error)


def test_a_name_with_a_nul_is_signed_without_it(database_url, monkeypatch):
    """PostgreSQL refuses a NUL in text; a name typed with one (pasted) once broke every
    write of that viewer, and showed the new board's facilitator key in the traceback."""
    monkeypatch.setenv("PROGRESS_CANVAS_DB", database_url)
    engine = store.connect(database_url)
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    named(at, "Ann\x00")  # as a browser may report it
    at.switch_page("pages/home.py")
    at.run()
    next(t for t in at.text_input if t.label == "Title").input("Shelf")
    at = next(b for b in at.button if b.label == "Create board").click().run()
    assert not at.exception
    (board,) = store.list_boards(engine)
    assert store.history(engine, board.id)[0].author == "Ann"
    engine.dispose()


def waiting(monkeypatch, then=None) -> list[str]:
    """Make the page's waits for the database end the run (as the page stands while it
    waits); with ``then``, do ``then()`` at the first wait and go on instead.  Returns the
    reasons the page waited for."""
    reasons: list[str] = []
    classify = shell.unavailable

    def noted(error):
        trouble = classify(error)
        if trouble is not None:
            reasons.append(trouble.reason)
        return trouble

    def pause() -> None:
        if then is None:
            raise StopException()
        then()

    monkeypatch.setattr(shell, "unavailable", noted)
    monkeypatch.setattr(shell, "_pause", pause)
    return reasons


def test_a_damaged_database_file_is_said_not_shown(tmp_path, monkeypatch):
    (tmp_path / "boards.sqlite").write_bytes(b"SQLite format 2\x00" + b"\x07" * 8000)
    monkeypatch.setenv("PROGRESS_CANVAS_DB", f"sqlite:///{tmp_path}/boards.sqlite")
    reasons = waiting(monkeypatch)
    at = app()
    assert not at.exception
    assert reasons == ["damaged"]
    assert any("damaged or is not a database" in as_shown(w.value) for w in at.warning)


def test_a_save_while_the_file_is_locked_is_done_once_it_is_free(app_db, tmp_path, monkeypatch):
    board_id = store.create(app_db, Board(title="Locked", solutions=(
        Solution(id="s1", text="Laser level"),)), key=KEY)
    key = KEY
    at = app(board_id, key=key)
    other = sqlite3.connect(tmp_path / "app.sqlite", isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another program locks the file
    reasons = waiting(monkeypatch, then=lambda: other.execute("ROLLBACK"))
    rename = next(t for t in at.text_input if t.label == "Rename")
    rename.input("Renamed while locked")
    at = next(b for b in at.button if b.label == "Save title").click().run()
    assert not at.exception
    assert reasons == ["busy"]
    assert store.load(app_db, board_id).board.title == "Renamed while locked"
    assert any("Renamed while locked" in as_shown(s.value) for s in at.success)
