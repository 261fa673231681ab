"""Access that holds: facilitator keys stored as digests, changes owned by a person's id.

- ``boards.facilitator_key`` (the key in clear) becomes ``boards.facilitator_hash``, its
  SHA-256 digest (``components/board/access.py``): every facilitator link given out before
  keeps working, and the database no longer holds a key anyone could read.
- ``items.hidden`` (a flag) becomes ``items.hidden_for``: the public id of the one person
  who sees the record during a silent brainstorm.  Items hidden before were tied to a typed
  name, which anyone could type; they stay hidden from everyone (``''``) until the
  facilitator reveals them, and so do the history lines of those items.
- ``changes`` gains ``author_id`` (the public id of who made the change; ``''`` for older
  changes, which only the facilitator undoes) and ``hidden_for``.

Plain ``ADD COLUMN`` and ``DROP COLUMN`` (SQLite 3.35 and later drop a column in place),
never a batch rebuild: on SQLite a rebuild drops the table, and with foreign keys on that
would cascade to every item and change (see 0002).

Revision ID: 0005_access
Revises: 0004_bounds
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0005_access"
down_revision = "0004_bounds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    op.add_column("boards", sa.Column("facilitator_hash", sa.String(64), nullable=True))
    boards = sa.table("boards", sa.column("id", sa.String),
                      sa.column("facilitator_key", sa.String),
                      sa.column("facilitator_hash", sa.String))
    for board_id, key in connection.execute(
            sa.select(boards.c.id, boards.c.facilitator_key)).all():
        if key:
            connection.execute(boards.update().where(boards.c.id == board_id).values(
                facilitator_hash=hashlib.sha256(key.encode()).hexdigest()))
    op.drop_column("boards", "facilitator_key")

    op.add_column("items", sa.Column("hidden_for", sa.String(64), nullable=True))
    op.add_column("changes", sa.Column("author_id", sa.String(64), nullable=False,
                                       server_default=""))
    op.add_column("changes", sa.Column("hidden_for", sa.String(64), nullable=True))
    items = sa.table("items", sa.column("board_id", sa.String), sa.column("id", sa.String),
                     sa.column("hidden", sa.Boolean), sa.column("hidden_for", sa.String))
    changes = sa.table("changes", sa.column("board_id", sa.String),
                       sa.column("item_id", sa.String), sa.column("hidden_for", sa.String))
    hidden = connection.execute(
        sa.select(items.c.board_id, items.c.id).where(items.c.hidden.is_(True))).all()
    for board_id, item_id in hidden:
        connection.execute(items.update().where(
            items.c.board_id == board_id, items.c.id == item_id).values(hidden_for=""))
        connection.execute(changes.update().where(
            changes.c.board_id == board_id, changes.c.item_id == item_id).values(hidden_for=""))
    op.drop_column("items", "hidden")
