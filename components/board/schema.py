"""The database tables, for the queries in :mod:`components.board.store`.

Alembic migrations in ``components/board/migrations`` create and upgrade these tables; a change
here needs a new migration beside it.

- ``boards``: one row per board; ``revision`` goes up by one with every change, so a page
  learns whether anything changed from one primary-key lookup.  ``facilitator_hash`` is the
  SHA-256 digest of the facilitator's key (the key itself is never stored, see
  ``components/board/access.py``) and ``observer_id`` the secret of the read-only link;
  ``locked`` freezes the board; ``timer_ends_at`` is the workshop countdown everyone sees;
  ``vote_dots`` is the number of dots per participant while a dot vote is open; ``silent``
  hides new items from everyone but their author until the facilitator reveals them
  (``items.hidden_for``); ``presented`` is the step of ``/present`` the facilitator shows to
  those who follow it (``None``: everyone steps on their own).
- ``items``: every record of every board (personas, jobs, outcomes, solutions, links,
  metrics, funnel scenarios, …) as one row: ``kind`` is its collection, ``data`` its fields.
  ``revision`` is the board revision that last changed it, the base of conflict checks;
  ``updated_by`` the name of who did.  ``hidden_for`` is set while the record is hidden in a
  silent brainstorm: the public id of the one person who sees it, its author (NULL: visible).
- ``presence``: who has a board open now (a row per browser session, refreshed while open).
- ``changes``: the append-only history: who changed what, when, with the record before and
  after, so that any revision can be undone without losing anything.  ``author`` is the
  name shown, ``author_id`` the public id of the person (their own changes are what a
  participant may undo); ``hidden_for`` hides the change as its record is hidden.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

boards = sa.Table(
    "boards",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("title", sa.String(1000), nullable=False),
    sa.Column("description", sa.Text, nullable=False, default=""),
    sa.Column("language", sa.String(8), nullable=False, default="en"),
    sa.Column("revision", sa.Integer, nullable=False, default=0),
    sa.Column("meta_revision", sa.Integer, nullable=False, default=0),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("facilitator_hash", sa.String(64), nullable=True),
    sa.Column("observer_id", sa.String(64), nullable=True),
    sa.Column("locked", sa.Boolean, nullable=False, default=False),
    sa.Column("timer_ends_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("vote_dots", sa.Integer, nullable=True),
    sa.Column("silent", sa.Boolean, nullable=False, default=False),
    sa.Column("presented", sa.String(16), nullable=True),
)
sa.Index("ix_boards_updated", boards.c.deleted_at, boards.c.updated_at)
sa.Index("ix_boards_observer", boards.c.observer_id, unique=True)

presence = sa.Table(
    "presence",
    metadata,
    sa.Column("board_id", sa.String(64), sa.ForeignKey("boards.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("session_id", sa.String(64), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
)

items = sa.Table(
    "items",
    metadata,
    sa.Column("board_id", sa.String(64), sa.ForeignKey("boards.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("parent_id", sa.String(64), nullable=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("updated_by", sa.String(200), nullable=False, default=""),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("hidden_for", sa.String(64), nullable=True),
)

changes = sa.Table(
    "changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("board_id", sa.String(64), sa.ForeignKey("boards.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("author", sa.String(200), nullable=False, default=""),
    sa.Column("author_id", sa.String(64), nullable=False, default=""),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("item_id", sa.String(64), nullable=True),
    sa.Column("kind", sa.String(32), nullable=True),
    sa.Column("before", sa.JSON, nullable=True),
    sa.Column("after", sa.JSON, nullable=True),
    sa.Column("hidden_for", sa.String(64), nullable=True),
)
sa.Index("ix_changes_board_revision", changes.c.board_id, changes.c.revision)
