"""Opening a board by its link: the access it grants and the board's state, in one lookup.

Every page run starts by resolving the link (``?board=…&key=…`` or ``?view=…``) to a board
and a role.  The same row of ``boards`` also holds what the run needs next: the revision
(which names the board's content, so the loaded board can come from the cache of
:mod:`~components.board.cache`), the silent flag (whether that content differs per viewer),
the language (page titles) and the workshop state (lock, timer, vote).  :func:`open_link`
reads them together: one primary-key lookup instead of the five small ones a run made
before (language, access, board row, workshop row, the board row again in the load).
:func:`opening` adds the rows of the boards the browser remembers (its board picker and
"your boards", :func:`linked_boards`) to the same query; :func:`access` and
:func:`operator` give the role alone (the command line, the store's tests).

Reached as ``store.open_link``, ``store.access`` … like the rest of the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from components.board.access import (
    FACILITATOR,
    OBSERVER,
    PARTICIPANT,
    Access,
    Person,
    is_key,
    stronger,
)
from components.board.live import Workshop, workshop_of
from components.board.rows import aware, now
from components.board.schema import boards

RESTORE_DAYS = 30


@dataclass(frozen=True)
class BoardSummary:
    """A line of the board list."""

    id: str
    title: str
    language: str
    revision: int
    updated_at: dt.datetime
    deleted_at: dt.datetime | None = None


@dataclass(frozen=True)
class LinkedBoard:
    """A board one of a browser's links opens, in the role that link grants.

    ``link`` is that link's parameters (``board`` and ``key``, ``board``, or ``view``): what
    opens the board again in the same role.  The summary holds the board's id, which an
    observer's page must not show (the id is the participant link).
    """

    summary: BoardSummary
    role: str
    link: Mapping[str, str]


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


def summary_of(row: Mapping) -> BoardSummary:
    """The board list's line of a ``boards`` row."""
    return BoardSummary(row["id"], row["title"], row["language"], row["revision"],
                        aware(row["updated_at"]), aware(row["deleted_at"]))


# --- access, the browser's boards, the operator ---------------------------------------------------

def access(engine: sa.Engine, person: Person, board: str | None = None, key: str | None = None,
           view: str | None = None, *, deleted: bool = False) -> Access | None:
    """The access a link's ``board``/``key`` or ``view`` parameter grants ``person``; None when
    it opens no board.  ``deleted``: a board in the trash (to restore it), not a live one.

    A ``key`` that is not the board's opens it as a participant, like no key.  (The same
    query as :func:`open_link`, which a page uses to learn the
    board's revision, language and workshop state with it.)
    """
    found = open_link(engine, person, board, key, view, deleted=deleted)
    return found.access if found else None


def operator(engine: sa.Engine, board_id: str, person: Person, *,
             deleted: bool = False) -> Access | None:
    """The server operator's access to a board (the command line; the boards page opened with
    the admin key): a facilitator's, without the key.  None when there is no such board
    (``deleted``: in the trash)."""
    with engine.connect() as connection:
        found = connection.execute(sa.select(boards.c.id).where(
            boards.c.id == board_id, kept(deleted))).scalar()
    return Access(found, FACILITATOR, person) if found else None


def linked_boards(engine: sa.Engine, links: Iterable[Mapping[str, str]]) -> list[LinkedBoard]:
    """The boards these links open, live or in the trash (for 30 days), most recently changed
    first: each board once, in the strongest role its links grant.  One query.

    For the boards page's "your boards": the links a browser remembers.  A link that opens
    nothing (a board purged, a mistyped key keeps its participant role) is left out.
    """
    return Opening(None, _rows_of(engine, links)).linked(links)


@dataclass(frozen=True)
class Opening:
    """What a page run needs of ``boards``, read in one query (:func:`opening`): the board its
    link opens (``opened``, None when it opens none) and the rows of the boards the
    browser's links open, for :meth:`linked`."""

    opened: Opened | None
    rows: tuple[Mapping, ...]

    def linked(self, links: Iterable[Mapping[str, str]]) -> list[LinkedBoard]:
        """The boards ``links`` open among the rows read (see :func:`linked_boards`)."""
        return _linked(self.rows, [dict(link) for link in links])


def opening(engine: sa.Engine, person: Person, link: Mapping[str, str],
            links: Iterable[Mapping[str, str]]) -> Opening:
    """The board ``link`` opens for ``person`` (as :func:`open_link`) and the rows of the
    boards of the browser's ``links`` (as :func:`linked_boards`), one query: a page run's
    link, revision, language, workshop and board picker together."""
    rows = _rows_of(engine, [link, *links])
    found = next((row for row in rows if row["deleted_at"] is None and (
        row["observer_id"] == link["view"] if link.get("view")
        else row["id"] == link.get("board"))), None)
    return Opening(found and opened_from(found, link, person), rows)


def _rows_of(engine: sa.Engine, links: Iterable[Mapping[str, str]]) -> tuple[Mapping, ...]:
    """The rows of the boards these links open, live or in the trash (for 30 days)."""
    links = list(links)
    ids = {link["board"] for link in links if link.get("board") and not link.get("view")}
    views = {link["view"] for link in links if link.get("view")}
    if not ids and not views:
        return ()
    with engine.connect() as connection:
        return tuple(connection.execute(sa.select(boards).where(
            sa.or_(boards.c.id.in_(ids), boards.c.observer_id.in_(views)),
            sa.or_(boards.c.deleted_at.is_(None), kept(deleted=True)),
        )).mappings().all())


def _linked(rows: Sequence[Mapping], links: list[dict[str, str]]) -> list[LinkedBoard]:
    by_id = {row["id"]: row for row in rows}
    by_view = {row["observer_id"]: row for row in rows}
    best: dict[str, LinkedBoard] = {}
    for link in links:
        row = by_view.get(link["view"]) if link.get("view") else by_id.get(link.get("board"))
        if row is None:
            continue
        role = role_of(link.get("view"), link.get("key"), row["facilitator_hash"])
        if row["id"] not in best or stronger(role, best[row["id"]].role):
            best[row["id"]] = LinkedBoard(summary_of(row), role, link)
    return sorted(best.values(), key=lambda linked: linked.summary.updated_at, reverse=True)
