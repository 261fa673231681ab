"""The live check shared by every tab: one query per board and window, whatever the room."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from components.board import store
from components.board.model import Board
from components.board.watch import Watch
from tests.conftest import KEY, facilitator, participant


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def statements(engine):
    """Every query the engine sends (transaction control such as BEGIN left out)."""
    sent: list[str] = []

    def count(_connection, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            sent.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    yield sent
    sa.event.remove(engine, "before_cursor_execute", count)


def test_sixty_tabs_checking_in_one_window_make_one_query(engine, statements):
    board_id = store.create(engine, Board(title="Room"), key=KEY)
    clock = Clock()
    watch = Watch(clock=clock)
    statements.clear()
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(watch.pulse(engine, board_id)))
               for _ in range(60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(statements) == 1
    assert {pulse.workshop.revision for pulse in seen} == {1}
    clock.now += watch.interval  # the next window: one more query for all of them
    for _ in range(60):
        watch.pulse(engine, board_id)
    assert len(statements) == 2


def test_each_board_is_looked_up_on_its_own(engine, statements):
    first, second = (store.create(engine, Board(title=title), key=KEY) for title in "AB")
    watch = Watch(clock=Clock())
    statements.clear()
    for _ in range(10):
        watch.pulse(engine, first)
        watch.pulse(engine, second)
    assert len(statements) == 2


def test_a_change_is_seen_in_the_next_window_and_at_once_when_a_page_read_it(engine):
    board_id = store.create(engine, Board(title="Room"), key=KEY)
    clock = Clock()
    watch = Watch(clock=clock)
    ann = participant(engine, board_id, "Ann")
    store.touch_presence(engine, board_id, "tab-1", "Ann")
    before = watch.pulse(engine, board_id)
    assert (before.workshop.revision, before.present) == (1, ("Ann",))

    revision = store.apply(engine, ann, [store.Add("solutions", {"text": "Tape"})])
    assert watch.pulse(engine, board_id).workshop.revision == 1  # this window's pulse
    clock.now += watch.interval
    assert watch.pulse(engine, board_id).workshop.revision == revision

    store.set_locked(engine, facilitator(engine, board_id), True)
    opened = store.open_link(engine, ann.person, board=board_id)  # a page run reads the row
    watch.offer(engine, board_id, opened.workshop)
    now = watch.pulse(engine, board_id)
    assert (now.workshop.locked, now.present) == (True, ("Ann",))
    watch.offer(engine, board_id, before.workshop)  # an older state never wins
    assert watch.pulse(engine, board_id).workshop.locked


def test_a_deleted_board_is_said_at_every_check(engine):
    board_id = store.create(engine, Board(title="Room"), key=KEY)
    watch = Watch(clock=Clock())
    store.delete_board(engine, facilitator(engine, board_id))
    for _ in range(2):
        with pytest.raises(store.BoardNotFound):
            watch.pulse(engine, board_id)
