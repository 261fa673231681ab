"""Access and identity in real browsers: what reaches a browser (its page and every websocket
message) holds no facilitator key and no board it has no link for, on every page; the name
typed and the boards opened are remembered by the browser; hidden ideas stay hidden."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from components.board import store
from components.board.access import person_id
from components.board.model import Board, Job, Solution
from tests.browser.conftest import open_page, wait_idle
from tests.browser.test_canvas_browser import choose
from tests.conftest import KEY

PAGES = ("", "canvas", "progress", "funnel", "report", "present")
OTHER_KEY = "other-boards-facilitator-key"


class Received:
    """Everything the server sent one browser page: the websocket messages, as bytes."""

    def __init__(self, page) -> None:
        self.frames: list[bytes] = []
        page.on("websocket", lambda socket: socket.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        self.frames.append(payload if isinstance(payload, bytes) else payload.encode())

    def holds(self, text: str) -> bool:
        return any(text.encode() in frame for frame in self.frames)


def board_with_a_secret(engine, title: str, key: str) -> str:
    return store.create(engine, Board(title=title, needs=[Job(text=f"Job of {title}")],
                                      solutions=[Solution(text=f"Idea of {title}")]), key=key)


@pytest.mark.parametrize("visit", ["participant", "observer", "bare"])
def test_no_visit_without_the_key_reaches_a_key_or_another_board(app_server, browser, visit):
    engine = store.connect(app_server.database_url)
    ours = board_with_a_secret(engine, "Our workshop board", KEY)
    other = board_with_a_secret(engine, "Somebody else's board", OTHER_KEY)
    observer_id = store.workshop(engine, ours).observer_id
    link = {"participant": f"?board={ours}", "observer": f"?view={observer_id}",
            "bare": ""}[visit]
    forbidden = [KEY, OTHER_KEY, other, "Somebody else's board", "Job of Somebody"]
    if visit != "participant":  # the board id is the participant link
        forbidden.append(ours)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    received = Received(page)
    for path in PAGES:
        open_page(page, f"{app_server.url}/{path}{link}")
        wait_idle(page)
        html = page.content()
        assert [text for text in forbidden if text in html] == [], (visit, path)
    if visit != "bare":
        assert received.holds("Our workshop board")  # the pages did show the board
    assert [text for text in forbidden if received.holds(text)] == [], visit
    context.close()
    engine.dispose()


def name_field(page):
    return page.get_by_role("textbox", name="Your name")


def test_a_typed_name_survives_a_page_switch_a_reload_and_a_new_tab(app_server, browser):
    engine = store.connect(app_server.database_url)
    board_id = store.create(engine, Board(title="Named"), key=KEY)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_page(page, f"{app_server.url}/?board={board_id}&key={KEY}")
    name_field(page).fill("Ann Lee")
    name_field(page).press("Enter")
    wait_idle(page)

    page.locator("[data-testid='stSidebarNav']").get_by_text("Funnel calculator").click()
    wait_idle(page)
    page.get_by_role("heading", name="Funnel calculator").wait_for()
    assert name_field(page).input_value() == "Ann Lee"
    page.reload()
    wait_idle(page)
    expect(name_field(page)).to_have_value("Ann Lee", timeout=15_000)
    tab = context.new_page()
    open_page(tab, f"{app_server.url}/?board={board_id}&key={KEY}")
    expect(name_field(tab)).to_have_value("Ann Lee", timeout=15_000)
    # what the new tab saves is signed with the name, and "undo mine" is offered
    tab.get_by_role("textbox", name="Rename").fill("Named, and renamed")
    tab.get_by_role("button", name="Save title").click()
    wait_idle(tab)
    assert store.history(engine, board_id)[0].author == "Ann Lee"
    tab.locator("summary").filter(has_text="History").click()
    tab.get_by_role("button", name="Undo my last change (revision 2)").wait_for()
    context.close()
    engine.dispose()



def test_a_chosen_language_survives_a_reload_and_a_new_tab(app_server, browser):
    engine = store.connect(app_server.database_url)
    board_id = store.create(engine, Board(title="Spoken", language="en"), key=KEY)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_page(page, f"{app_server.url}/?board={board_id}")
    choose(page, page.locator("section[data-testid='stSidebar']"), "Language", "Svenska")
    expect(page.get_by_role("textbox", name="Ditt namn")).to_be_visible(timeout=15_000)
    page.reload()
    wait_idle(page)
    expect(page.get_by_role("textbox", name="Ditt namn")).to_be_visible(timeout=15_000)
    tab = context.new_page()
    open_page(tab, f"{app_server.url}/?board={board_id}")
    expect(tab.get_by_role("textbox", name="Ditt namn")).to_be_visible(timeout=15_000)
    context.close()
    engine.dispose()

def your_boards(page) -> list[str]:
    """The "your boards" list as shown: each board's title and role."""
    heading = page.get_by_role("heading", name="Your boards")
    heading.wait_for()
    column = page.locator("[data-testid='stColumn']").filter(has=heading).first
    return sorted(" ".join(text.split()) for text in column.locator(
        "[data-testid='stHorizontalBlock'] [data-testid='stMarkdownContainer']:has(strong)"
    ).all_inner_texts())


