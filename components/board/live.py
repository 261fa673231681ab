"""The live workshop on a board: revision, lock, timer, dot vote, silent brainstorm, the
presented step, presence.

What every open page checks once a second (:func:`pulse`: the board row with who is
here, one query; :mod:`~components.board.watch` shares it among a process's tabs) and what
the facilitator sets (:func:`set_locked`, :func:`start_timer`, :func:`open_vote`,
:func:`set_silent`, :func:`present_step`).  Each of those takes the caller's
:class:`~components.board.access.Access` and is refused unless it is the facilitator's; each
raises the board's revision, so every page learns of it and reruns.
Presence (:func:`touch_presence`, :func:`present`) is who has the board open, by name.

Reached as ``store.X`` like the rest of the store (``store.set_locked(engine, access,
True)``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from components.board.access import Access, check_facilitator
from components.board.engine import board_row, writing
from components.board.refusals import BoardNotFound, StoreError
from components.board.rows import aware, now
from components.board.schema import boards, changes, items, presence

PRESENCE_SECONDS = 30


@dataclass(frozen=True)
class Workshop:
    """The live state of a workshop board: revision, lock, timer, the observer link's id,
    vote, silence, the presented step — one primary-key lookup, so the live panel needs
    nothing else per tick."""

    revision: int
    locked: bool
    timer_ends_at: dt.datetime | None
    observer_id: str
    vote_dots: int | None = None
    silent: bool = False
    presented: str | None = None


def revision(engine: sa.Engine, board_id: str) -> int | None:
    """The board's revision, one primary-key lookup: the live-update check."""
    with engine.connect() as connection:
        return connection.execute(
            sa.select(boards.c.revision).where(boards.c.id == board_id,
                                               boards.c.deleted_at.is_(None))
        ).scalar_one_or_none()


def workshop(engine: sa.Engine, board_id: str) -> Workshop:
    """Revision, lock, timer, vote, silence, the presented step and the observer link's id
    of a board."""
    with engine.connect() as connection:
        return workshop_of(board_row(connection, board_id))


def workshop_of(row: Mapping) -> Workshop:
    """The workshop state in a row of ``boards``."""
    return Workshop(row["revision"], row["locked"], aware(row["timer_ends_at"]),
                    row["observer_id"], row["vote_dots"], row["silent"], row["presented"])


@dataclass(frozen=True)
class Pulse:
    """What an open page checks each tick: the workshop state and who is here (names,
    sorted), read together in one query."""

    workshop: Workshop
    present: tuple[str, ...]


def pulse(engine: sa.Engine, board_id: str) -> Pulse:
    """The board's workshop state and who was seen on it in the last 30 seconds, one query:
    the board row joined with its recent presence rows (one row per person here, the board's
    columns repeated; one row with no name when nobody is)."""
    cutoff = now() - dt.timedelta(seconds=PRESENCE_SECONDS)
    query = (sa.select(boards, presence.c.name.label("present_name"))
             .select_from(boards.outerjoin(presence, sa.and_(
                 presence.c.board_id == boards.c.id, presence.c.seen_at > cutoff)))
             .where(boards.c.id == board_id, boards.c.deleted_at.is_(None)))
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
    if not rows:
        raise BoardNotFound(board_id)
    names = [row["present_name"] for row in rows if row["present_name"] is not None]
    return Pulse(workshop_of(rows[0]), tuple(sorted(names, key=str.casefold)))


def set_locked(engine: sa.Engine, access: Access, locked: bool) -> None:
    """Freeze (or unfreeze) the board for everyone but the facilitator."""
    _facilitator_change(engine, access, locked=locked)


def start_timer(engine: sa.Engine, access: Access, seconds: int | None) -> None:
    """Start a countdown every participant sees (``None`` stops it)."""
    ends = now() + dt.timedelta(seconds=seconds) if seconds else None
    _facilitator_change(engine, access, timer_ends_at=ends)


def present_step(engine: sa.Engine, access: Access, step: str | None) -> None:
    """Let participants follow the facilitator's presentation at ``step`` (``None``: stop)."""
    if step is not None and not (isinstance(step, str) and step.isidentifier()
                                 and len(step) <= 16):
        raise StoreError("presented", "not_a_step")
    _facilitator_change(engine, access, presented=step)


def open_vote(engine: sa.Engine, access: Access, dots: int | None) -> None:
    """Open a dot vote with ``dots`` per participant (``None`` closes it; votes stay)."""
    if dots is not None and not 1 <= dots <= 20:
        raise StoreError("vote_dots", "out_of_range", low=1, high=20)
    _facilitator_change(engine, access, vote_dots=dots)


def set_silent(engine: sa.Engine, access: Access, silent: bool) -> None:
    """Start a silent brainstorm, or end it and reveal every hidden item (and its history)
    to everyone, in the same transaction as the revision that tells the pages."""
    check_facilitator(access)
    board_id = access.board_id
    with writing(engine) as connection:
        _bump(connection, board_id, silent=silent)
        if not silent:
            for table in (items, changes):
                connection.execute(table.update().where(
                    table.c.board_id == board_id, table.c.hidden_for.is_not(None))
                    .values(hidden_for=None))


def _facilitator_change(engine: sa.Engine, access: Access, **values: Any) -> None:
    check_facilitator(access)
    with writing(engine) as connection:
        _bump(connection, access.board_id, **values)


def _bump(connection: sa.Connection, board_id: str, **values: Any) -> None:
    """Set ``values`` on the locked board row and raise its revision (pages rerun)."""
    row = board_row(connection, board_id, lock=True)
    connection.execute(boards.update().where(boards.c.id == board_id).values(
        revision=row["revision"] + 1, updated_at=now(), **values))


def touch_presence(engine: sa.Engine, board_id: str, session_id: str, name: str) -> None:
    """Say this browser session is on the board now (upsert by board and session)."""
    moment = now()
    with writing(engine) as connection:
        done = connection.execute(presence.update().where(
            presence.c.board_id == board_id, presence.c.session_id == session_id,
        ).values(name=name[:200], seen_at=moment)).rowcount
        if not done:
            connection.execute(presence.insert().values(
                board_id=board_id, session_id=session_id, name=name[:200], seen_at=moment))


def present(engine: sa.Engine, board_id: str) -> list[str]:
    """Names of the people seen on the board in the last 30 seconds, sorted."""
    return list(pulse(engine, board_id).present)
