"""What a person does on the canvas, as store operations (components.canvas.events): plain
pytest, on the board as the store would hold it."""

from __future__ import annotations

import pytest

from components.board import store
from components.board.model import (
    Board,
    Evidence,
    Job,
    Link,
    Obstacle,
    Outcome,
    Solution,
    Vote,
)
from components.canvas import events
from components.canvas.view import CanvasInputError


def board() -> Board:
    return Board(
        title="Shelf",
        needs=[Job(id="j1", text="Put up a shelf", outcomes=[
            Outcome(id="o1", text="It hangs straight", importance=8, satisfaction=3,
                    judged_by="spirit level",
                    evidence=[Evidence(source="interview", customers=4, quote="crooked twice")]),
            Outcome(id="o2", text="It holds the books")],
            obstacles=[Obstacle(id="b1", text="Uneven floor")]),
            Job(id="j2", text="Hang a picture")],
        solutions=[Solution(id="s1", text="Laser level"), Solution(id="s2", text="Plugs")],
        links=[Link(id="l1", solution="s1", target="o1")],
        votes=[Vote(id="v1", voter="Ann", target="o1")],
    )


def test_adding_takes_the_id_the_browser_made_and_checks_the_text():
    [add] = events.operations(board(), {"op": "add", "kind": "outcome", "text": "  Level  ",
                                        "id": "new1", "parent": "j2"})
    assert add == store.Add("outcomes", {"id": "new1", "text": "Level", "judged_by": "",
                                         "importance": None, "satisfaction": None,
                                         "source": "estimate"}, parent="j2")
    [job] = events.operations(board(), {"op": "add", "kind": "job", "text": "Move house",
                                        "id": "new2", "persona": "nobody"})
    assert job == store.Add("needs", {"id": "new2", "text": "Move house", "persona": None})
    with pytest.raises(CanvasInputError) as empty:
        events.operations(board(), {"op": "add", "kind": "job", "text": "  ", "id": "x"})
    assert (empty.value.field, empty.value.code) == ("text", "empty")
    with pytest.raises(CanvasInputError) as gone:
        events.operations(board(), {"op": "add", "kind": "obstacle", "text": "T", "id": "x",
                                    "parent": "j9"})
    assert gone.value.code == "job_gone"
    with pytest.raises(CanvasInputError) as bad:
        events.operations(board(), {"op": "add", "kind": "job", "text": "T", "id": "a b"})
    assert bad.value.code == "bad_id"


def test_an_add_sent_again_after_it_was_saved_does_nothing():
    assert events.operations(board(), {"op": "add", "kind": "solution", "text": "Again",
                                       "id": "s1"}) == []


def test_an_edit_replaces_the_text_and_keeps_every_other_field():
    [update] = events.operations(board(), {"op": "edit", "item": "o1", "text": "Hangs level",
                                           "base": 4})
    assert update == store.Update("o1", {"text": "Hangs level", "importance": 8.0,
                                         "satisfaction": 3.0, "judged_by": "spirit level",
                                         "source": "estimate", "evidence": [
                                             {"source": "interview", "customers": 4,
                                              "quote": "crooked twice", "date": None}]}, 4)
    [solution] = events.operations(board(), {"op": "edit", "item": "s2", "text": "Wall plugs",
                                             "base": 4})
    assert solution.data == {"text": "Wall plugs", "kind": "product", "description": ""}
    with pytest.raises(store.ItemNotFound):
        events.operations(board(), {"op": "edit", "item": "gone", "text": "x", "base": 4})
    with pytest.raises(CanvasInputError) as long:
        events.operations(board(), {"op": "edit", "item": "o1", "text": "x" * 1001, "base": 4})
    assert long.value.code == "too_long"


def test_rating_an_outcome_checks_the_range_and_marks_it_estimated():
    [update] = events.operations(board(), {"op": "rate", "item": "o2", "field": "importance",
                                           "value": 7.5, "base": 2})
    assert (update.data["importance"], update.data["satisfaction"], update.data["source"]) == (
        7.5, None, "estimate")
    with pytest.raises(CanvasInputError) as high:
        events.operations(board(), {"op": "rate", "item": "o2", "field": "satisfaction",
                                    "value": 11, "base": 2})
    assert (high.value.field, high.value.code) == ("satisfaction", "out_of_range")
    with pytest.raises(CanvasInputError):
        events.operations(board(), {"op": "rate", "item": "b1", "field": "importance",
                                    "value": 3, "base": 2})


