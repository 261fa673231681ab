"""Roles by link, checked by the store on SQLite and on PostgreSQL: every write takes the
caller's access, observers write nothing, participants undo only their own changes, the
facilitator's key is stored as a digest, and a browser's links list its boards."""

from __future__ import annotations

import hashlib
import inspect

import pytest
import sqlalchemy as sa

from components.board import schema, store
from components.board.model import Board, Job, Solution
from tests.conftest import KEY, facilitator, participant

ANN = store.Person("ann-browser", "Ann")


def shelf(title: str = "Shelf") -> Board:
    return Board(title=title, needs=[Job(id="j1", text="Put up a shelf")],
                 solutions=[Solution(id="s1", text="Laser level")])


def observer(engine, board_id: str) -> store.Access:
    return store.access(engine, ANN, view=store.workshop(engine, board_id).observer_id)


def test_links_grant_roles(engine):
    board_id = store.create(engine, shelf(), key=KEY)
    assert store.access(engine, ANN, board=board_id).role == store.PARTICIPANT
    assert store.access(engine, ANN, board=board_id, key="guess").role == store.PARTICIPANT
    as_facilitator = store.access(engine, ANN, board=board_id, key=KEY)
    assert (as_facilitator.role, as_facilitator.person) == (store.FACILITATOR, ANN)
    watching = observer(engine, board_id)
    assert (watching.board_id, watching.role) == (board_id, store.OBSERVER)
    assert store.access(engine, ANN, board="nope") is None
    assert store.access(engine, ANN, view=board_id) is None  # a board id is no observer id
    assert store.access(engine, ANN) is None


def test_the_key_is_stored_only_as_its_digest(engine):
    board_id = store.create(engine, shelf(), key=KEY)
    with engine.connect() as connection:
        row = connection.execute(sa.select(schema.boards)).mappings().one()
    assert KEY not in {str(value) for value in row.values()}
    assert row["facilitator_hash"] == hashlib.sha256(KEY.encode()).hexdigest()
    assert store.access(engine, ANN, board=board_id, key=row["facilitator_hash"]).role == (
        store.PARTICIPANT)  # the digest itself is no key


def test_a_board_created_without_a_key_is_facilitated_only_by_the_operator(engine):
    board_id = store.create(engine, shelf())
    operator = store.operator(engine, board_id, store.Person("", "command line"))
    store.set_locked(engine, operator, True)
    assert store.workshop(engine, board_id).locked
    assert store.operator(engine, "nope", ANN) is None


#: Every write of the store, called as ``write(engine, access)``.
WRITES = {
    "apply": lambda engine, access: store.apply(
        engine, access, [store.Add("solutions", {"text": "x"})]),
    "revert": lambda engine, access: store.revert(engine, access, 1),
    "restore": lambda engine, access: store.restore(engine, access, 1),
    "replace": lambda engine, access: store.replace(engine, access, shelf("Replaced")),
    "duplicate": lambda engine, access: store.duplicate(engine, access, "Copy"),
    "delete_board": lambda engine, access: store.delete_board(engine, access),
    "set_locked": lambda engine, access: store.set_locked(engine, access, True),
    "start_timer": lambda engine, access: store.start_timer(engine, access, 60),
    "set_silent": lambda engine, access: store.set_silent(engine, access, True),
    "open_vote": lambda engine, access: store.open_vote(engine, access, 3),
}
FACILITATOR_ONLY = ["restore", "replace", "duplicate", "delete_board", "set_locked",
                    "start_timer", "set_silent", "open_vote"]


@pytest.mark.parametrize("write", sorted(WRITES))
def test_observers_write_nothing(engine, write):
    board_id = store.create(engine, shelf(), key=KEY)
    with pytest.raises(store.Forbidden):
        WRITES[write](engine, observer(engine, board_id))
    assert store.revision(engine, board_id) == 1
    assert len(store.list_boards(engine)) == 1


@pytest.mark.parametrize("write", FACILITATOR_ONLY)
def test_participants_are_refused_the_facilitators_actions(engine, write):
    board_id = store.create(engine, shelf(), key=KEY)
    with pytest.raises(store.Forbidden) as refused:
        WRITES[write](engine, participant(engine, board_id, "Bob"))
    assert refused.value.code == "forbidden_facilitator_only"
    assert store.revision(engine, board_id) == 1
    WRITES[write](engine, facilitator(engine, board_id))  # the facilitator may


