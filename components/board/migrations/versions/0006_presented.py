"""The step the facilitator presents, for participants who follow the presentation.

Revision ID: 0006_presented
Revises: 0005_access
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_presented"
down_revision = "0005_access"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (see 0002: a batch rebuild would cascade on SQLite).
    op.add_column("boards", sa.Column("presented", sa.String(16), nullable=True))
