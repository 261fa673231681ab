"""Workshops: role links (facilitator key, observer id), lock, timer, presence.

Revision ID: 0002
Revises: 0001
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, never a batch rebuild: on SQLite a rebuild drops the boards table,
    # and with foreign keys on that would cascade to every item and change.
    op.add_column("boards", sa.Column("facilitator_key", sa.String(64), nullable=True))
    op.add_column("boards", sa.Column("observer_id", sa.String(64), nullable=True))
    op.add_column("boards", sa.Column("locked", sa.Boolean, nullable=False,
                                      server_default=sa.false()))
    op.add_column("boards", sa.Column("timer_ends_at", sa.DateTime(timezone=True),
                                      nullable=True))
    op.create_index("ix_boards_observer", "boards", ["observer_id"], unique=True)
    boards = sa.table("boards", sa.column("id", sa.String), sa.column("facilitator_key", sa.String),
                      sa.column("observer_id", sa.String))
    connection = op.get_bind()
    for (board_id,) in connection.execute(sa.select(boards.c.id)).all():
        connection.execute(boards.update().where(boards.c.id == board_id).values(
            facilitator_key=secrets.token_urlsafe(16), observer_id=secrets.token_urlsafe(16)))
    op.create_table(
        "presence",
        sa.Column("board_id", sa.String(64), sa.ForeignKey("boards.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("session_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
