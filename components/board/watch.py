"""The live check shared by every tab on a board: one lookup per board, process and half second.

Every open page asks once a second (twice while the board is being worked on) whether its
board changed (the live panel's tick): its revision, lock, timer, vote and who is here.  Each
tab asking the database on its own made the idle cost grow with the room (60 idle tabs: 60
queries a second and 40 % of a core).  :class:`Watch` asks once per board per
:data:`INTERVAL` for all of them: the first tick of a window reads the board's
:class:`~components.board.live.Pulse` (one query), the others of that window read it from
memory.  A change written in another process is seen by the first tick after the window in
which it was written, so within a second.  In this process it is sooner: the writer's own
page reruns after the write and opens the board (one fresh lookup of its row,
:func:`~components.board.opening.open_link`), and :meth:`Watch.offer` hands that fresher
state to the watch, so every other tab's next tick sees it.

Time is cut into windows of :data:`INTERVAL` seconds; a pulse is kept per board and window
(in a :class:`~components.board.cache.Shelf`, so threads asking together wait for one
lookup), and a new window makes a new lookup.  Worked example: 60 idle tabs on one board
tick 60 times a second and make two queries a second; with 3 boards open, six.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import sqlalchemy as sa

from components.board import live
from components.board.cache import Shelf
from components.board.live import Pulse, Workshop

#: The live check's window, seconds: the live panel's shortest tick (a busy room's).  Two
#: lookups a second per open board, whatever the number of tabs on it.
INTERVAL = 0.5
#: Pulses kept: two windows of a few hundred open boards.
PULSES_KEPT = 512


class Watch:
    """The pulse of each board, read at most once per ``interval`` per process.

    ``clock``: seconds, monotonic (the tests give their own).
    """

    def __init__(self, interval: float = INTERVAL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self.clock = clock
        self._pulses = Shelf(PULSES_KEPT)

    def _key(self, engine: sa.Engine, board_id: str) -> tuple[str, str, int]:
        return str(engine.url), board_id, int(self.clock() // self.interval)

    def pulse(self, engine: sa.Engine, board_id: str) -> Pulse:
        """The board's pulse, at most one window old; raises
        :class:`~components.board.refusals.BoardNotFound` for a board deleted meanwhile."""
        return self._pulses.get(self._key(engine, board_id),
                                lambda: live.pulse(engine, board_id))

    def offer(self, engine: sa.Engine, board_id: str, workshop: Workshop) -> None:
        """A fresher workshop state read by a page run: kept with this window's names when
        it is newer than this window's pulse (nothing kept yet: the next tick reads)."""
        key = self._key(engine, board_id)
        found, pulse = self._pulses.peek(key)
        if found and workshop.revision > pulse.workshop.revision:
            self._pulses.put(key, Pulse(workshop, pulse.present))


#: The process's watch, shared by every session.
WATCH = Watch()
