"""Several people on one board: live updates, presence, conflicts and roles in real browsers."""

from __future__ import annotations

import time

from components.board import store
from components.board.model import Board
from tests.browser.conftest import open_page, wait_idle
from tests.conftest import KEY


def joined(browser, url: str, name: str):
    """A participant's browser on ``url`` who typed their name into the sidebar."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    open_page(page, url)
    name_field = page.get_by_role("textbox", name="Your name")
    name_field.fill(name)
    name_field.press("Enter")
    wait_idle(page)
    return context, page


def test_change_in_one_browser_shows_in_the_other_within_two_seconds(app_server, browser):
    engine = store.connect(app_server.database_url)
    board_id = store.create(engine, Board(title="Before"), key=KEY)
    ann_context, ann = joined(browser, f"{app_server.url}/?board={board_id}&key={KEY}", "Ann Lee")
    bob_context, bob = joined(browser, f"{app_server.url}/?board={board_id}", "Bob")

    here = bob.get_by_test_id("pc-workshop-bar")  # who is here: in the workshop bar
    here.get_by_title("Ann Lee").wait_for(timeout=15_000)
    here.get_by_title("Bob").wait_for(timeout=15_000)

    ann.get_by_role("textbox", name="Rename").fill("After the brainstorm")
    ann.get_by_role("button", name="Save title").click()
    wait_idle(ann)
    saved = time.monotonic()
    bob.get_by_role("heading", name="After the brainstorm").wait_for(timeout=10_000)
    assert time.monotonic() - saved < 2.5
    ann_context.close()
    bob_context.close()
    engine.dispose()


def test_observer_link_shows_no_edit_controls_and_participants_cannot_lock(app_server, browser):
    engine = store.connect(app_server.database_url)
    board_id = store.create(engine, Board(title="Read me"))
    secrets_ = store.workshop(engine, board_id)
    context = browser.new_context()
    observer = context.new_page()
    open_page(observer, f"{app_server.url}/?view={secrets_.observer_id}")
    observer.get_by_text("You are viewing this board read-only.").wait_for()
    assert observer.get_by_role("button", name="Lock the board").count() == 0
    assert observer.get_by_role("button", name="Save title").count() == 0
    assert board_id not in observer.content()

    participant = context.new_page()
    open_page(participant, f"{app_server.url}/?board={board_id}")
    assert participant.get_by_role("button", name="Lock the board").count() == 0
    context.close()
    engine.dispose()
