"""Which boards a viewer reaches from the boards page and the sidebar: only those their
browser has a link for, in the role of that link; the admin key lists them all.

The browser's own memory is tested in tests/browser/test_access_in_browser.py; here one
AppTest session stands for one browser.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components.board import store
from components.board.model import Board
from tests.conftest import KEY, PROJECT_ROOT
from tests.hostile import as_shown
from tests.test_home_page import app, button, opened_as, shown


def boards(engine, *titles: str) -> list[str]:
    return [store.create(engine, Board(title=title), key=KEY) for title in titles]


def listed(at: AppTest) -> list[str]:
    """The "your boards" lines: title and role."""
    return [m.value for m in at.markdown if m.value.startswith("**") and "  \n" in m.value]


def picker_choices(at: AppTest) -> list[str]:
    """The boards the sidebar offers to switch to (the open one alone is named, not offered)."""
    boxes = [box for box in at.sidebar.selectbox if box.label == "Board"]
    return [str(option) for box in boxes for option in box.options]


def sidebar_board(at: AppTest) -> list[str]:
    """The open board the sidebar names when there is no other to switch to."""
    return [as_shown(c.value).removeprefix("Board: ") for c in at.sidebar.caption
            if as_shown(c.value).startswith("Board: ")]


def reopen(at: AppTest, **link: str) -> AppTest:
    """Follow another link in the same browser session."""
    for name in ("board", "key", "view"):
        at.query_params.pop(name, None)
    at.query_params.update(link)
    return at.run()


def test_a_bare_visit_lists_no_board_of_the_server(app_db):
    boards(app_db, "Secret one", "Secret two")
    at = app()
    assert "Secret" not in shown(at) + " ".join(picker_choices(at))
    assert not [b for b in at.button if b.label == "Open"]
    assert "No boards in this browser yet" in " ".join(i.value for i in at.info)


def test_a_participant_reaches_only_the_board_of_their_link(app_db):
    mine, other = boards(app_db, "Ours", "Someone else's")
    at = app(mine)
    assert listed(at) == ["**Ours**  \nas participant"]
    assert picker_choices(at) == [] and sidebar_board(at) == ["Ours"]
    assert "Someone else's" not in shown(at)
    assert KEY not in repr([t.value for t in at.text_input])
    assert opened_as(app_db, at) == store.PARTICIPANT
    assert other not in repr(at.session_state["pc_memory"])


def test_boards_opened_before_reopen_in_the_role_of_their_link(app_db):
    joined, led = boards(app_db, "Joined", "Led")
    at = app(joined)
    at = reopen(at, board=led, key=KEY)
    assert sorted(listed(at)) == ["**Joined**  \nas participant", "**Led**  \nas facilitator"]
    assert sorted(picker_choices(at)) == ["Joined", "Led"]
    at = button(at, "Open").click().run()  # the one not open now: Joined
    assert (at.query_params["board"], opened_as(app_db, at)) == (joined, store.PARTICIPANT)
    assert "key" not in at.query_params  # opening it from the list never raises the role


def test_a_facilitator_opening_their_participant_link_keeps_their_facilitators_link(app_db):
    (led,) = boards(app_db, "Led")
    at = app(led, key=KEY)
    at = reopen(at, board=led)
    assert opened_as(app_db, at) == store.PARTICIPANT  # the link says so
    assert listed(at) == ["**Led**  \nas facilitator"]  # the list keeps the key
    at = reopen(at, board=boards(app_db, "Other")[0])
    at = button(at, "Open").click().run()
    assert opened_as(app_db, at) == store.FACILITATOR


def test_only_its_facilitator_sees_and_restores_a_deleted_board(app_db):
    joined, led = boards(app_db, "Joined", "Led")
    store.delete_board(app_db, store.access(app_db, store.NOBODY, board=joined, key=KEY))
    at = app(led, key=KEY)
    at = button(at, "Delete").click().run()
    at = reopen(at, board=joined)  # no board: Joined is deleted too
    assert any("does not exist" in e.value for e in at.error)
    trash = [b for b in at.button if b.label == "Restore"]
    assert len(trash) == 1  # Led, deleted by this facilitator; never Joined
    trash[0].click().run()
    assert {b.id for b in store.list_boards(app_db)} == {led}


def paste(at: AppTest, text: str) -> AppTest:
    next(t for t in at.text_input if t.label == "Link").input(text)
    return next(b for b in at.button if b.label == "Open the link").click().run()


def test_a_pasted_link_opens_its_board_in_its_role(app_db):
    (board_id,) = boards(app_db, "Shared")
    at = paste(app(), f"https://example.org/canvas?board={board_id}&key=wrong")
    assert (at.query_params["board"], opened_as(app_db, at)) == (board_id, store.PARTICIPANT)
    at = paste(at, "https://example.org/?board=no-such-board")
    assert any("does not exist" in e.value for e in at.error)


@pytest.fixture
def admin_key(monkeypatch) -> str:
    monkeypatch.setenv("PROGRESS_CANVAS_ADMIN_KEY", "operators-own-admin-key")
    return "operators-own-admin-key"


def test_the_admin_key_lists_every_board_and_opens_them_as_facilitator(app_db, admin_key):
    boards(app_db, "First", "Second")
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.query_params["admin"] = admin_key
    at.switch_page("pages/home.py")
    at = at.run()
    assert "admin" not in at.query_params  # the key leaves the address at once
    assert "All boards of this server" in [s.value for s in at.subheader]
    assert {"**First**", "**Second**"} <= {m.value for m in at.markdown}
    at = next(b for b in at.button if b.label == "Open").click().run()
    assert any(b.label == "Lock the board" for b in at.button)
    assert "Facilitator link (keep it to yourself)" not in {t.label for t in at.text_input}
    assert listed(at) == []  # what the admin opens does not become this browser's board


@pytest.mark.parametrize("configured", [True, False])
def test_a_wrong_admin_key_lists_nothing(app_db, monkeypatch, configured):
    if configured:
        monkeypatch.setenv("PROGRESS_CANVAS_ADMIN_KEY", "operators-own-admin-key")
    boards(app_db, "Secret")
    at = app(admin="guess")
    assert any("not this server's admin key" in as_shown(e.value) for e in at.error)
    assert "Secret" not in shown(at)
