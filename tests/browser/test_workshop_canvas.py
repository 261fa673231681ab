"""A workshop on one canvas in several real browsers: live picture, presence, conflicts, roles.

Each person is a browser context of its own (own cookies, own Streamlit session) on the same
board; the canvas picture is the page's ``.pcv`` block (see test_canvas_browser.py).  Checks of
what a click changed wait for it (``expect``): ``wait_idle`` may return before a rerun started.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from components.board import store
from components.board.model import Board, Job, Outcome, Solution
from tests import conftest
from tests.browser.conftest import open_page, wait_idle
from tests.browser.test_canvas_browser import SOON, flashed, new_board, stored, tab, together
from tests.browser.test_live_workshop import joined
from tests.conftest import KEY

SHELF = Board(title="Shelf workshop", needs=(Job(id="job", text="Put up a shelf", outcomes=(
    Outcome(id="straight", text="The shelf hangs straight", importance=8, satisfaction=3),)),))


def edit_form(page, panel):
    """The edit form of the tab (the one with a Delete button; the add form has none)."""
    return panel.locator("[data-testid='stForm']").filter(
        has=page.get_by_role("button", name="Delete"))


def test_a_solution_added_in_one_browser_shows_in_the_others_within_two_seconds(
        app_server, browser):
    board_id = new_board(app_server, SHELF)
    url = f"{app_server.url}/canvas?board={board_id}"
    people = [joined(browser, url, name) for name in ("Ann", "Bob", "Cleo")]
    (_, ann), *others = people
    for _, page in others:
        expect(page.locator(".pcv-need").get_by_text("The shelf hangs straight", exact=True)
               ).to_be_visible(timeout=SOON)
        page.evaluate("window.notReloaded = true")  # a reload would drop this mark
    laser = [page.locator(".pcv-sol").get_by_text("Laser spirit level", exact=True)
             for _, page in people]
    for drawn in laser:
        expect(drawn).to_have_count(0)

    panel = tab(ann, "Solutions")
    panel.locator("[data-testid='stForm']").first.get_by_label("Solution", exact=True).fill(
        "Laser spirit level")
    panel.get_by_role("button", name="Add").click()
    wait_idle(ann)
    flashed(ann, "Solution added.")
    expect(laser[0]).to_be_visible()
    saved = time.monotonic()
    for drawn in laser[1:]:
        expect(drawn).to_be_visible(timeout=10_000)
        assert time.monotonic() - saved < 2.0
    for _, page in others:
        assert page.evaluate("window.notReloaded") is True
    assert [s.text for s in stored(app_server, board_id).solutions] == ["Laser spirit level"]
    for context, _ in people:
        context.close()


def test_presence_shows_everyone_by_name(app_server, browser):
    board_id = new_board(app_server, SHELF)
    url = f"{app_server.url}/canvas?board={board_id}"
    people = [joined(browser, url, name) for name in ("Ann Lee", "Bob Stone")]
    for _, page in people:
        here = page.get_by_test_id("pc-workshop-bar")  # at the top of the page
        # a typed name is sent at the next live tick (about a second), not after 10 s
        for name, initials in (("Ann Lee", "AL"), ("Bob Stone", "BS")):
            expect(here.get_by_title(name, exact=True)).to_have_text(initials, timeout=5_000)
    for context, _ in people:
        context.close()


def test_a_conflicting_edit_shows_who_changed_it_and_both_versions(app_server, browser):
    board_id, [(ann_context, ann), (bob_context, bob)] = together(
        app_server, browser, SHELF, "Ann", "Bob")
    ann_form, bob_form = (edit_form(page, tab(page, "Outcomes")) for page in (ann, bob))
    bob_panel = bob.locator(".st-key-pc_canvas_edit_panel")
    for form in (ann_form, bob_form):
        expect(form.get_by_label("Desired outcome", exact=True)).to_have_value(
            "The shelf hangs straight", timeout=SOON)

    ann_form.get_by_label("Desired outcome", exact=True).fill("The shelf hangs level")
    ann_form.get_by_role("button", name="Save").click()
    wait_idle(ann)
    flashed(ann, "O1 saved.")
    # Bob's page follows live, but his open form keeps the version he started from
    expect(bob.locator(".pcv-need").get_by_text("The shelf hangs level", exact=True)
           ).to_be_visible(timeout=10_000)
    wait_idle(bob)
    bob_text = bob_form.get_by_label("Desired outcome", exact=True)
    expect(bob_text).to_have_value("The shelf hangs straight")
    bob_text.fill("The shelf is at eye height")
    bob_form.get_by_role("button", name="Save").click()
    wait_idle(bob)

    error = bob_panel.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("Changed by Ann a moment ago", timeout=SOON)
    table = bob_panel.get_by_test_id("stDataFrame")
    expect(table).to_be_visible()
    # the grid draws on a canvas; its cells are also in an accessible table inside it
    expect(table.locator("th[role=columnheader]")).to_have_text(
        ["Field", "Their version", "Your version"])
    expect(table.locator("td[role=gridcell]")).to_have_text(
        ["Desired outcome", "The shelf hangs level", "The shelf is at eye height"])
    [outcome] = stored(app_server, board_id).needs[0].outcomes
    assert outcome.text == "The shelf hangs level"
    ann_context.close()
    bob_context.close()


def test_a_participant_gets_no_lock_button_and_the_store_refuses_them(app_server, browser):
    engine = store.connect(app_server.database_url)
    board_id = store.create(engine, SHELF, key=KEY)
    facilitator_context = browser.new_context(viewport={"width": 1280, "height": 900})
    facilitator = facilitator_context.new_page()
    open_page(facilitator, f"{app_server.url}/?board={board_id}&key={KEY}")
    facilitator.get_by_role("button", name="Run the workshop").click()  # the menu in the bar
    expect(facilitator.get_by_role("button", name="Lock the board")).to_be_visible(
        timeout=SOON)

    participant_context = browser.new_context(viewport={"width": 1280, "height": 900})
    participant = participant_context.new_page()
    open_page(participant, f"{app_server.url}/?board={board_id}")
    # the page is drawn to its end (the export button comes after the workshop controls)
    expect(participant.get_by_role("button", name="Download the board file")).to_be_visible(
        timeout=SOON)
    expect(participant.get_by_role("button", name="Run the workshop")).to_have_count(0)
    expect(participant.get_by_role("button", name="Lock the board")).to_have_count(0)
    expect(participant.get_by_role("button", name="Unlock the board")).to_have_count(0)
    with pytest.raises(store.Forbidden):
        store.set_locked(engine, conftest.participant(engine, board_id), True)
    assert store.workshop(engine, board_id).locked is False
    participant_context.close()
    facilitator_context.close()
    engine.dispose()


def test_the_read_only_link_shows_the_canvas_without_edit_controls(app_server, browser):
    board = SHELF.model_copy(update={"solutions": (Solution(id="laser", text="Laser level"),)})
    board_id = new_board(app_server, board)
    engine = store.connect(app_server.database_url)
    observer_id = store.workshop(engine, board_id).observer_id
    engine.dispose()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    participant = context.new_page()
    open_page(participant, f"{app_server.url}/canvas?board={board_id}")
    observer = context.new_page()
    open_page(observer, f"{app_server.url}/canvas?view={observer_id}")

    expect(observer.get_by_text("You are viewing this board read-only.")).to_be_visible(
        timeout=SOON)
    expect(observer.locator(".pcv-need").get_by_text("The shelf hangs straight", exact=True)
           ).to_be_visible()
    expect(observer.locator(".pcv-sol").get_by_text("Laser level", exact=True)).to_be_visible()
    # the editing tab opens first for the participant; the observer has no such tab
    for page, shown in ((participant, 1), (observer, 0)):
        expect(page.get_by_role("tab", name="Edit the canvas")).to_have_count(shown)
        expect(page.get_by_role("radio", name="Solutions", exact=True)).to_have_count(shown)
    expect(observer.get_by_role("tab", name="Opportunity landscape")).to_have_attribute(
        "aria-selected", "true")
    for page, shown in ((participant, 1), (observer, 0)):
        page.get_by_role("tab", name="Discuss with your team").click()
        wait_idle(page)
        expect(page.get_by_role("button", name="Save answers")).to_have_count(shown)
    expect(observer.locator("textarea")).to_have_count(0)
    expect(observer.get_by_text("No answer yet.")).to_have_count(3)
    for page in (participant, observer):
        page.get_by_role("tab", name="Downloads").click()
        wait_idle(page)
        expect(page.get_by_role("button", name="Canvas (HTML)")).to_be_visible(timeout=SOON)
    context.close()
