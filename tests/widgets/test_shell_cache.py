"""Pages with the process-wide board cache: what one person changes, the others see; what a
silent brainstorm hides stays hidden; an unchanged board is not loaded again."""

from __future__ import annotations

import secrets

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from components.board import store
from components.board.access import person_id
from components.board.model import Board, Solution
from components.widgets import memory, state
from tests.canvas.test_page import picture
from tests.conftest import KEY, PROJECT_ROOT, facilitator, participant


def browser(page: str, board_id: str, name: str = "") -> tuple[AppTest, store.Access]:
    """A tab on ``page`` of the board, from a browser of its own that remembers ``name``, and
    that person's participant access (to write as them through the store)."""
    secret = secrets.token_hex(16)
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.session_state[state.MEMORY] = {memory.ME: {"at": 1, "id": secret, "name": name}}
    at.query_params["board"] = board_id
    at.switch_page(f"pages/{page}.py")
    return at, store.Access(board_id, store.PARTICIPANT, store.Person(person_id(secret), name))


def shown(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def board_id(app_db) -> str:
    return store.create(app_db, Board(title="Room", solutions=[Solution(id="s1", text="Tape")]),
                        key=KEY)


@pytest.fixture
def queries():
    """The queries every engine of the process sends (the app's own included), without
    transaction control."""
    sent: list[str] = []

    def count(_connection, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            sent.append(statement)

    sa.event.listen(sa.Engine, "before_cursor_execute", count)
    yield sent
    sa.event.remove(sa.Engine, "before_cursor_execute", count)


def test_a_change_by_someone_else_is_seen_at_the_next_run(app_db, board_id):
    bo, _ = browser("canvas", board_id, "Bo")
    assert "Tape" in picture(shown(bo))
    ann = participant(app_db, board_id, "Ann")
    store.apply(app_db, ann, [store.Add("solutions", {"text": "Glue"})])
    assert {"Tape", "Glue"} <= set(picture(shown(bo)))
    store.apply(app_db, ann, [store.Delete("s1", base_revision=2)])
    assert "Tape" not in picture(shown(bo))


def test_a_hidden_idea_is_seen_by_its_author_alone_on_every_page(app_db, board_id):
    store.set_silent(app_db, facilitator(app_db, board_id), True)
    ann_tab, ann = browser("canvas", board_id, "Ann")
    store.apply(app_db, ann, [store.Add("solutions", {"text": "Ann's secret idea"})])
    assert "Ann's secret idea" in picture(shown(ann_tab))  # her board is in the cache now
    for name in ("Bo", "Cy"):
        other, _ = browser("canvas", board_id, name)
        assert "Ann's secret idea" not in picture(shown(other))
        report, _ = browser("report", board_id, name)
        assert "Ann's secret idea" not in str(shown(report).main)
    assert "Ann's secret idea" in picture(shown(ann_tab))
    store.set_silent(app_db, facilitator(app_db, board_id), False)
    assert "Ann's secret idea" in picture(shown(other := browser("canvas", board_id, "Bo")[0]))
    assert not other.exception


def test_a_rerun_of_an_unchanged_board_does_not_load_it_again(app_db, board_id, queries):
    tab, _ = browser("canvas", board_id, "Bo")
    shown(tab)
    queries.clear()
    shown(tab)
    assert not [query for query in queries if "FROM items" in query]
    # one lookup (the link's board, role, revision, workshop and the board picker), and at
    # most the live panel's presence refresh (every 10 s)
    assert len([query for query in queries if query.lstrip().startswith("SELECT")]) == 1
    other, _ = browser("canvas", board_id, "Cy")  # someone else opening it: no load either
    shown(other)
    assert not [query for query in queries if "FROM items" in query]
