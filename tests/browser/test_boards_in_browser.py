"""Boards in a real browser: create one, share its link, escape user text."""

from __future__ import annotations

from playwright.sync_api import expect

from components.board import store
from components.board.model import Board
from tests.browser.conftest import open_page, wait_idle
from tests.browser.test_canvas_browser import choose


def test_created_board_opens_from_its_link_in_another_browser(app_server, browser):
    first = browser.new_context(viewport={"width": 1280, "height": 720})
    page = first.new_page()
    open_page(page, app_server.url)
    page.get_by_label("Title").fill("Shelf workshop")
    page.get_by_role("button", name="Create board").click()
    wait_idle(page)
    page.get_by_text("Board “Shelf workshop” created.").wait_for()
    # the first run leads to the new board's canvas, where its work starts
    page.get_by_role("heading", name="Needs vs solutions").wait_for()
    assert "/canvas?" in page.url
    assert "board=" in page.url and "key=" in page.url  # the creator facilitates
    page.get_by_role("link", name="Boards").click()
    wait_idle(page)
    participant_link = page.get_by_test_id("pc-join-link").inner_text()
    assert "board=" in participant_link and "key=" not in participant_link

    second = browser.new_context(viewport={"width": 1280, "height": 720})
    other = second.new_page()
    open_page(other, participant_link)
    other.get_by_role("heading", name="Shelf workshop").wait_for()
    # the sidebar names the open board (the only one this browser knows: nothing to pick)
    sidebar = other.locator("section[data-testid='stSidebar']")
    expect(sidebar.get_by_text("Board: Shelf workshop")).to_be_visible()
    first.close()
    second.close()


def test_user_text_is_shown_as_text_not_markup(app_server, browser):
    engine = store.connect(app_server.database_url)
    hostile = "<img src=x onerror=alert(1)> & <script>alert(2)</script>"
    board_id = store.create(engine, Board(title=hostile, description=hostile))
    engine.dispose()
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_page(page, f"{app_server.url}/?board={board_id}")
    page.get_by_role("heading", name=hostile).wait_for()
    assert page.locator("img[src='x']").count() == 0
    assert dialogs == []
    context.close()


def test_a_german_board_shows_german_labels(app_server, browser):
    engine = store.connect(app_server.database_url)
    board_id = store.create(engine, Board(title="Regal", language="de"))
    engine.dispose()
    context = browser.new_context()
    page = context.new_page()
    open_page(page, f"{app_server.url}/funnel?board={board_id}")
    page.get_by_role("heading", name="Kundentrichter").wait_for()
    context.close()


def test_deep_links_to_a_fresh_server_get_the_apps_navigation_and_live_panel(browser,
                                                                              tmp_path):
    """The first visits of a new server may be a shared /funnel link, opened by a whole room
    at once: every tab gets app.py's navigation and the live panel, not only the first."""
    from tests.browser.conftest import start_server, stop_server

    database_url = f"sqlite:///{tmp_path}/fresh.sqlite"
    engine = store.connect(database_url)
    board_id = store.create(engine, Board(title="Deep link"))
    engine.dispose()
    process, url = start_server(database_url, tmp_path / "fresh.log")
    try:
        contexts = [browser.new_context() for _ in range(3)]
        pages = [context.new_page() for context in contexts]
        for page in pages:  # each returns once loaded: the first runs overlap
            page.goto(f"{url}/funnel?board={board_id}")
        for page in pages:
            wait_idle(page)
            navigation = page.locator("[data-testid='stSidebarNav']")
            navigation.get_by_text("Funnel calculator").wait_for()
            assert navigation.get_by_text("home", exact=True).count() == 0
            page.get_by_text("On this board now").wait_for(timeout=10_000)
        for context in contexts:
            context.close()
    finally:
        stop_server(process)


def test_import_refuses_a_bad_file_and_takes_a_good_one(app_server, browser, tmp_path):
    engine = store.connect(app_server.database_url)
    before = {b.id for b in store.list_boards(engine, limit=None)}
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: progress-canvas/1\ntitle: Shelf\nneeds:\n- text: Put up a shelf\n"
                   "  outcomes:\n  - {text: Straight, importance: 11}\n", encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text("format: progress-canvas/1\ntitle: Imported shelf\n", encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_page(page, app_server.url)

    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(bad))
    wait_idle(page)
    page.get_by_role("button", name="Import as a new board").click()
    wait_idle(page)
    page.get_by_text("needs[0].outcomes[0].importance: must be a number from 0 to 10").wait_for()
    assert {b.id for b in store.list_boards(engine, limit=None)} == before

    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(good))
    wait_idle(page)
    page.get_by_role("button", name="Import as a new board").click()
    wait_idle(page)
    page.get_by_text("Board “Imported shelf” imported.").wait_for()
    titles = {b.title for b in store.list_boards(engine, limit=None)}
    assert "Imported shelf" in titles
    context.close()
    engine.dispose()


def test_the_drop_zone_speaks_the_viewers_language(app_server, browser):
    """Streamlit words its drop zone in English; a Swedish viewer reads it in Swedish."""
    page = browser.new_page()
    open_page(page, app_server.url)
    choose(page, page.locator("section[data-testid='stSidebar']"), "Language", "Svenska")
    expect(page.get_by_role("textbox", name="Ditt namn")).to_be_visible(timeout=15_000)
    wait_idle(page)
    zone = page.get_by_test_id("stFileUploaderDropzone").first
    drawn = "(e, part) => getComputedStyle(e, part).content"
    button = zone.locator("button p")
    assert button.evaluate(drawn, "::after") == '"Ladda upp"'
    assert button.evaluate("e => getComputedStyle(e).fontSize") == "0px"  # "Upload" is gone
    limit = zone.get_by_test_id("stFileUploaderDropzoneInstructions").locator("span").first
    assert limit.evaluate(drawn, "::after") == '"högst 1 MB per fil · YAML, YML"'
    page.close()
