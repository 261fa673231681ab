"""The live check shared by every tab on a board: one lookup per board, process and second.

Every open page asks once a second whether its board changed (the live panel's tick): its
revision, lock, timer, vote and who is here.  Each tab asking the database on its own made
the idle cost grow with the room (60 idle tabs: 60 queries a second and 40 % of a core).
:class:`Watch` asks once per board per :data:`INTERVAL` for all of them: the first tick of a
second reads the board's :class:`~components.board.live.Pulse` (one query), the others of
that second read it from memory.  The one-second feel stays: a change is seen by the tick
after the lookup that first saw it, at most two ticks after it was written in another
process.  In this process it is sooner: the writer's own page reruns after the write and
opens the board (one fresh lookup of its row, :func:`~components.board.opening.open_link`),
and :meth:`Watch.offer` hands that fresher state to the watch, so every other tab's next
tick sees it.

Time is cut into windows of :data:`INTERVAL` seconds; a pulse is kept per board and window
(in a :class:`~components.board.cache.Shelf`, so threads asking together wait for one
lookup), and a new window makes a new lookup.  Worked example: 60 tabs on one board, ticks
spread over the second: 60 ticks, one query; with 3 boards open, 3 queries a second.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import sqlalchemy as sa

from components.board import live
from components.board.cache import Shelf
from components.board.live import Pulse, Workshop

#: The live check's window, seconds: what the live panel's tick interval is.
INTERVAL = 1.0
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
