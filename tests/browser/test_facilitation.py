"""Facilitation a room can see, in real browsers: the workshop bar on every tool, votes from
the canvas, a locked board nobody can type into, and a presentation that fills a projector.

The facilitator runs the workshop from the menu at the end of the bar; the participants'
pages follow within the live interval, without a reload (a mark set in the page survives).
Screenshots of the presentation go to the test's temporary folder.
"""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from components.board import boardfile, store
from components.board.access import person_id
from components.examples import EXAMPLES_DIR
from tests.browser.conftest import open_page, wait_idle
from tests.browser.test_canvas_browser import SOON, new_board, stored
from tests.browser.test_live_workshop import joined
from tests.conftest import KEY, facilitator

TOOLS = ("canvas", "progress", "funnel")
#: How long the bar may take to show a change: the live interval, and a busy machine.
LIVE = 10_000


def example(name: str):
    return boardfile.load((EXAMPLES_DIR / name).read_text("utf-8"))


def facilitator_page(app_server, browser, board_id: str, path: str = "canvas"):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    open_page(page, f"{app_server.url}/{path}?board={board_id}&key={KEY}")
    return context, page


def as_facilitator(app_server, board_id: str, act) -> None:
    """Do ``act(engine, access)`` as the board's facilitator, from outside the browsers."""
    engine = store.connect(app_server.database_url)
    act(engine, facilitator(engine, board_id))
    engine.dispose()


def this_browser(page) -> str:
    """The public id of the browser of ``page`` (its participant id is in local storage)."""
    me = json.loads(page.evaluate("localStorage.getItem('progress-canvas:me')"))
    return person_id(me["id"])


def from_menu(page, label: str) -> None:
    """Click ``label`` in the facilitator's menu (opening it when it is closed)."""
    item = page.get_by_role("button", name=label, exact=True)
    if not item.is_visible():
        page.get_by_role("button", name="Run the workshop").click()
    item.click()
    wait_idle(page)


def test_a_participant_sees_timer_vote_silence_and_lock_on_every_tool_live(app_server,
                                                                            browser):
    board_id = new_board(app_server, example("electronics-funnel.en.yaml"))
    fac_context, facilitator = facilitator_page(app_server, browser, board_id)
    people = []
    for tool in TOOLS:
        _context, page = joined(browser, f"{app_server.url}/{tool}?board={board_id}", "Bo")
        expect(page.get_by_test_id("pc-workshop-bar")).to_be_attached(timeout=SOON)
        page.evaluate("window.notReloaded = true")
        people.append(page)
    for page in people:
        expect(page.get_by_test_id("pc-timer")).to_have_count(0)

    from_menu(facilitator, "Start timer")
    from_menu(facilitator, "Open a dot vote")
    from_menu(facilitator, "Start a silent brainstorm")
    for page in people:
        bar = page.get_by_test_id("pc-workshop-bar")
        expect(bar.get_by_test_id("pc-timer")).to_have_text(
            re.compile(r"0[45]:\d\d"), timeout=LIVE)
        expect(bar.get_by_test_id("pc-chip-vote")).to_have_text(
            "Dot vote open: you have 3 dots. Put them on the cards, metrics or scenarios.",
            timeout=LIVE)
        expect(bar.get_by_test_id("pc-chip-silent")).to_have_text(
            "Silent brainstorm: your ideas stay hidden until the facilitator reveals them.",
            timeout=LIVE)
    from_menu(facilitator, "Lock the board")
    for page in people:
        expect(page.get_by_test_id("pc-chip-lock")).to_have_text(
            "Board locked by the facilitator: you can look, not change.", timeout=LIVE)
        assert page.evaluate("window.notReloaded") is True
    # the timer is the facilitator's to stop while it runs, and it counts down for everyone
    from_menu(facilitator, "Stop timer")
    for page in people:
        expect(page.get_by_test_id("pc-timer")).to_have_count(0, timeout=LIVE)
    fac_context.close()
    for page in people:
        page.context.close()


def test_a_participant_votes_on_the_canvas_and_the_bar_counts_the_dots(app_server, browser):
    board_id = new_board(app_server, example("shelf.en.yaml"))
    as_facilitator(app_server, board_id, lambda engine, access: store.open_vote(engine, access, 2))
    context, page = joined(browser, f"{app_server.url}/canvas?board={board_id}", "Ann")
    chip = page.get_by_test_id("pc-chip-vote")
    expect(chip).to_contain_text("you have 2 dots", timeout=SOON)
    page.get_by_test_id("pc-canvas").locator('[data-pc-vote="out-straight"]').click()
    expect(chip).to_contain_text("you have 1 dot.", timeout=SOON)
    votes = stored(app_server, board_id).votes
    ann = this_browser(page)  # the dot is the browser's, whatever name was typed
    assert [(vote.voter, vote.target) for vote in votes] == [(ann, "out-straight")]
    # on the progress page, the metrics take the other dot
    page.get_by_role("link", name="Progress scorer").click()
    wait_idle(page)
    strip = page.locator(".st-key-pc_vote_progress")
    strip.get_by_role("button", name="Dot").first.click()
    expect(page.get_by_test_id("pc-chip-vote")).to_contain_text("placed all your dots",
                                                                timeout=SOON)
    assert sorted((vote.voter, vote.target) for vote in stored(app_server, board_id).votes) == [
        (ann, "m-tries"), (ann, "out-straight")]
    context.close()


