"""The silent brainstorm on SQLite and on PostgreSQL: what someone adds is theirs alone until
the facilitator reveals it: not in anyone else's board, history or writes, whatever name
they type, and the reveal is one transaction."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from components.board import store
from components.board.model import Board, Job, Outcome, Solution
from tests.conftest import KEY, facilitator, participant

ANN_ID = "ann-browser"
IDEA = "Ann's secret idea"


def silent_board(engine) -> tuple[str, store.Access]:
    """A board in a silent brainstorm where Ann added a solution, a job with an outcome, and a
    link from her solution to the visible outcome o1; returns the board and Ann's access."""
    board_id = store.create(engine, Board(
        title="Shelf", needs=[Job(id="j1", text="Put up a shelf", outcomes=[
            Outcome(id="o1", text="It hangs straight")])],
        solutions=[Solution(id="s1", text="Laser level")]), key=KEY)
    store.set_silent(engine, facilitator(engine, board_id), True)
    ann = participant(engine, board_id, "Ann", ANN_ID)
    store.apply(engine, ann, [
        store.Add("solutions", {"id": "s-ann", "text": IDEA}),
        store.Add("needs", {"id": "j-ann", "text": "Ann's hidden job"}),
        store.Add("links", {"id": "l-ann", "solution": "s-ann", "target": "o1"})])
    store.apply(engine, ann, [store.Add("outcomes", {"text": "Ann's hidden outcome"},
                                        parent="j-ann")])
    return board_id, ann


def others(engine, board_id: str) -> dict[str, store.Person]:
    """Everyone but Ann: another participant, one typing Ann's name, one without a name,
    the facilitator, an observer."""
    return {
        "participant": participant(engine, board_id, "Bob").person,
        "same name": participant(engine, board_id, "Ann").person,
        "no name": participant(engine, board_id).person,
        "facilitator": facilitator(engine, board_id, "Fay").person,
        "observer": store.access(engine, store.Person("obs-browser"),
                                 view=store.workshop(engine, board_id).observer_id).person,
        "nobody": store.NOBODY,
    }


def everything_shown(loaded: store.LoadedBoard, changes: list[store.Change]) -> str:
    return repr(loaded.board.model_dump()) + repr(changes)


def test_what_ann_adds_is_shown_to_ann_alone(engine):
    board_id, ann = silent_board(engine)
    seen_by_ann = store.load(engine, board_id, viewer=ann.person)
    assert [s.text for s in seen_by_ann.board.solutions] == ["Laser level", IDEA]
    assert [o.text for job in seen_by_ann.board.needs for o in job.outcomes] == [
        "It hangs straight", "Ann's hidden outcome"]
    assert IDEA in repr(store.history(engine, board_id, viewer=ann.person))
    for who, person in others(engine, board_id).items():
        loaded = store.load(engine, board_id, viewer=person)
        shown = everything_shown(loaded, store.history(engine, board_id, viewer=person))
        assert "Ann's" not in shown and "s-ann" not in shown and "l-ann" not in shown, who
        assert loaded.hidden == 4, who  # the solution, the job with its outcome, the link
        assert [s.text for s in loaded.board.solutions] == ["Laser level"], who


def test_nobody_else_can_touch_a_hidden_item(engine):
    board_id, _ = silent_board(engine)
    bob = participant(engine, board_id, "Bob")
    attempts = [
        store.Update("s-ann", {"text": "Bob's now"}, 99),
        store.Delete("s-ann", 99),
        store.Move("s-ann", 0, 99),
        store.Add("outcomes", {"text": "Into Ann's job"}, parent="j-ann"),
        store.Add("links", {"solution": "s-ann", "target": "o1"}),
        store.Update("o1", {"text": "It hangs straight", "persona": None}, 99),
    ]
    for operation in attempts[:-1]:
        with pytest.raises(store.ItemNotFound):
            store.apply(engine, bob, [operation])
    store.open_vote(engine, facilitator(engine, board_id), 3)
    with pytest.raises(store.ItemNotFound):
        store.apply(engine, bob, [store.Add("votes", {"target": "s-ann"})])
    assert store.load(engine, board_id).board.solutions[1].text == IDEA


def test_ann_edits_deletes_and_undoes_her_hidden_idea_and_it_stays_hers(engine):
    board_id, ann = silent_board(engine)
    store.apply(engine, ann, [store.Update("s-ann", {"text": "Ann's better idea"}, 99)])
    deleted = store.apply(engine, ann, [store.Delete("s-ann", 99)])
    bob = participant(engine, board_id, "Bob").person
    assert "better" not in repr(store.history(engine, board_id, viewer=bob))
    store.revert(engine, ann, deleted)
    assert "Ann's better idea" not in repr(store.load(engine, board_id, viewer=bob).board)
    assert "Ann's better idea" in repr(store.load(engine, board_id, viewer=ann.person).board)


def test_others_deleting_what_a_hidden_link_points_at_keeps_it_hidden(engine):
    board_id, ann = silent_board(engine)
    bob = participant(engine, board_id, "Bob")
    revision = store.apply(engine, bob, [store.Delete("o1", 99)])  # takes Ann's link along
    assert "l-ann" not in repr(store.history(engine, board_id, viewer=bob.person))
    store.revert(engine, facilitator(engine, board_id), revision)
    assert "l-ann" not in repr(store.load(engine, board_id, viewer=bob.person).board)
    assert "l-ann" in repr(store.load(engine, board_id, viewer=ann.person).board)


def test_a_copy_holds_only_what_its_facilitator_sees(engine):
    board_id, _ = silent_board(engine)
    copy = store.duplicate(engine, facilitator(engine, board_id), "Copy")
    assert "Ann's" not in repr(store.load(engine, copy).board)


def test_the_reveal_shows_everything_to_everyone_in_one_transaction(engine):
    board_id, _ = silent_board(engine)
    reveal = facilitator(engine, board_id)
    commits = []

    def committed(_connection) -> None:
        commits.append(1)

    sa.event.listen(engine, "commit", committed)
    store.set_silent(engine, reveal, False)
    sa.event.remove(engine, "commit", committed)
    assert len(commits) == 1
    for who, person in others(engine, board_id).items():
        loaded = store.load(engine, board_id, viewer=person)
        assert (loaded.hidden, loaded.revision) == (0, 5), who
        assert [s.text for s in loaded.board.solutions] == ["Laser level", IDEA], who
        assert IDEA in repr(store.history(engine, board_id, viewer=person)), who


def test_new_items_after_the_reveal_are_seen_by_everyone(engine):
    board_id, ann = silent_board(engine)
    store.set_silent(engine, facilitator(engine, board_id), False)
    store.apply(engine, ann, [store.Add("solutions", {"text": "Said aloud"})])
    bob = participant(engine, board_id, "Bob").person
    assert "Said aloud" in repr(store.load(engine, board_id, viewer=bob).board)
