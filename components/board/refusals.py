"""Why the store refused a write: the board's own :class:`~components.errors.Problem` s.

Every refusal leaves the board as it was.  Each is said with
``components.errors.message(refusal, language)``; the sentences are under ``store_error`` in
the catalogs (``store_error.forbidden_locked`` …).  A record the board model refuses (a text
too long, a link to nothing) is a :class:`~components.board.boardfile.BoardFileError`
instead, naming the field.

Example::

    >>> from components.errors import message
    >>> message(Forbidden("locked"), "en")
    'The facilitator has locked the board: nothing was saved.'
"""

from __future__ import annotations

import datetime as dt

from components.errors import Problem


class StoreError(Problem):
    """Base of the store's refusals (sentences under ``store_error``); nothing was written."""

    catalog = "store_error"


class BoardNotFound(StoreError):
    """No board with that id (or it was deleted)."""

    def __init__(self, board_id: str) -> None:
        super().__init__("", "board_not_found", board=board_id)


class ItemNotFound(StoreError):
    """The record was deleted meanwhile, or never existed on this board."""

    def __init__(self, item_id: str) -> None:
        super().__init__("", "item_not_found", item=item_id)


class Forbidden(StoreError):
    """The viewer's role may not do this: an observer writing, anyone but the facilitator
    writing to a locked board, or a participant trying a facilitator action."""

    def __init__(self, reason: str) -> None:
        super().__init__("", f"forbidden_{reason}")


class Conflict(StoreError):
    """Someone else changed the record after the author last saw it.

    ``by`` and ``at`` say who and when, ``theirs`` is the record as it is now (``None`` when
    they deleted it).
    """

    def __init__(self, item_id: str, by: str, at: dt.datetime, theirs: dict | None) -> None:
        super().__init__("", "conflict" if by else "conflict_unsigned", by=by, at=at)
        self.item_id, self.by, self.at, self.theirs = item_id, by, at, theirs


class DatabaseDown(StoreError):
    """The database does not answer: nothing was written, and the page waits until it does.

    ``reason`` says why, each with its sentence: ``down`` (cannot be reached: the server is
    down, the network is gone), ``busy`` (another program holds the lock of the SQLite file
    longer than a write may wait) or ``damaged`` (the file is not a database, or a damaged
    one).  The store raises SQLAlchemy's errors (and this one when a write waited too long
    for its turn); :func:`components.board.engine.unavailable` tells them apart.
    """

    def __init__(self, reason: str = "down") -> None:
        super().__init__("", f"database_{reason}")
        self.reason = reason
