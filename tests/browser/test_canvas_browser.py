"""The canvas in a real browser: build it with the forms below it, and check what it draws.

The canvas is one custom component in the page's own DOM (no iframe; its own shadow root, which
Playwright's locators enter by themselves): ``[data-testid=pc-canvas]``, root class ``.pcv``,
need half ``.pcv-need``, solution half ``.pcv-sol``.  Building it on the canvas itself, by
mouse and keyboard: test_canvas_interactive.py.  Labels are the English catalog's
(data/i18n/en/canvas.yaml).

``wait_idle`` can return before a rerun has even started when the machine is busy, so every
check of what a click changed waits for it (``expect``) instead of looking once.
"""

from __future__ import annotations

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from components.board import store
from components.board.model import Board, Job, Outcome
from tests.browser.conftest import wait_idle
from tests.browser.test_live_workshop import joined
from tests.conftest import KEY

HOSTILE = "<img src=x onerror=alert(1)>"
#: How long a check waits for the page to show what a click did (ms).
SOON = 20_000


def new_board(app_server, board: Board) -> str:
    """Store ``board``; its facilitator's key is the tests' ``KEY``."""
    engine = store.connect(app_server.database_url)
    board_id = store.create(engine, board, key=KEY)
    engine.dispose()
    return board_id


def stored(app_server, board_id: str) -> Board:
    """The board as the store has it now."""
    engine = store.connect(app_server.database_url)
    board = store.load(engine, board_id).board
    engine.dispose()
    return board


def together(app_server, browser, board: Board, *names: str):
    """People on the canvas of a new board ``board``: the board id and (context, page) each."""
    board_id = new_board(app_server, board)
    url = f"{app_server.url}/canvas?board={board_id}"
    return board_id, [joined(browser, url, name) for name in names]


def canvas_of(app_server, board: Board, browser):
    """Ann, a participant, on the canvas of a new board ``board``: (context, page, board id)."""
    board_id = new_board(app_server, board)
    context, page = joined(browser, f"{app_server.url}/canvas?board={board_id}", "Ann")
    return context, page, board_id


def tab(page, name: str):
    """Open the editing forms of the kind ``name``; returns the panel that holds them."""
    page.locator(".st-key-pc_canvas_edit_kind").get_by_role("radio", name=name, exact=True).click()
    wait_idle(page)
    return page.locator(".st-key-pc_canvas_edit_panel")


def click(page, scope, button: str) -> None:
    scope.get_by_role("button", name=button).click()
    wait_idle(page)


def add(page, tab_name: str, fields: dict[str, str], done: str) -> None:
    """Fill the add form of ``tab_name`` (label -> text), click Add, wait for ``done``."""
    form = tab(page, tab_name).locator("[data-testid='stForm']").first
    for label, value in fields.items():
        form.get_by_label(label, exact=True).fill(value)
    click(page, form, "Add")
    flashed(page, done)


