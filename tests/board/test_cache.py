"""The process-wide cache of boards and views: bounded, built once, never shared wrongly."""

from __future__ import annotations

import dataclasses
import gc
import threading

import pydantic
import pytest

from components.board import cache, store
from components.board.cache import Shelf, board_key, derived
from components.board.model import Board, Solution
from tests.conftest import KEY, facilitator, participant


def test_a_missing_value_is_built_once_however_many_ask_at_once():
    shelf = Shelf(4)
    builds = []
    release = threading.Event()

    def build():
        builds.append(1)
        release.wait(5)
        return "board"

    threads = [threading.Thread(target=lambda: shelf.get("b", build)) for _ in range(8)]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join()
    assert (len(builds), shelf.get("b", build)) == (1, "board")


def test_the_least_recently_used_entry_goes_first_and_a_failed_build_keeps_nothing():
    shelf = Shelf(2)
    shelf.get("a", lambda: 1)
    shelf.get("b", lambda: 2)
    shelf.get("a", lambda: 0)  # "a" is used again: "b" is now the oldest
    shelf.get("c", lambda: 3)
    assert [shelf.peek(key) for key in "abc"] == [(True, 1), (False, None), (True, 3)]

    def broken():
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        shelf.get("d", broken)
    assert shelf.get("d", lambda: 4) == 4


def test_a_silent_board_gets_an_entry_per_viewer_any_other_one_entry_for_all():
    assert board_key("db", "b", 7, False, "ann") == board_key("db", "b", 7, False, "bo")
    assert board_key("db", "b", 7, True, "ann") != board_key("db", "b", 7, True, "bo")
    assert board_key("db", "b", 7, False, "ann") != board_key("db", "b", 8, False, "ann")


def test_a_view_is_built_once_per_board_and_choice_and_never_from_another_board():
    board = Board(title="Shelf")
    first = store.LoadedBoard("b", 1, board)
    same_key_elsewhere = store.LoadedBoard("b", 1, board.model_copy(update={"title": "Other"}))
    builds = []

    def title_of(loaded):
        return lambda: builds.append(1) or loaded.board.title

    assert derived(first, "title", ("en",), title_of(first)) == "Shelf"
    assert derived(first, "title", ("en",), title_of(first)) == "Shelf"
    assert len(builds) == 1
    assert derived(first, "title", ("de",), title_of(first)) == "Shelf"  # another choice
    assert derived(same_key_elsewhere, "title", ("en",), title_of(same_key_elsewhere)) == "Other"
    assert len(builds) == 3


def test_what_the_cache_holds_cannot_be_changed(engine):
    board_id = store.create(engine, Board(title="Shelf", solutions=[Solution(id="s", text="Tape")]),
                            key=KEY)
    loaded = store.load(engine, board_id, viewer=participant(engine, board_id).person)
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.revision = 99
    with pytest.raises(pydantic.ValidationError):
        loaded.board.title = "Changed"
    with pytest.raises(pydantic.ValidationError):
        loaded.board.solutions[0].text = "Glue"


def test_a_board_read_during_a_silent_brainstorm_names_its_viewer(engine):
    board_id = store.create(engine, Board(title="Shelf"), key=KEY)
    ann = participant(engine, board_id, "Ann")
    assert store.load(engine, board_id, viewer=ann.person).seen_by is None
    store.set_silent(engine, facilitator(engine, board_id), True)
    assert store.load(engine, board_id, viewer=ann.person).seen_by == ann.person.id
    assert store.load(engine, board_id).seen_by is None  # the command line sees everything


def test_the_views_of_a_board_go_with_it():
    loaded = store.LoadedBoard("b", 1, Board(title="Shelf"))
    assert derived(loaded, "title", (), lambda: "Shelf") == "Shelf"
    kept = id(loaded)
    assert kept in cache._views
    del loaded
    gc.collect()
    assert kept not in cache._views