def test_nobody_can_type_into_a_locked_board(app_server, browser):
    board_id = new_board(app_server, example("electronics-funnel.en.yaml"))
    as_facilitator(app_server, board_id,
                   lambda engine, access: store.set_locked(engine, access, True))
    context, page = joined(browser, f"{app_server.url}/canvas?board={board_id}", "Bo")
    canvas = page.get_by_test_id("pc-canvas")
    expect(canvas.locator("[data-pc-item]").first).to_be_visible(timeout=SOON)
    expect(canvas.locator("[data-pc-add], [data-pc-link-handle], [data-pc-vote]")
           ).to_have_count(0)
    canvas.locator("[data-pc-text]").first.dblclick()
    expect(canvas.locator("textarea")).to_have_count(0)  # no editor opens
    expect(page.get_by_role("tab", name="Edit the canvas")).to_have_count(0)

    page.get_by_role("link", name="Progress scorer").click()
    wait_idle(page)
    expect(page.get_by_test_id("pc-chip-lock")).to_be_visible(timeout=SOON)
    expect(page.get_by_text("Add or edit a progress metric")).to_have_count(0)

    page.get_by_role("link", name="Funnel calculator").click()
    wait_idle(page)
    expect(page.get_by_test_id("pc-chip-lock")).to_be_visible(timeout=SOON)
    expect(page.get_by_role("button", name="Change the inputs")).to_have_count(0)
    page.get_by_role("button", name="Try other numbers").click()
    wait_idle(page)
    for label in ("Save scenario", "Save as new scenario"):
        expect(page.get_by_role("button", name=label, exact=True)).to_be_disabled()
    expect(page.get_by_role("button", name="Edit stage table")).to_have_count(0)
    expect(page.get_by_text("Read-only here: try numbers out, saving is off.")).to_be_visible()
    context.close()


#: Whether the element ``selector`` (in the page, or inside the canvas's shadow root) lies
#: wholly inside the window, and nothing scrolls.
WHOLLY_INSIDE = """(selector) => {
  const host = document.querySelector('[data-testid="stBidiComponentIsolated"]');
  const node = document.querySelector(selector)
    || (host && host.shadowRoot.querySelector(selector));
  if (!node) return false;
  const box = node.getBoundingClientRect();
  const main = document.querySelector('[data-testid="stMain"]');
  const scrolls = [document.scrollingElement, main].some(
    (area) => area && area.scrollHeight > area.clientHeight + 1);
  return box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight
    && box.right <= innerWidth && box.height > 50 && !scrolls;
}"""


def test_every_step_of_the_presentation_fills_a_projector_without_scrolling(
        app_server, browser, tmp_path):
    board_id = new_board(app_server, example("electronics-funnel.en.yaml"))
    whole = {"join": '[data-testid="pc-join"]', "canvas": ".pcv",
             "progress": ".pc-slide", "funnel": ".pc-slide"}
    for width, height in ((1920, 1080), (1280, 720)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        open_page(page, f"{app_server.url}/present?board={board_id}&key={KEY}&step=join")
        for step, selector in whole.items():
            if step != "join":
                page.get_by_role("button", name="Next").click()
                wait_idle(page)
            expect(page.get_by_text(f"Step {list(whole).index(step) + 1} of 4")).to_be_visible(
                timeout=SOON)
            # the canvas zooms itself to the screen once it is drawn: wait for it
            page.wait_for_function(WHOLLY_INSIDE, arg=selector, timeout=SOON)
            page.screenshot(path=str(tmp_path / f"present-{step}-{width}x{height}.png"))
            # no presence, no edit chrome; a way out
            expect(page.locator(".pc-people")).to_have_count(0)
            expect(page.get_by_role("link", name="Leave")).to_be_visible()
        expect(page.get_by_role("button", name="Next")).to_be_disabled()
        expect(page.locator(".pc-verdict, [data-testid=pc-funnel]")).to_have_count(1)
        context.close()


def test_participants_follow_the_step_the_facilitator_presents(app_server, browser):
    board_id = new_board(app_server, example("shelf.en.yaml"))
    fac_context, facilitator = facilitator_page(app_server, browser, board_id, "present")
    facilitator.get_by_text("Participants follow").click()
    wait_idle(facilitator)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    follower = context.new_page()
    open_page(follower, f"{app_server.url}/present?board={board_id}&step=funnel")
    expect(follower.get_by_role("heading", name="Put up a shelf · Needs vs solutions")
           ).to_be_visible(timeout=SOON)
    expect(follower.get_by_role("button", name="Next")).to_be_disabled()
    facilitator.get_by_role("button", name="Next").click()
    wait_idle(facilitator)
    expect(follower.get_by_role("heading", name="Put up a shelf · Progress")).to_be_visible(
        timeout=LIVE)
    expect(follower.get_by_test_id("pc-verdict")).to_be_visible()
    fac_context.close()
    context.close()
