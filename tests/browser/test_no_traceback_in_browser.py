"""No traceback reaches a browser, on a real server: links no board can have, a NUL typed into
the name on PostgreSQL, a damaged SQLite file, a locked one (said within seconds, and the
save done once it is free, what was typed kept meanwhile)."""

from __future__ import annotations

import sqlite3

import pytest
from playwright.sync_api import expect

from components.board import store
from components.board.model import Board
from tests.browser.conftest import open_page, start_server, stop_server, wait_idle
from tests.conftest import KEY, fresh_postgres_database

NO_TRACEBACK = "[data-testid='stException'], [data-testid='stExceptionTraceback']"
#: What a traceback of the store would show.
INTERNALS = ("Traceback", "sqlalchemy", "psycopg", "sqlite3", "INSERT", "SELECT", "[SQL")


def clean(page) -> None:
    assert page.locator(NO_TRACEBACK).count() == 0
    shown = page.locator("[data-testid='stApp']").inner_text()
    assert not [word for word in INTERNALS if word in shown], shown[:500]


@pytest.mark.parametrize("query", ["board=%00", "board=%00&key=%00", "view=%00",
                                   "board=a%20b", "board=x&key=%C3%A4"])
def test_a_link_no_board_can_have_says_so(app_server, page, query):
    open_page(page, f"{app_server.url}/?{query}")
    expect(page.get_by_text("This board does not exist")).to_be_visible()
    clean(page)


@pytest.mark.postgres
def test_a_nul_in_the_name_on_postgresql_breaks_nothing(postgres_base, browser, tmp_path):
    database_url = fresh_postgres_database(postgres_base)
    store.connect(database_url).dispose()
    app, url = start_server(database_url, tmp_path / "app.log")
    try:
        page = browser.new_page()
        open_page(page, f"{url}/?board=%00")
        expect(page.get_by_text("This board does not exist")).to_be_visible()
        clean(page)
        name = page.get_by_role("textbox", name="Your name")
        name.fill("Ann\x00Lee")
        name.press("Enter")
        wait_idle(page)
        page.get_by_role("textbox", name="Title").fill("Shelf")
        page.get_by_role("button", name="Create board").click()
        expect(page.get_by_text("Board “Shelf” created")).to_be_visible()
        clean(page)
        engine = store.connect(database_url)
        (board,) = store.list_boards(engine)
        assert store.history(engine, board.id)[0].author == "AnnLee"
        engine.dispose()
    finally:
        stop_server(app)


def test_a_damaged_database_file_is_said_plainly(browser, tmp_path):
    damaged = tmp_path / "boards.sqlite"
    damaged.write_bytes(b"this is no database " * 500)
    app, url = start_server(f"sqlite:///{damaged}", tmp_path / "app.log")
    try:
        page = browser.new_page()
        page.goto(url)
        expect(page.get_by_text("The database file is damaged or is not a database")
               ).to_be_visible(timeout=20_000)
        clean(page)
    finally:
        stop_server(app)


def test_a_locked_database_file_is_said_and_the_save_done_once_it_is_free(app_server, page):
    engine = store.connect(app_server.database_url)
    board_id = store.create(engine, Board(title="Before"), key=KEY)
    key = KEY
    open_page(page, f"{app_server.url}/?board={board_id}&key={key}")
    rename = page.get_by_role("textbox", name="Rename")
    rename.fill("Renamed while locked")
    other = sqlite3.connect(app_server.database_url.removeprefix("sqlite:///"),
                            isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the file's lock
    try:
        page.get_by_role("button", name="Save title").click()
        expect(page.get_by_text("The database is busy")).to_be_visible(timeout=15_000)
        expect(rename).to_have_value("Renamed while locked")
        clean(page)
    finally:
        other.execute("ROLLBACK")
        other.close()
    expect(page.get_by_role("heading", name="Renamed while locked")).to_be_visible(timeout=20_000)
    assert store.load(engine, board_id).board.title == "Renamed while locked"
    engine.dispose()
