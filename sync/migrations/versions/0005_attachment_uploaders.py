"""attachment_uploaders: who uploaded each attachment (a file counts for its uploaders only)

Existing attachments get their first uploader (``attachments.uploaded_by``), the only one
recorded before this table.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 09:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync.core.db

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment_uploaders",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["attachments.sha256"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("sha256", "user_id"),
    )
    op.execute(
        "INSERT INTO attachment_uploaders (sha256, user_id, uploaded_at) "
        "SELECT sha256, uploaded_by, uploaded_at FROM attachments"
    )


def downgrade() -> None:
    op.drop_table("attachment_uploaders")