def test_moving_puts_a_card_before_a_sibling_or_at_the_end_of_another_job():
    assert events.operations(board(), {"op": "move", "item": "o2", "parent": "j1",
                                       "before": "o1", "base": 3}) == [
        store.Move("o2", 0, 3, parent="j1")]
    assert events.operations(board(), {"op": "move", "item": "o1", "parent": "j2",
                                       "before": None, "base": 3}) == [
        store.Move("o1", 0, 3, parent="j2")]
    assert events.operations(board(), {"op": "move", "item": "s1", "before": None,
                                       "base": 3}) == [store.Move("s1", 1, 3, parent=None)]
    assert events.operations(board(), {"op": "move", "item": "j2", "before": "j1",
                                       "base": 3}) == [store.Move("j2", 0, 3, parent=None)]


def test_links_to_outcomes_obstacles_and_the_job_itself():
    [link] = events.operations(board(), {"op": "link", "solution": "s2", "target": "j2",
                                         "id": "l2"})
    assert link == store.Add("links", {"id": "l2", "solution": "s2", "target": "j2",
                                       "strength": "strong"})
    # linked already: nothing to do
    assert events.operations(board(), {"op": "link", "solution": "s1", "target": "o1",
                                       "id": "l9"}) == []
    with pytest.raises(CanvasInputError) as gone:
        events.operations(board(), {"op": "link", "solution": "s1", "target": "nothing",
                                    "id": "l3"})
    assert gone.value.code == "link_gone"
    assert events.operations(board(), {"op": "strength", "link": "l1", "strength": "weak",
                                       "base": 5}) == [
        store.Update("l1", {"solution": "s1", "target": "o1", "strength": "weak"}, 5)]
    assert events.operations(board(), {"op": "unlink", "link": "l1", "base": 5}) == [
        store.Delete("l1", 5)]
    with pytest.raises(CanvasInputError):
        events.operations(board(), {"op": "strength", "link": "l1", "strength": "medium",
                                    "base": 5})


def test_dots_belong_to_their_voter():
    assert events.operations(board(), {"op": "vote", "target": "s1", "id": "v2"}, "Bob") == [
        store.Add("votes", {"id": "v2", "voter": "Bob", "target": "s1"})]
    with pytest.raises(CanvasInputError) as nameless:
        events.operations(board(), {"op": "vote", "target": "s1", "id": "v3"}, " ")
    assert nameless.value.code == "name_first"
    assert events.operations(board(), {"op": "unvote", "vote": "v1", "base": 1}, "Ann") == [
        store.Delete("v1", 1)]
    with pytest.raises(store.ItemNotFound):  # Bob cannot take back Ann's dot
        events.operations(board(), {"op": "unvote", "vote": "v1", "base": 1}, "Bob")


def test_undo_and_unknown_events():
    assert events.undo_revision({"op": "undo", "revision": 7}) == 7
    assert events.undo_revision({"op": "edit"}) is None
    assert events.operations(board(), {"op": "undo", "revision": 7}) == []
    with pytest.raises(CanvasInputError):
        events.operations(board(), {"op": "undo", "revision": "7"})
    with pytest.raises(CanvasInputError) as unknown:
        events.operations(board(), {"op": "explode"})
    assert unknown.value.code == "unknown_event"
    with pytest.raises(CanvasInputError):
        events.operations(board(), {"op": "delete", "item": "o1"})  # no base revision


def test_touched_records_include_the_siblings_a_move_shifts():
    shelf = board()
    assert events.touched(shelf, [store.Update("o1", {}, 1), store.Delete("b1", 1)]) == {
        "o1", "b1"}
    assert events.touched(shelf, [store.Move("o1", 0, 1, parent="j2")]) == {"o1", "o2"}
    assert events.touched(shelf, [store.Add("needs", {"text": "x"})]) == set()
