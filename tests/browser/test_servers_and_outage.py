"""Two app servers on one PostgreSQL database, and the database going away and coming back."""

from __future__ import annotations

import pytest

from components.board import store
from components.board.model import Board
from tests.browser.conftest import open_page, start_server, stop_server, wait_idle
from tests.conftest import KEY, fresh_postgres_database, require_postgres
from tests.postgres import postgres_server

pytestmark = pytest.mark.postgres  # both run on a PostgreSQL server


def test_a_change_through_one_server_appears_on_the_other(postgres_base, browser, tmp_path):
    database_url = fresh_postgres_database(postgres_base)
    engine = store.connect(database_url)
    board_id = store.create(engine, Board(title="Shared board"), key=KEY)
    first, first_url = start_server(database_url, tmp_path / "first.log")
    second, second_url = start_server(database_url, tmp_path / "second.log")
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        writer, reader = context.new_page(), context.new_page()
        open_page(writer, f"{first_url}/?board={board_id}&key={KEY}")
        open_page(reader, f"{second_url}/?board={board_id}")
        writer.get_by_role("textbox", name="Rename").fill("Renamed on server one")
        writer.get_by_role("button", name="Save title").click()
        wait_idle(writer)
        reader.get_by_role("heading", name="Renamed on server one").wait_for(timeout=5_000)
        context.close()
    finally:
        stop_server(first)
        stop_server(second)
        engine.dispose()


def test_database_outage_shows_a_message_and_recovers_by_itself(browser, tmp_path):
    require_postgres()
    with postgres_server() as server:
        database_url = fresh_postgres_database(server.url)
        engine = store.connect(database_url)
        board_id = store.create(engine, Board(title="Survives outages"))
        engine.dispose()
        app, url = start_server(database_url, tmp_path / "app.log")
        try:
            context = browser.new_context()
            page = context.new_page()
            open_page(page, f"{url}/?board={board_id}")
            page.get_by_role("heading", name="Survives outages").wait_for()
            server.stop()
            page.reload()
            page.get_by_text("Cannot reach the database, retrying").first.wait_for(
                timeout=20_000)
            assert page.locator("[data-testid='stException']").count() == 0
            server.start()
            page.get_by_role("heading", name="Survives outages").wait_for(timeout=20_000)
            context.close()
        finally:
            stop_server(app)
