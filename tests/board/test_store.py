"""The store on SQLite and on a real PostgreSQL server: boards, items, conflicts, history."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from components.board import boardfile, schema, store
from components.board.model import Board, Job, Link, Outcome, Solution, count_items
from components.errors import message
from tests.conftest import database_at


def shelf() -> Board:
    return Board(
        title="Shelf",
        needs=[Job(id="j1", text="Put up a shelf", outcomes=[
            Outcome(id="o1", text="It hangs straight", importance=9, satisfaction=3)])],
        solutions=[Solution(id="s1", text="Laser level")],
        links=[Link(id="l1", solution="s1", target="o1", strength="strong")],
    )


def test_board_round_trips_through_the_store(engine):
    board_id = store.create(engine, shelf(), "ann")
    loaded = store.load(engine, board_id)
    assert loaded.board == shelf()
    assert loaded.revision == 1
    assert len(board_id) >= 22  # at least 128 random bits, URL-safe


def test_board_ids_never_look_like_a_command_line_option():
    # one random URL-safe id in 64 starts with "-"; 2000 without one would be luck (1e-14)
    assert not [board_id for board_id in (store.new_board_id() for _ in range(2000))
                if board_id.startswith("-")]


def test_every_change_bumps_the_revision_and_is_logged(engine):
    board_id = store.create(engine, shelf(), "ann")
    revision = store.apply(engine, board_id, [
        store.Add("outcomes", {"text": "Holds the books", "importance": 8}, parent="j1")], "bob")
    assert revision == 2 == store.revision(engine, board_id)
    latest = store.history(engine, board_id)[0]
    assert (latest.author, latest.action, latest.kind) == ("bob", "add", "outcomes")
    texts = [o.text for o in store.load(engine, board_id).board.needs[0].outcomes]
    assert texts == ["It hangs straight", "Holds the books"]


def test_stale_edit_is_refused_with_who_changed_it(engine):
    board_id = store.create(engine, shelf(), "ann")
    store.apply(engine, board_id, [store.Update("o1", {"text": "Straight", "importance": 9}, 1)],
                "bob")
    with pytest.raises(store.Conflict) as refused:
        store.apply(engine, board_id, [store.Update("o1", {"text": "Mine", "importance": 9}, 1)],
                    "ann")
    assert refused.value.by == "bob"
    assert refused.value.theirs["text"] == "Straight"
    assert store.load(engine, board_id).board.needs[0].outcomes[0].text == "Straight"


def test_adding_never_conflicts(engine):
    board_id = store.create(engine, shelf(), "ann")
    store.apply(engine, board_id, [store.Add("solutions", {"text": "Wall plugs"})], "bob")
    store.apply(engine, board_id, [store.Add("solutions", {"text": "Stud finder"})], "ann")
    assert len(store.load(engine, board_id).board.solutions) == 3


def test_invalid_edit_names_the_field_and_changes_nothing(engine):
    board_id = store.create(engine, shelf(), "ann")
    with pytest.raises(boardfile.BoardFileError) as refused:
        store.apply(engine, board_id, [
            store.Update("o1", {"text": "It hangs straight", "importance": 11}, 1)])
    assert refused.value.path == "needs[0].outcomes[0].importance"
    assert str(refused.value).endswith("must be a number from 0 to 10")
    assert store.revision(engine, board_id) == 1
    with pytest.raises(boardfile.BoardFileError) as too_long:
        store.apply(engine, board_id, [store.Add("solutions", {"text": "x" * 1001})])
    assert too_long.value.path == "solutions[1].text"


def test_deleting_a_job_takes_its_parts_and_links_and_undo_brings_them_back(engine):
    board_id = store.create(engine, shelf(), "ann")
    revision = store.apply(engine, board_id, [store.Delete("j1", 1)], "ann")
    emptied = store.load(engine, board_id).board
    assert (emptied.needs, emptied.links) == ((), ())
    store.revert(engine, board_id, revision, "ann")
    assert store.load(engine, board_id).board == shelf()
    assert store.last_revision_by(engine, board_id, "ann") == revision


def test_import_into_replaces_content_as_one_revision_keeping_history(engine):
    board_id = store.create(engine, shelf(), "ann")
    other = Board(title="Funnel only")
    revision = store.replace(engine, board_id, other, "admin")
    assert store.load(engine, board_id).board == other
    store.revert(engine, board_id, revision, "admin")
    assert store.load(engine, board_id).board == shelf()


def test_soft_delete_restore_duplicate_and_list(engine):
    first = store.create(engine, shelf())
    copy = store.duplicate(engine, first, "Shelf (copy)")
    assert store.load(engine, copy).board.needs == shelf().needs
    store.delete_board(engine, first)
    assert [b.id for b in store.list_boards(engine)] == [copy]
    assert [b.id for b in store.list_boards(engine, deleted=True)] == [first]
    with pytest.raises(store.BoardNotFound):
        store.load(engine, first)
    store.restore_board(engine, first)
    assert {b.id for b in store.list_boards(engine)} == {first, copy}


def test_item_limit_is_enforced(engine):
    board_id = store.create(engine, Board(title="Full"))
    many = [store.Add("solutions", {"text": f"S{i}"}) for i in range(5001)]
    with pytest.raises(boardfile.BoardFileError) as refused:
        store.apply(engine, board_id, many)
    assert refused.value.code == "too_many_items"
    assert count_items(store.load(engine, board_id).board) == 0


def test_twenty_writers_adding_fifty_items_each_lose_nothing(engine):
    """20 people add 50 solutions each at the same time: exactly 1000, 1000 revisions."""
    board_id = store.create(engine, Board(title="Brainstorm"))
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            for item in range(50):
                store.apply(engine, board_id,
                            [store.Add("solutions", {"text": f"idea {number}-{item}"})],
                            f"writer {number}")
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
    assert store.access(upgraded, board="old-board").role == store.PARTICIPANT
    assert len(store.workshop(upgraded, "old-board").facilitator_key) >= 22
    upgraded.dispose()


def _v1(name: str, *columns: str) -> sa.TableClause:
    """A table as the first schema version had it, for writing an old database by hand."""
    return sa.table(name, *(sa.column(column, sa.JSON if column in ("data", "before", "after")
                                      else None) for column in columns))


def test_links_grant_roles_and_the_server_enforces_them(engine):
    board_id = store.create(engine, shelf())
    secrets_ = store.workshop(engine, board_id)
    assert store.access(engine, board=board_id).role == store.PARTICIPANT
    assert store.access(engine, board=board_id, key="guess").role == store.PARTICIPANT
    facilitator = store.access(engine, board=board_id, key=secrets_.facilitator_key)
    assert facilitator.role == store.FACILITATOR
    observer = store.access(engine, view=secrets_.observer_id)
    assert (observer.board_id, observer.role) == (board_id, store.OBSERVER)
    assert store.access(engine, board="nope") is None

    with pytest.raises(store.Forbidden):
        store.apply(engine, board_id, [store.Add("solutions", {"text": "x"})],
                    role=store.OBSERVER)
    with pytest.raises(store.Forbidden):
        store.set_locked(engine, board_id, True, role=store.PARTICIPANT)
    store.set_locked(engine, board_id, True, role=store.FACILITATOR)
    with pytest.raises(store.Forbidden) as locked:
        store.apply(engine, board_id, [store.Add("solutions", {"text": "x"})],
                    role=store.PARTICIPANT)
    assert locked.value.code == "forbidden_locked"
    store.apply(engine, board_id, [store.Add("solutions", {"text": "closing note"})],
                role=store.FACILITATOR)
    assert len(store.load(engine, board_id).board.solutions) == 2


def test_presence_lists_who_is_on_the_board(engine):
    board_id = store.create(engine, shelf())
    store.touch_presence(engine, board_id, "s1", "Ann")
    store.touch_presence(engine, board_id, "s2", "bob")
    store.touch_presence(engine, board_id, "s1", "Ann")
    assert store.present(engine, board_id) == ["Ann", "bob"]


def test_timer_is_shared_and_bumps_the_revision(engine):
    board_id = store.create(engine, shelf())
    store.start_timer(engine, board_id, 300, role=store.FACILITATOR)
    ends = store.workshop(engine, board_id).timer_ends_at
    assert ends is not None and store.revision(engine, board_id) == 2
    with pytest.raises(store.Forbidden):
        store.start_timer(engine, board_id, 60, role=store.PARTICIPANT)


def test_restore_an_earlier_revision_as_a_new_one(engine):
    board_id = store.create(engine, shelf(), "ann")
    store.apply(engine, board_id, [store.Add("solutions", {"text": "Wall plugs"})], "bob")
    store.apply(engine, board_id, [store.Delete("j1", 2)], "bob")
    store.apply(engine, board_id, [store.Meta({"title": "Renamed"}, 3)], "bob")
    revision = store.restore(engine, board_id, 1, "ann")
    assert revision == 5
    assert store.load(engine, board_id).board == shelf()
    with pytest.raises(store.Forbidden):
        store.restore(engine, board_id, 2, "bob", role=store.PARTICIPANT)
    store.revert(engine, board_id, revision, "ann")  # the restore itself can be undone
    restored = store.load(engine, board_id).board
    assert (restored.title, restored.needs) == ("Renamed", ())


def test_dot_vote_counts_dots_per_participant(engine):
    board_id = store.create(engine, shelf())
    with pytest.raises(store.Forbidden) as closed:
        store.apply(engine, board_id, [store.Add("votes", {"voter": "Ann", "target": "o1"})],
                    role=store.PARTICIPANT)
    assert closed.value.code == "forbidden_vote_closed"
    store.open_vote(engine, board_id, 2, role=store.FACILITATOR)
    for target in ("o1", "s1"):
        store.apply(engine, board_id, [store.Add("votes", {"voter": "Ann", "target": target})],
                    "Ann", role=store.PARTICIPANT)
    with pytest.raises(store.Forbidden) as spent:
        store.apply(engine, board_id, [store.Add("votes", {"voter": "Ann", "target": "j1"})],
                    "Ann", role=store.PARTICIPANT)
    assert spent.value.code == "forbidden_no_dots_left"
    store.apply(engine, board_id, [store.Add("votes", {"voter": "Bob", "target": "o1"})], "Bob",
                role=store.PARTICIPANT)
    votes = store.load(engine, board_id).board.votes
    assert sorted((v.voter, v.target) for v in votes) == [("Ann", "o1"), ("Ann", "s1"),
                                                           ("Bob", "o1")]
    store.apply(engine, board_id, [store.Delete("s1", 99)])  # a deleted item takes its dots
    assert len(store.load(engine, board_id).board.votes) == 2


def test_silent_brainstorm_hides_new_items_from_others_until_reveal(engine):
    board_id = store.create(engine, shelf())
    store.set_silent(engine, board_id, True, role=store.FACILITATOR)
    store.apply(engine, board_id, [store.Add("solutions", {"text": "Ann's idea"})], "Ann",
                role=store.PARTICIPANT)
    store.apply(engine, board_id, [store.Add("solutions", {"text": "Bob's idea"})], "Bob",
                role=store.PARTICIPANT)
    seen_by_ann = store.load(engine, board_id, viewer="Ann")
    assert [s.text for s in seen_by_ann.board.solutions] == ["Laser level", "Ann's idea"]
    assert seen_by_ann.hidden == 1
    store.set_silent(engine, board_id, False, role=store.FACILITATOR)
    revealed = store.load(engine, board_id, viewer="Ann")
    assert [s.text for s in revealed.board.solutions] == ["Laser level", "Ann's idea",
                                                          "Bob's idea"]
    assert revealed.hidden == 0


def test_boards_deleted_over_30_days_ago_are_purged(engine):
    kept, old = store.create(engine, shelf()), store.create(engine, shelf())
    store.delete_board(engine, kept)
    store.delete_board(engine, old)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=31)
    with engine.begin() as connection:
        connection.execute(sa.update(schema.boards).where(schema.boards.c.id == old)
                           .values(deleted_at=long_ago))
    assert store.purge_deleted(engine) == 1
    assert [b.id for b in store.list_boards(engine, deleted=True)] == [kept]
    with pytest.raises(store.BoardNotFound):
        store.restore_board(engine, old)


def test_a_dot_vote_needs_one_to_twenty_dots(engine):
    board_id = store.create(engine, shelf())
    for dots in (0, 21):
        with pytest.raises(store.StoreError) as refused:
            store.open_vote(engine, board_id, dots, role=store.FACILITATOR)
        assert (refused.value.field, refused.value.code) == ("vote_dots", "out_of_range")
        assert message(refused.value, "de") == "vote_dots: muss eine Zahl von 1 bis 20 sein"
    assert store.workshop(engine, board_id).vote_dots is None
