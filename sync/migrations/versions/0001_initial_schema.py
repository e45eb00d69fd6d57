"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 15:01:11.154874
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import sync.core.db

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "loaners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(length=32), nullable=False),
        sa.Column("model", sa.String(length=40), nullable=False),
        sa.Column("service_centre", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("notes", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("serial"),
    )
    with op.batch_alter_table("loaners", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_loaners_service_centre"), ["service_centre"], unique=False
        )

    op.create_table(
        "login_throttle",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sync.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("username"),
    )
    op.create_table(
        "reference_files",
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column(
            "content",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "ticket_counters",
        sa.Column("day", sa.String(length=8), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("display_name", sa.String(length=60), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("service_centre", sa.String(length=60), nullable=False),
        sa.Column("created_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "attachments",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["uploaded_by"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "changes",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("created_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("seq"),
    )
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.create_index("ix_changes_user_seq", ["user_id", "seq"], unique=False)

    op.create_table(
        "devices",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("registered_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("device_id"),
    )
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_devices_user_id"), ["user_id"], unique=False)

    op.create_table(
        "push_receipts",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "reply",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("created_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("user_id", "key"),
    )
    op.create_table(
        "work_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_no", sa.String(length=20), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("service_centre", sa.String(length=60), nullable=False),
        sa.Column("reported_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("cancel_reason", sa.String(length=200), nullable=False),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["technician_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ticket_no"),
    )
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_orders_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_work_orders_technician_id"), ["technician_id"], unique=False
        )

    op.create_table(
        "attachment_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["attachments.sha256"],
        ),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "loans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loaner_id", sa.Integer(), nullable=False),
        sa.Column("work_order_id", sa.Integer(), nullable=False),
        sa.Column("sheet_id", sa.String(length=36), nullable=True),
        sa.Column("lent_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("condition_out", sa.String(length=500), nullable=False),
        sa.Column("returned_at", sync.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("condition_in", sa.String(length=500), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["loaner_id"],
            ["loaners.id"],
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["work_order_id"],
            ["work_orders.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_loans_loaner_id"), ["loaner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_loans_work_order_id"), ["work_order_id"], unique=False)

    op.create_table(
        "sheets",
        sa.Column("sheet_id", sa.String(length=36), nullable=False),
        sa.Column("work_order_id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.Column("approved_revision", sa.BigInteger(), nullable=True),
        sa.Column("new_revision", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("serial", sa.String(length=32), nullable=True),
        sa.Column("charged", sa.Boolean(), nullable=False),
        sa.Column("total_fen", sa.BigInteger(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("service_level_missed", sa.Boolean(), nullable=True),
        sa.Column("missing_attachments", sa.Integer(), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=True),
        sa.Column("device_updated_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("received_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sync.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reviewed_at", sync.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("review_comment", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["technician_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["work_order_id"],
            ["work_orders.id"],
        ),
        sa.PrimaryKeyConstraint("sheet_id"),
    )
    with op.batch_alter_table("sheets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sheets_serial"), ["serial"], unique=False)
        batch_op.create_index("ix_sheets_status_received", ["status", "received_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_sheets_technician_id"), ["technician_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sheets_work_order_id"), ["work_order_id"], unique=False
        )

    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sheet_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.Column("work_order_id", sa.Integer(), nullable=False),
        sa.Column("due_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("called_at", sync.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reached", sa.Boolean(), nullable=True),
        sa.Column("unit_working", sa.Boolean(), nullable=True),
        sa.Column("attitude", sa.Integer(), nullable=True),
        sa.Column("repair_quality", sa.Integer(), nullable=True),
        sa.Column("response_speed", sa.Integer(), nullable=True),
        sa.Column("satisfied", sa.Boolean(), nullable=True),
        sa.Column("notes", sa.String(length=1000), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sheet_id"],
            ["sheets.sheet_id"],
        ),
        sa.ForeignKeyConstraint(
            ["work_order_id"],
            ["work_orders.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sheet_id", "revision"),
    )
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_ups_sheet_id"), ["sheet_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_ups_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_follow_ups_work_order_id"), ["work_order_id"], unique=False
        )

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sheet_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("comment", sa.String(length=1000), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sheet_id"],
            ["sheets.sheet_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reviews_sheet_id"), ["sheet_id"], unique=False)

    op.create_table(
        "sheet_attachments",
        sa.Column("sheet_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["sheet_id"],
            ["sheets.sheet_id"],
        ),
        sa.PrimaryKeyConstraint("sheet_id", "sha256"),
    )
    with op.batch_alter_table("sheet_attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sheet_attachments_sha256"), ["sha256"], unique=False)

    op.create_table(
        "sheet_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sheet_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("received_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["sheet_id"],
            ["sheets.sheet_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sheet_id", "version"),
    )
    with op.batch_alter_table("sheet_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sheet_versions_sheet_id"), ["sheet_id"], unique=False)
    # The single change-log counter row every committing transaction increments.
    counter = sa.table(
        "change_counter", sa.column("id", sa.Integer), sa.column("last", sa.BigInteger)
    )
    op.bulk_insert(counter, [{"id": 1, "last": 0}])


def downgrade() -> None:
    with op.batch_alter_table("sheet_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sheet_versions_sheet_id"))

    op.drop_table("sheet_versions")
    with op.batch_alter_table("sheet_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sheet_attachments_sha256"))

    op.drop_table("sheet_attachments")
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviews_sheet_id"))

    op.drop_table("reviews")
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_ups_work_order_id"))
        batch_op.drop_index(batch_op.f("ix_follow_ups_status"))
        batch_op.drop_index(batch_op.f("ix_follow_ups_sheet_id"))

    op.drop_table("follow_ups")
    with op.batch_alter_table("sheets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sheets_work_order_id"))
        batch_op.drop_index(batch_op.f("ix_sheets_technician_id"))
        batch_op.drop_index("ix_sheets_status_received")
        batch_op.drop_index(batch_op.f("ix_sheets_serial"))

    op.drop_table("sheets")
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loans_work_order_id"))
        batch_op.drop_index(batch_op.f("ix_loans_loaner_id"))

    op.drop_table("loans")
    op.drop_table("attachment_blobs")
    with op.batch_alter_table("work_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_orders_technician_id"))
        batch_op.drop_index(batch_op.f("ix_work_orders_status"))

    op.drop_table("work_orders")
    op.drop_table("push_receipts")
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_devices_user_id"))

    op.drop_table("devices")
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.drop_index("ix_changes_user_seq")

    op.drop_table("changes")
    op.drop_table("attachments")
    op.drop_table("users")
    op.drop_table("ticket_counters")
    op.drop_table("reference_files")
    op.drop_table("login_throttle")
    with op.batch_alter_table("loaners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loaners_service_centre"))

    op.drop_table("loaners")
    op.drop_table("change_counter")
