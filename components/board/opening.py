"""Opening a board by its link: the access it grants and the board's state, in one lookup.

Every page run starts by resolving the link (``?board=…&key=…`` or ``?view=…``) to a board
and a role.  The same row of ``boards`` also holds what the run needs next: the revision
(which names the board's content, so the loaded board can come from the cache of
:mod:`~components.board.cache`), the silent flag (whether that content differs per viewer),
the language (page titles) and the workshop state (lock, timer, vote).  :func:`open_link`
reads them together: one primary-key lookup instead of the five small ones a run made
before (language, access, board row, workshop row, the board row again in the load).

Reached as ``store.open_link`` like the rest of the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from components.board.access import FACILITATOR, OBSERVER, PARTICIPANT, Access, Person, is_key
from components.board.live import Workshop, workshop_of
from components.board.rows import now
from components.board.schema import boards

RESTORE_DAYS = 30


@dataclass(frozen=True)
class Opened:
    """What a link opens: the access it grants, the board's workshop state (its revision
    among it) and its language, as read in one lookup."""

    access: Access
    workshop: Workshop
    language: str


def open_link(engine: sa.Engine, person: Person, board: str | None = None,
              key: str | None = None, view: str | None = None, *,
              deleted: bool = False) -> Opened | None:
    """The board a link's ``board``/``key`` or ``view`` opens for ``person``, with its
    state; None when it opens none.  ``deleted``: a board in the trash, not a live one.

    A ``key`` that is not the board's opens it as a participant, like no key.
    """
    if not (view or board):
        return None
    where = boards.c.observer_id == view if view else boards.c.id == board
    with engine.connect() as connection:
        row = connection.execute(sa.select(boards).where(where, kept(deleted))).mappings().first()
    return row and opened_from(row, {"board": board, "key": key, "view": view}, person)


def opened_from(row: Mapping, link: Mapping[str, str | None], person: Person) -> Opened:
    """What ``link`` opens for ``person``, from the board's row."""
    role = role_of(link.get("view"), link.get("key"), row["facilitator_hash"])
    return Opened(Access(row["id"], role, person), workshop_of(row), row["language"])


def role_of(view: str | None, key: str | None, digest: str | None) -> str:
    """The role a link grants: an observer's by ``view``, else the facilitator's with the
    right ``key`` (checked against its stored ``digest``), else a participant's."""
    if view:
        return OBSERVER
    return FACILITATOR if is_key(key, digest) else PARTICIPANT


def kept(deleted: bool) -> sa.ColumnElement[bool]:
    """Live boards, or (``deleted``) boards in the trash that can still be restored."""
    if not deleted:
        return boards.c.deleted_at.is_(None)
    return boards.c.deleted_at > now() - dt.timedelta(days=RESTORE_DAYS)
