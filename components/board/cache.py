"""Built once per board revision, for everyone: a bounded, thread-safe, process-wide cache.

Streamlit runs every session's script on a thread of its own, under one interpreter lock, so
what one rerun costs every participant pays.  A board changes only with its revision
(``boards.revision``, raised by every write), so a board loaded and a view built from it at
one revision are the same for everyone who sees the same board at that revision: built once,
then looked up.  Three rules keep that sound:

- **Keyed by what names the content.**  A board by the database, its id, its revision and, in
  a silent brainstorm, the viewer (:func:`board_key`); a view by the very board object it was
  built from and what the viewer chose (language, personas …, :func:`derived`).
- **Per-viewer data never shares an entry.**  During a silent brainstorm the items someone
  adds are seen by them alone (``store.load(…, viewer=person)`` leaves them out for the
  others), so while a board is silent each viewer gets an entry of their own.  Hidden items
  exist only while the board is silent (``set_silent(False)`` reveals them all in the same
  transaction that raises the revision), so the ``silent`` flag of the revision tells
  whether its board may be shared.  Roles never come from here: the link is checked on every
  run.
- **Immutable values.**  Loaded boards are frozen dataclasses holding a frozen pydantic
  model; views are frozen dataclasses and tuples.  Nobody modifies what this returns (every
  session shares it).

Why not ``st.cache_data``: it pickles the value on every hit, which for a board of 5000
items costs about half of building it.  Why not ``st.cache_resource``: the domain is pure
Python (the command line and the tests use it), and a board load needs a single flight: when
a change reaches a room of 30, all 30 rerun at once, and one of them should build while the
others wait for that build instead of building 30 times (:class:`Shelf`).

Worked example: Ann and Bo open board ``b`` at revision 7: Ann's rerun loads it (a miss, two
queries), Bo's finds it (``(url, "b", 7, None)``).  Ann adds a card: revision 8, the next
rerun of each finds a new key, one of them loads it, the other waits and takes it.  The
entry for 7 ages out of the least-recently-used end.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

#: Boards kept per process: a few revisions of every board open at the moment, and one per
#: viewer of a silent board.  A board of 5000 items takes about 5 MB, its canvas view and
#: data about 6 MB more (measured with tracemalloc); one of 200 items a 25th of that.
BOARDS_KEPT = 32
#: Views kept per board (each page, language and persona choice); they go with their board.
VIEWS_PER_BOARD = 32


class Shelf:
    """A bounded least-recently-used mapping that builds each missing value once.

    :meth:`get` returns the value kept under ``key``, or builds it: one thread builds while
    the others asking for the same key wait for it and take its value (a single flight);
    different keys build side by side.  A build that raises keeps nothing, and the next one
    to ask builds again.  Beyond ``size`` entries the least recently used goes.

    >>> shelf = Shelf(2)
    >>> shelf.get("a", lambda: 1), shelf.get("a", lambda: 2)
    (1, 1)
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, build: Callable[[], T],
            key_of: Callable[[T], Hashable] | None = None) -> T:
        """The value under ``key``, built by ``build()`` on a miss.

        ``key_of``: the key the built value truly belongs under, when it may differ from the
        one asked for (a board loaded a moment after its revision was read may be newer);
        it is kept under that key only.
        """
        found, value = self.peek(key)
        if found:
            return value
        with self._lock:
            gate = self._building.setdefault(key, threading.Lock())
        with gate:
            found, value = self.peek(key)
            if found:
                return value
            try:
                value = build()
                self.put(key_of(value) if key_of else key, value)
            finally:
                with self._lock:
                    self._building.pop(key, None)
        return value

    def peek(self, key: Hashable) -> tuple[bool, Any]:
        """``(True, value)`` when ``key`` is kept (it becomes the most recently used)."""
        with self._lock:
            if key not in self._entries:
                return False, None
            self._entries.move_to_end(key)
            return True, self._entries[key]

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` under ``key`` (replacing what was there), dropping the oldest."""
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


BOARDS = Shelf(BOARDS_KEPT)
#: The views of each board object alive, by its ``id`` (removed when the board goes).
_views: dict[int, Shelf] = {}
#: Reentrant: a board may be collected, and its views forgotten, while the lock is held.
_views_lock = threading.RLock()


def board_key(database: str, board_id: str, revision: int, silent: bool,
              viewer: str) -> tuple[str, str, int, str | None]:
    """The cache key of a board as ``viewer`` (a person's public id) sees it at ``revision``.

    Everyone shares one entry unless the board is silent at that revision; then each viewer
    has their own, since only the author sees what they added.

    >>> board_key("sqlite://", "b", 7, False, "ann"), board_key("sqlite://", "b", 7, True, "ann")
    (('sqlite://', 'b', 7, None), ('sqlite://', 'b', 7, 'ann'))
    """
    return database, board_id, revision, viewer if silent else None


def derived(board: Any, what: str, choices: tuple, build: Callable[[], T]) -> T:
    """What ``build()`` makes of ``board`` (a loaded board) for the viewer's ``choices``, built
    once per board object and shared by everyone who got that board from :data:`BOARDS`.

    ``what`` names the view (``"canvas"``, ``"progress.views"`` …), ``choices`` what the
    viewer chose (language, personas …: hashable).  The views are kept with the board object
    itself (up to :data:`VIEWS_PER_BOARD`, built in a single flight like the boards) and go
    when it goes, so a view is never taken from another board (one of the same id and
    revision in another database, or loaded outside the cache), and the memory they take is
    bounded by the boards alive.
    """
    with _views_lock:
        views = _views.get(id(board))
        if views is None:
            views = _views[id(board)] = Shelf(VIEWS_PER_BOARD)
            weakref.finalize(board, _forget_views, id(board))
    return views.get((what, choices), build)


def _forget_views(board_id: int) -> None:
    with _views_lock:
        _views.pop(board_id, None)
