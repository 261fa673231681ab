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
    # Plain ADD COLUMN (see 0002: a batch rebuild would cascade on SQLite).
    op.add_column("boards", sa.Column("vote_dots", sa.Integer, nullable=True))
    op.add_column("boards", sa.Column("silent", sa.Boolean, nullable=False,
                                      server_default=sa.false()))
    op.add_column("items", sa.Column("hidden", sa.Boolean, nullable=False,
                                     server_default=sa.false()))
