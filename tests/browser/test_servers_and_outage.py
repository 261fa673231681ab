"""Two app servers on one PostgreSQL database, and the database going away and coming back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from components.board import store
from components.board.model import Board, Job
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
            heading = page.get_by_role("heading", name="Survives outages")
            heading.first.wait_for(timeout=20_000)  # (the waiting run's page may still show)
            wait_idle(page)
            expect(heading).to_have_count(1)
            context.close()
        finally:
            stop_server(app)


def test_what_is_typed_while_the_database_is_down_is_kept_and_saved_once_it_answers(browser,
                                                                                     tmp_path):
    """A form saved during an outage keeps its text on the page, with the notice, and is
    saved as soon as PostgreSQL is back; so is a card added on the canvas meanwhile, even
    when the page is reloaded before the database answers."""
    require_postgres()
    with postgres_server() as server:
        database_url = fresh_postgres_database(server.url)
        engine = store.connect(database_url)
        board_id = store.create(engine, Board(title="Outage", needs=[Job(id="job",
                                                                         text="Put up a shelf")]))
        engine.dispose()
        app, url = start_server(database_url, tmp_path / "app.log")
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            open_page(page, f"{url}/canvas?board={board_id}")
            page.get_by_role("tab", name="Discuss with your team").click()
            wait_idle(page)
            answer = page.get_by_role("textbox", name=re.compile("Do we really understand"))
            answer.fill("We talked to five customers")

            server.stop()
            page.get_by_role("button", name="Save answers").click()
            page.get_by_text("Cannot reach the database, retrying").first.wait_for(
                timeout=20_000)
            expect(page.get_by_text("what you typed stays on this page")).to_be_visible()
            expect(answer).to_have_value("We talked to five customers")
            assert page.locator("[data-testid='stException']").count() == 0
            server.start()
            expect(page.get_by_test_id("stAlertContentSuccess").get_by_text("Answers saved.")
                   ).to_be_visible(timeout=30_000)
            assert [a.text for a in saved_board(database_url, board_id).answers] == [
                "We talked to five customers"]

            server.stop()
            canvas = page.get_by_test_id("pc-canvas")
            canvas.locator('[data-pc-add="solution"]').first.click()
            page.keyboard.type("Laser spirit level")
            page.keyboard.press("Enter")
            page.keyboard.press("Escape")
            page.get_by_text("Cannot reach the database, retrying").first.wait_for(
                timeout=20_000)
            expect(canvas.get_by_text("Laser spirit level")).to_be_visible()
            page.reload()  # the tab keeps the card until the server has it
            page.get_by_text("Cannot reach the database, retrying").first.wait_for(
                timeout=20_000)
            server.start()
            new_card = canvas.locator('[data-pc-kind="solution"]',
                                      has_text="Laser spirit level")
            expect(new_card).not_to_have_attribute("data-pc-pending", "", timeout=30_000)
            assert [s.text for s in saved_board(database_url, board_id).solutions] == [
                "Laser spirit level"]
            context.close()
        finally:
            stop_server(app)


def saved_board(database_url: str, board_id: str) -> Board:
    engine = store.connect(database_url)
    try:
        return store.load(engine, board_id).board
    finally:
        engine.dispose()