def stored(page, board_id: str) -> None:
    """Wait until the browser has stored the board in its local storage (it does so right
    after the page is drawn; a person never leaves a page that fast, a test does)."""
    page.wait_for_function(
        "id => Object.keys(window.localStorage).some(name => name.endsWith(id))", arg=board_id)


def test_remembered_boards_survive_a_reload_and_a_new_tab_and_never_raise_a_role(
        app_server, browser):
    engine = store.connect(app_server.database_url)
    joined = board_with_a_secret(engine, "Joined board", KEY)
    led = board_with_a_secret(engine, "Led board", OTHER_KEY)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    for board_id, key in ((joined, ""), (led, f"&key={OTHER_KEY}"),
                          (led, "")):  # last the participant link of one's own board
        open_page(page, f"{app_server.url}/?board={board_id}{key}")
        stored(page, board_id)
    expected = ["Joined board as participant", "Led board as facilitator"]
    page.get_by_text("as facilitator").wait_for(timeout=15_000)
    assert your_boards(page) == expected
    page.reload()
    wait_idle(page)
    page.get_by_text("Joined board", exact=True).wait_for(timeout=15_000)
    assert your_boards(page) == expected
    tab = context.new_page()
    open_page(tab, app_server.url)
    tab.get_by_text("Led board", exact=True).wait_for(timeout=15_000)
    assert your_boards(tab) == expected

    row = tab.locator("[data-testid='stHorizontalBlock']").filter(
        has=tab.get_by_text("Joined board", exact=True)).last  # the innermost: its row
    row.get_by_role("button", name="Open", exact=True).click()
    wait_idle(tab)
    tab.get_by_role("heading", name="Joined board").wait_for()
    assert "key=" not in tab.url
    assert tab.get_by_role("button", name="Lock the board").count() == 0
    assert KEY not in tab.content()
    context.close()
    engine.dispose()


def test_hidden_ideas_reach_no_other_browser_whatever_name_it_types(app_server, browser):
    engine = store.connect(app_server.database_url)
    board_id = board_with_a_secret(engine, "Brainstorm", KEY)
    store.set_silent(engine, store.access(engine, store.NOBODY, board=board_id, key=KEY), True)
    ann = store.Person(person_id("anns-own-browser-secret-id"), "Ann")
    store.apply(engine, store.access(engine, ann, board=board_id),
                [store.Add("solutions", {"text": "Ann's unspoken idea"})])
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    received = Received(page)
    open_page(page, f"{app_server.url}/?board={board_id}")
    name_field(page).fill("Ann")  # typing her name shows nothing of hers
    name_field(page).press("Enter")
    wait_idle(page)
    for path in PAGES:
        open_page(page, f"{app_server.url}/{path}?board={board_id}")
        assert "unspoken" not in page.content(), path
        if path != "present":  # the workshop bar says how many are hidden, not what
            expect(page.get_by_test_id("pc-chip-silent")).to_contain_text(
                "1 idea of others is hidden.")
    assert not received.holds("unspoken")
    context.close()
    engine.dispose()


@pytest.mark.parametrize("link", ["?board=no-such-board", "?admin=a-guessed-admin-key"])
def test_a_refused_link_says_so_also_once_the_browser_is_remembered(app_server, browser, link):
    """A new tab reruns at once when the browser remembers boards; what the first run said
    (no such board, not the admin key) stays on the screen."""
    engine = store.connect(app_server.database_url)
    board_id = store.create(engine, Board(title="Remembered before"))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_page(page, f"{app_server.url}/?board={board_id}")
    stored(page, board_id)
    tab = context.new_page()
    open_page(tab, f"{app_server.url}/{link}")
    tab.get_by_text("Remembered before", exact=True).wait_for(timeout=15_000)  # it reran
    wait_idle(tab)
    said = {"?board": "This board does not exist", "?admin": "not this server's admin key"}
    expect(tab.get_by_text(said[link.split("=")[0]], exact=False)).to_be_visible()
    assert "a-guessed-admin-key" not in tab.url
    context.close()
    engine.dispose()
