"""The store on SQLite and on a real PostgreSQL server: boards, items, conflicts, history.

Roles and keys are tested in test_access.py, the silent brainstorm in test_silent.py.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from components.board import boardfile, schema, store
from components.board.model import Board, Job, Link, Outcome, Solution, count_items
from components.errors import message
from tests.conftest import KEY, database_at, facilitator, participant

ANN, BOB = store.Person("ann-browser", "Ann"), store.Person("bob-browser", "Bob")


def shelf() -> Board:
    return Board(
        title="Shelf",
        needs=[Job(id="j1", text="Put up a shelf", outcomes=[
            Outcome(id="o1", text="It hangs straight", importance=9, satisfaction=3)])],
        solutions=[Solution(id="s1", text="Laser level")],
        links=[Link(id="l1", solution="s1", target="o1", strength="strong")],
    )


def test_board_round_trips_through_the_store(engine):
    board_id = store.create(engine, shelf(), ANN)
    loaded = store.load(engine, board_id)
    assert loaded.board == shelf()
    assert loaded.revision == 1
    assert len(board_id) >= 22  # at least 128 random bits, URL-safe


def test_board_ids_never_look_like_a_command_line_option():
    # one random URL-safe id in 64 starts with "-"; 2000 without one would be luck (1e-14)
    assert not [board_id for board_id in (store.new_board_id() for _ in range(2000))
                if board_id.startswith("-")]


def test_every_change_bumps_the_revision_and_is_logged(engine):
    board_id = store.create(engine, shelf(), ANN)
    revision = store.apply(engine, participant(engine, board_id, "Bob", BOB.id), [
        store.Add("outcomes", {"text": "Holds the books", "importance": 8}, parent="j1")])
    assert revision == 2 == store.revision(engine, board_id)
    latest = store.history(engine, board_id)[0]
    assert (latest.author, latest.author_id, latest.action, latest.kind) == (
        "Bob", BOB.id, "add", "outcomes")
    texts = [o.text for o in store.load(engine, board_id).board.needs[0].outcomes]
    assert texts == ["It hangs straight", "Holds the books"]


def test_stale_edit_is_refused_with_who_changed_it(engine):
    board_id = store.create(engine, shelf(), ANN)
    store.apply(engine, participant(engine, board_id, "Bob"),
                [store.Update("o1", {"text": "Straight", "importance": 9}, 1)])
    with pytest.raises(store.Conflict) as refused:
        store.apply(engine, participant(engine, board_id, "Ann"),
                    [store.Update("o1", {"text": "Mine", "importance": 9}, 1)])
    assert refused.value.by == "Bob"
    assert refused.value.theirs["text"] == "Straight"
    assert store.load(engine, board_id).board.needs[0].outcomes[0].text == "Straight"


def test_adding_never_conflicts(engine):
    board_id = store.create(engine, shelf(), ANN)
    for text in ("Wall plugs", "Stud finder"):
        store.apply(engine, participant(engine, board_id), [store.Add("solutions", {"text": text})])
    assert len(store.load(engine, board_id).board.solutions) == 3


def test_invalid_edit_names_the_field_and_changes_nothing(engine):
    board_id = store.create(engine, shelf(), ANN)
    someone = participant(engine, board_id)
    with pytest.raises(boardfile.BoardFileError) as refused:
        store.apply(engine, someone, [
            store.Update("o1", {"text": "It hangs straight", "importance": 11}, 1)])
    assert refused.value.path == "needs[0].outcomes[0].importance"
    assert str(refused.value).endswith("must be a number from 0 to 10")
    assert store.revision(engine, board_id) == 1
    with pytest.raises(boardfile.BoardFileError) as too_long:
        store.apply(engine, someone, [store.Add("solutions", {"text": "x" * 1001})])
    assert too_long.value.path == "solutions[1].text"


def test_deleting_a_job_takes_its_parts_and_links_and_undo_brings_them_back(engine):
    board_id = store.create(engine, shelf(), ANN)
    ann = participant(engine, board_id, "Ann", ANN.id)
    revision = store.apply(engine, ann, [store.Delete("j1", 1)])
    emptied = store.load(engine, board_id).board
    assert (emptied.needs, emptied.links) == ((), ())
    assert store.last_revision_by(engine, board_id, ANN) == revision
    store.revert(engine, ann, revision)
    assert store.load(engine, board_id).board == shelf()


def test_import_into_replaces_content_as_one_revision_keeping_history(engine):
    board_id = store.create(engine, shelf(), ANN)
    other = Board(title="Funnel only")
    operator = store.operator(engine, board_id, store.Person("", "command line"))
    revision = store.replace(engine, operator, other)
    assert store.load(engine, board_id).board == other
    assert store.history(engine, board_id)[0].author == "command line"
    store.revert(engine, operator, revision)
    assert store.load(engine, board_id).board == shelf()


def test_soft_delete_restore_duplicate_and_list(engine):
    first = store.create(engine, shelf(), key=KEY)
    copy = store.duplicate(engine, facilitator(engine, first), "Shelf (copy)", "copy-key")
    assert store.load(engine, copy).board.needs == shelf().needs
    assert store.access(engine, ANN, board=copy, key="copy-key").role == store.FACILITATOR
    store.delete_board(engine, facilitator(engine, first))
    assert [b.id for b in store.list_boards(engine)] == [copy]
    assert [b.id for b in store.list_boards(engine, deleted=True)] == [first]
    with pytest.raises(store.BoardNotFound):
        store.load(engine, first)
    assert store.access(engine, ANN, board=first, key=KEY) is None  # no link opens it
    store.restore_board(engine, store.access(engine, ANN, board=first, key=KEY, deleted=True))
    assert {b.id for b in store.list_boards(engine)} == {first, copy}


def test_item_limit_is_enforced(engine):
    board_id = store.create(engine, Board(title="Full"))
    many = [store.Add("solutions", {"text": f"S{i}"}) for i in range(5001)]
    with pytest.raises(boardfile.BoardFileError) as refused:
        store.apply(engine, participant(engine, board_id), many)
    assert refused.value.code == "too_many_items"
    assert count_items(store.load(engine, board_id).board) == 0


def test_twenty_writers_adding_fifty_items_each_lose_nothing(engine):
    """20 people add 50 solutions each at the same time: exactly 1000, 1000 revisions."""
    board_id = store.create(engine, Board(title="Brainstorm"))
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            access = participant(engine, board_id, f"writer {number}")
            for item in range(50):
                store.apply(engine, access,
                            [store.Add("solutions", {"text": f"idea {number}-{item}"})])
        except BaseException as error:  # any, to report it below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    board = store.load(engine, board_id).board
    assert len(board.solutions) == 1000
    assert len({s.text for s in board.solutions}) == 1000
    assert store.revision(engine, board_id) == 1 + 1000
    assert len([c for c in store.history(engine, board_id, limit=2000)
                if c.action == "add"]) == 1000


def test_a_database_from_an_older_version_opens(database_url):
    """A database at the first schema version, with a board in it, upgrades on start and
    keeps every item and every line of history."""
    old = database_at(database_url, "0001")
    now = dt.datetime.now(dt.UTC)
    with old.begin() as connection:  # a version-1 board, written by hand
        if old.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.execute(_v1("boards", "id", "title", "description", "language", "revision",
                               "meta_revision", "created_at", "updated_at").insert().values(
            id="old-board", title="From version 1", description="", language="de",
            revision=2, meta_revision=1, created_at=now, updated_at=now))
        connection.execute(_v1("items", "board_id", "id", "kind", "parent_id", "position",
                               "data", "revision", "updated_by", "updated_at").insert().values(
            board_id="old-board", id="s1", kind="solutions", parent_id=None, position=0,
            data={"text": "Laser level"}, revision=2, updated_by="ann", updated_at=now))
        connection.execute(_v1("changes", "board_id", "revision", "at", "author", "action",
                               "item_id", "kind", "before", "after").insert().values(
            board_id="old-board", revision=2, at=now, author="ann", action="add", item_id="s1",
            kind="solutions", before=None, after={"kind": "solutions", "parent_id": None,
                                                  "position": 0, "data": {"text": "Laser level"}}))
    old.dispose()
    upgraded = store.connect(database_url)
    board = store.load(upgraded, "old-board").board
    assert (board.title, [s.text for s in board.solutions]) == ("From version 1", ["Laser level"])
    assert [c.author for c in store.history(upgraded, "old-board")] == ["ann"]
    assert store.access(upgraded, ANN, board="old-board").role == store.PARTICIPANT
    with upgraded.connect() as connection:  # a key was drawn (0002) and only its digest kept
        digest = connection.execute(sa.select(schema.boards.c.facilitator_hash)).scalar()
    assert len(digest) == 64
    upgraded.dispose()


def _v1(name: str, *columns: str) -> sa.TableClause:
    """A table as the first schema version had it, for writing an old database by hand."""
    return sa.table(name, *(sa.column(column, sa.JSON if column in ("data", "before", "after")
                                      else None) for column in columns))


def test_presence_lists_who_is_on_the_board(engine):
    board_id = store.create(engine, shelf())
    store.touch_presence(engine, board_id, "s1", "Ann")
    store.touch_presence(engine, board_id, "s2", "bob")
    store.touch_presence(engine, board_id, "s1", "Ann")
    assert store.present(engine, board_id) == ["Ann", "bob"]


def test_timer_is_shared_and_bumps_the_revision(engine):
    board_id = store.create(engine, shelf(), key=KEY)
    store.start_timer(engine, facilitator(engine, board_id), 300)
    ends = store.workshop(engine, board_id).timer_ends_at
    assert ends is not None and store.revision(engine, board_id) == 2
    with pytest.raises(store.Forbidden):
        store.start_timer(engine, participant(engine, board_id), 60)


def test_restore_an_earlier_revision_as_a_new_one(engine):
    board_id = store.create(engine, shelf(), ANN, KEY)
    bob, ann = participant(engine, board_id, "Bob"), facilitator(engine, board_id, "Ann")
    store.apply(engine, bob, [store.Add("solutions", {"text": "Wall plugs"})])
    store.apply(engine, bob, [store.Delete("j1", 2)])
    store.apply(engine, bob, [store.Meta({"title": "Renamed"}, 3)])
    revision = store.restore(engine, ann, 1)
    assert revision == 5
    assert store.load(engine, board_id).board == shelf()
    with pytest.raises(store.Forbidden):
        store.restore(engine, bob, 2)
    store.revert(engine, ann, revision)  # the restore itself can be undone
    restored = store.load(engine, board_id).board
    assert (restored.title, restored.needs) == ("Renamed", ())


def test_dot_vote_counts_dots_per_person_not_per_name(engine):
    board_id = store.create(engine, shelf(), key=KEY)
    ann = participant(engine, board_id, "Ann", ANN.id)
    other_ann = participant(engine, board_id, "Ann")  # someone typing the same name
    with pytest.raises(store.Forbidden) as closed:
        store.apply(engine, ann, [store.Add("votes", {"target": "o1"})])
    assert closed.value.code == "forbidden_vote_closed"
    store.open_vote(engine, facilitator(engine, board_id), 2)
    for target in ("o1", "s1"):
        store.apply(engine, ann, [store.Add("votes", {"target": target})])
    with pytest.raises(store.Forbidden) as spent:  # naming another voter does not help
        store.apply(engine, ann, [store.Add("votes", {"voter": "Bob", "target": "j1"})])
    assert spent.value.code == "forbidden_no_dots_left"
    store.apply(engine, other_ann, [store.Add("votes", {"target": "o1"})])
    votes = store.load(engine, board_id).board.votes
    assert sorted((v.voter, v.target) for v in votes) == sorted(
        [(ANN.id, "o1"), (ANN.id, "s1"), (other_ann.person.id, "o1")])
    store.apply(engine, ann, [store.Delete("s1", 99)])  # a deleted item takes its dots
    assert len(store.load(engine, board_id).board.votes) == 2


def test_boards_deleted_over_30_days_ago_are_purged(engine):
    kept, old = store.create(engine, shelf(), key=KEY), store.create(engine, shelf(), key=KEY)
    store.delete_board(engine, facilitator(engine, kept))
    store.delete_board(engine, facilitator(engine, old))
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=31)
    with engine.begin() as connection:
        connection.execute(sa.update(schema.boards).where(schema.boards.c.id == old)
                           .values(deleted_at=long_ago))
    assert store.purge_deleted(engine) == 1
    assert [b.id for b in store.list_boards(engine, deleted=True)] == [kept]
    assert store.access(engine, ANN, board=old, key=KEY, deleted=True) is None


def test_a_dot_vote_needs_one_to_twenty_dots(engine):
    board_id = store.create(engine, shelf(), key=KEY)
    for dots in (0, 21):
        with pytest.raises(store.StoreError) as refused:
            store.open_vote(engine, facilitator(engine, board_id), dots)
        assert (refused.value.field, refused.value.code) == ("vote_dots", "out_of_range")
        assert message(refused.value, "de") == "vote_dots: muss eine Zahl von 1 bis 20 sein"
    assert store.workshop(engine, board_id).vote_dots is None
