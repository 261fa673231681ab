"""Dot voting and silent brainstorming.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("boards") as batch:
        batch.add_column(sa.Column("vote_dots", sa.Integer, nullable=True))
        batch.add_column(sa.Column("silent", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
    with op.batch_alter_table("items") as batch:
        batch.add_column(sa.Column("hidden", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