def test_no_write_has_a_default_access():
    """Each write names the caller's access, with no default (a forgotten access is an
    error, never a facilitator)."""
    for name in (*WRITES, "restore_board"):
        parameters = list(inspect.signature(getattr(store, name)).parameters.values())
        assert parameters[1].name == "access", name
        assert parameters[1].default is inspect.Parameter.empty, name


def test_a_locked_board_takes_changes_only_from_its_facilitator(engine):
    board_id = store.create(engine, shelf(), key=KEY)
    store.set_locked(engine, facilitator(engine, board_id), True)
    with pytest.raises(store.Forbidden) as locked:
        WRITES["apply"](engine, participant(engine, board_id))
    assert locked.value.code == "forbidden_locked"
    WRITES["apply"](engine, facilitator(engine, board_id))
    assert len(store.load(engine, board_id).board.solutions) == 2


def test_participants_undo_only_their_own_changes(engine):
    board_id = store.create(engine, shelf(), key=KEY)
    ann = participant(engine, board_id, "Ann", "ann-browser")
    bobs = store.apply(engine, participant(engine, board_id, "Bob"), [store.Delete("s1", 1)])
    with pytest.raises(store.Forbidden) as refused:
        store.revert(engine, ann, bobs)
    assert refused.value.code == "forbidden_not_yours"
    impostor = participant(engine, board_id, "Bob")  # the same name, another browser
    with pytest.raises(store.Forbidden):
        store.revert(engine, impostor, bobs)
    with pytest.raises(store.Forbidden):  # nobody in particular owns nothing
        store.revert(engine, store.access(engine, store.NOBODY, board=board_id), bobs)
    assert store.load(engine, board_id).board.solutions == ()
    anns = store.apply(engine, ann, [store.Add("solutions", {"text": "Wall plugs"})])
    store.revert(engine, ann, anns)
    store.revert(engine, facilitator(engine, board_id), bobs)  # the facilitator undoes any
    assert [s.text for s in store.load(engine, board_id).board.solutions] == ["Laser level"]


def test_undo_mine_finds_the_persons_changes_not_the_names(engine):
    board_id = store.create(engine, shelf())
    mine = store.apply(engine, participant(engine, board_id, "Ann", ANN.id),
                       [store.Add("solutions", {"text": "Mine"})])
    store.apply(engine, participant(engine, board_id, "Ann"),
                [store.Add("solutions", {"text": "Another Ann's"})])
    assert store.last_revision_by(engine, board_id, ANN) == mine
    assert store.last_revision_by(engine, board_id, store.Person("", "Ann")) is None


def test_only_its_facilitator_restores_a_deleted_board(engine):
    board_id = store.create(engine, shelf(), key=KEY)
    view = store.workshop(engine, board_id).observer_id
    store.delete_board(engine, facilitator(engine, board_id))
    assert store.access(engine, ANN, board=board_id) is None  # gone for every link
    for link in ({"board": board_id}, {"board": board_id, "key": "guess"}, {"view": view}):
        with pytest.raises(store.Forbidden):
            store.restore_board(engine, store.access(engine, ANN, **link, deleted=True))
    assert store.list_boards(engine) == []
    store.restore_board(engine, store.access(engine, ANN, board=board_id, key=KEY,
                                             deleted=True))
    assert [b.id for b in store.list_boards(engine)] == [board_id]


def test_a_browsers_links_list_its_boards_in_the_strongest_role_each_grants(engine):
    led, joined, watched, deleted, unknown = (
        store.create(engine, shelf(title), key=KEY)
        for title in ("Led", "Joined", "Watched", "Deleted", "Unknown"))
    store.delete_board(engine, facilitator(engine, deleted))
    view = store.workshop(engine, watched).observer_id
    links = [{"board": led}, {"board": led, "key": KEY}, {"board": joined, "key": "wrong"},
             {"view": view}, {"board": deleted, "key": KEY}, {"board": "purged-long-ago"}]
    listed = {linked.summary.title: linked for linked in store.linked_boards(engine, links)}
    assert {title: linked.role for title, linked in listed.items()} == {
        "Led": store.FACILITATOR, "Joined": store.PARTICIPANT, "Watched": store.OBSERVER,
        "Deleted": store.FACILITATOR}
    assert listed["Led"].link == {"board": led, "key": KEY}
    assert listed["Watched"].link == {"view": view}
    assert listed["Deleted"].summary.deleted_at is not None
    assert unknown not in {linked.summary.id for linked in listed.values()}
    assert store.linked_boards(engine, []) == []