def choose(page, scope, box: str, option: str) -> None:
    """Pick ``option`` in the select box named ``box``.

    A rerun that lands just after the box was opened (a busy machine finishing the run of the
    previous click) closes its list again, so the list is opened until the option shows.
    """
    for _ in range(5):
        wait_idle(page)
        scope.get_by_role("combobox", name=box).click()
        try:
            page.get_by_role("option", name=option).click(timeout=3_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    page.get_by_role("option", name=option).click()  # the last try reports the failure


def flashed(page, message: str) -> None:
    """Wait for the success message ``message`` (the undo button repeats it, so scope it)."""
    expect(page.get_by_test_id("stAlertContentSuccess").get_by_text(message, exact=True)
           ).to_be_visible(timeout=SOON)


def test_a_canvas_built_by_clicking_draws_needs_solutions_links_and_fit(app_server, browser):
    context, page, board_id = canvas_of(app_server, Board(title="Shelf"), browser)

    add(page, "Jobs", {"Job (what the customer tries to get done)": "Put up a shelf"},
        "Job added.")
    add(page, "Outcomes", {"Desired outcome": "The shelf hangs straight",
                           "Importance (0–10)": "8", "Satisfaction (0–10)": "3"},
        "Desired outcome added.")
    add(page, "Obstacles", {"Obstacle": "Walls are not level"}, "Obstacle added.")
    add(page, "Solutions", {"Solution": "Laser spirit level"}, "Solution added.")
    links = tab(page, "Links")
    choose(page, links, "Link to the job, outcome or obstacle", "O1 · The shelf hangs straight")
    click(page, links, "Save links")
    flashed(page, "Links of S1 saved.")

    figure = page.get_by_test_id("pc-canvas")
    expect(figure).to_have_count(1)
    need, solution = figure.locator(".pcv-need"), figure.locator(".pcv-sol")
    for text in ("Put up a shelf", "The shelf hangs straight", "Walls are not level"):
        expect(need.get_by_text(text, exact=True)).to_be_visible()
        expect(solution.get_by_text(text, exact=True)).to_have_count(0)
    expect(solution.get_by_text("Laser spirit level", exact=True)).to_be_visible()
    expect(need.get_by_text("Laser spirit level")).to_have_count(0)
    expect(need.get_by_label("Importance (O1)")).to_have_value("8")
    expect(need.get_by_label("Satisfaction (O1)")).to_have_value("3")
    # the link is a line between the two cards, no code chips any more
    [link_id] = [link.id for link in stored(app_server, board_id).links]
    expect(figure.locator(f'[data-pc-link="{link_id}"]')).to_have_count(1)
    expect(figure.locator(".pcv-chip, .pcv-link")).to_have_count(0)
    expect(figure.locator(".pcv-score").first).to_have_text("Fit score, outcomes100 / 100")
    expect(figure.locator(".pcv-score").nth(1)).to_have_text("Fit score, obstacles0 / 100")

    board = stored(app_server, board_id)
    [job] = board.needs
    [outcome] = job.outcomes
    [obstacle] = job.obstacles
    [laser] = board.solutions
    [link] = board.links
    assert (job.text, outcome.text, obstacle.text) == (
        "Put up a shelf", "The shelf hangs straight", "Walls are not level")
    assert (outcome.importance, outcome.satisfaction) == (8, 3)
    assert laser.text == "Laser spirit level"
    assert (link.solution, link.target, link.strength) == (laser.id, outcome.id, "strong")
    context.close()


def test_markup_typed_as_an_outcome_shows_as_text(app_server, browser):
    board = Board(title="Hostile", needs=(Job(id="job", text="Put up a shelf"),))
    context, page, board_id = canvas_of(app_server, board, browser)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    add(page, "Outcomes", {"Desired outcome": HOSTILE}, "Desired outcome added.")

    item = page.locator(".pcv-need .pcv-part .pcv-t")
    expect(item).to_have_text([HOSTILE])
    assert page.locator("img[src='x']").count() == 0
    assert page.locator(".pcv img").count() == 0
    assert dialogs == []
    assert stored(app_server, board_id).needs[0].outcomes[0].text == HOSTILE
    context.close()


def test_undo_brings_a_deleted_item_back_into_the_picture(app_server, browser):
    board = Board(title="Undo", needs=(Job(id="job", text="Put up a shelf", outcomes=(
        Outcome(id="straight", text="The shelf hangs straight"),)),))
    context, page, board_id = canvas_of(app_server, board, browser)
    outcome = page.locator(".pcv-need").get_by_text("The shelf hangs straight", exact=True)
    expect(outcome).to_be_visible(timeout=SOON)

    click(page, tab(page, "Outcomes"), "Delete")
    flashed(page, "O1 deleted.")
    expect(outcome).to_have_count(0)
    expect(page.locator(".pcv-need").get_by_text("Put up a shelf", exact=True)).to_be_visible()

    click(page, page, "Undo: O1 deleted.")
    flashed(page, "Undone: O1 deleted.")
    expect(outcome).to_be_visible()
    expect(page.get_by_role("button", name="Undo: O1 deleted.")).to_have_count(0)
    [back] = stored(app_server, board_id).needs[0].outcomes
    assert (back.id, back.text) == ("straight", "The shelf hangs straight")
    context.close()


def test_the_open_tab_stays_open_when_the_viewer_switches_language(app_server, browser):
    context, page, _ = canvas_of(app_server, Board(title="Shelf", needs=(
        Job(text="Put up a shelf", outcomes=(Outcome(text="Straight", importance=8,
                                                     satisfaction=3),)),)), browser)
    page.get_by_role("tab", name="Opportunity landscape").click()
    wait_idle(page)
    choose(page, page.locator("section[data-testid='stSidebar']"), "Language", "Deutsch")
    expect(page.get_by_role("tab", name="Chancenlandschaft")).to_have_attribute(
        "aria-selected", "true", timeout=SOON)
    expect(page.locator("[data-testid='stVegaLiteChart']")).to_have_count(1)
    context.close()
