"""office back end: complaints, units at the service centre, job service levels for the
dashboard, follow-up reasons and loan calls, loaner return photos (and who may read them:
loan_photos), the signed-hash index

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 09:30:00
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import sync.core.db

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The dashboard's covering index: every column it counts, so it never reads the rows' JSON.
DASHBOARD_COLUMNS = [
    "visit_date",
    "status",
    "technician_id",
    "work_order_id",
    "serial",
    "outcome",
    "five_ones_complete",
    "nine_rules_attested",
    "charged",
    "total_fen",
    "rating",
    "sheet_id",
]
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_name", sa.String(length=60), nullable=False),
        sa.Column("customer_phone", sa.String(length=30), nullable=False),
        sa.Column("customer_address", sa.String(length=200), nullable=False),
        sa.Column("cause", sa.String(length=20), nullable=False),
        sa.Column("details", sa.String(length=1000), nullable=False),
        sa.Column("work_order_id", sa.Integer(), nullable=True),
        sa.Column("technician_id", sa.Integer(), nullable=True),
        sa.Column("received_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answer_due_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("closed_at", sync.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("action_taken", sa.String(length=1000), nullable=False),
        sa.Column("customer_follow_up", sa.String(length=1000), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["closed_by"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
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
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index("ix_complaints_received", ["received_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaints_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_complaints_technician_id"), ["technician_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_complaints_work_order_id"), ["work_order_id"], unique=False
        )

    op.create_table(
        "job_service_levels",
        sa.Column("work_order_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=16), nullable=False),
        sa.Column("due_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("done_at", sync.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("met", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["work_order_id"],
            ["work_orders.id"],
        ),
        sa.PrimaryKeyConstraint("work_order_id", "key"),
    )
    op.create_table(
        "centre_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sheet_id", sa.String(length=36), nullable=False),
        sa.Column("work_order_id", sa.Integer(), nullable=False),
        sa.Column("service_centre", sa.String(length=60), nullable=False),
        sa.Column("serial", sa.String(length=32), nullable=False),
        sa.Column("model", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("taken_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("promised_by", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("state_changed_at", sync.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ready_at", sync.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("customer_notified_at", sync.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("returned_at", sync.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("notes", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["sheet_id"],
            ["sheets.sheet_id"],
        ),
        sa.ForeignKeyConstraint(
            ["work_order_id"],
            ["work_orders.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sheet_id"),
    )
    with op.batch_alter_table("centre_units", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_centre_units_service_centre"), ["service_centre"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_centre_units_state"), ["state"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_centre_units_work_order_id"), ["work_order_id"], unique=False
        )

    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("loan_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reasons", JSON_DOC, nullable=True))
        batch_op.alter_column("sheet_id", existing_type=sa.VARCHAR(length=36), nullable=True)
        batch_op.alter_column("revision", existing_type=sa.BIGINT(), nullable=True)
        batch_op.create_unique_constraint("uq_follow_ups_loan_id", ["loan_id"])
        batch_op.create_foreign_key("fk_follow_ups_loan_id", "loans", ["loan_id"], ["id"])
    # Every call scheduled so far was scheduled by an approval.
    op.execute("UPDATE follow_ups SET reasons = '[\"approved\"]'")
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.alter_column("reasons", existing_type=JSON_DOC, nullable=False)

    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("return_photos", JSON_DOC, nullable=True))
    op.execute("UPDATE loans SET return_photos = '[]'")
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.alter_column("return_photos", existing_type=JSON_DOC, nullable=False)
    op.create_table(
        "loan_photos",
        sa.Column("loan_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["loan_id"], ["loans.id"]),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("loan_id", "sha256"),
    )
    with op.batch_alter_table("loan_photos", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_loan_photos_sha256"), ["sha256"], unique=False)

    with op.batch_alter_table("sheet_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sheet_versions_content_hash"), ["content_hash"], unique=False
        )

    with op.batch_alter_table("sheets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("five_ones_complete", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("nine_rules_attested", sa.Boolean(), nullable=True))
        batch_op.create_index(
            "ix_sheets_status_submitted",
            ["status", "submitted_at", "received_at", "sheet_id"],
            unique=False,
        )
        batch_op.create_index("ix_sheets_dashboard", DASHBOARD_COLUMNS, unique=False)

    _copy_sheet_columns()


def downgrade() -> None:
    with op.batch_alter_table("sheets", schema=None) as batch_op:
        batch_op.drop_index("ix_sheets_dashboard")
        batch_op.drop_index("ix_sheets_status_submitted")
        batch_op.drop_column("nine_rules_attested")
        batch_op.drop_column("five_ones_complete")
        batch_op.drop_column("outcome")

    with op.batch_alter_table("sheet_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sheet_versions_content_hash"))

    op.drop_table("loan_photos")
    with op.batch_alter_table("loans", schema=None) as batch_op:
        batch_op.drop_column("return_photos")

    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_constraint("fk_follow_ups_loan_id", type_="foreignkey")
        batch_op.drop_constraint("uq_follow_ups_loan_id", type_="unique")
        # Calls without a sheet (overdue loans lent at the counter) cannot be kept.
        pass
    op.execute("DELETE FROM follow_ups WHERE sheet_id IS NULL OR revision IS NULL")
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.alter_column("revision", existing_type=sa.BIGINT(), nullable=False)
        batch_op.alter_column("sheet_id", existing_type=sa.VARCHAR(length=36), nullable=False)
        batch_op.drop_column("reasons")
        batch_op.drop_column("loan_id")

    with op.batch_alter_table("centre_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_centre_units_work_order_id"))
        batch_op.drop_index(batch_op.f("ix_centre_units_state"))
        batch_op.drop_index(batch_op.f("ix_centre_units_service_centre"))

    op.drop_table("centre_units")
    op.drop_table("job_service_levels")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaints_work_order_id"))
        batch_op.drop_index(batch_op.f("ix_complaints_technician_id"))
        batch_op.drop_index(batch_op.f("ix_complaints_status"))
        batch_op.drop_index("ix_complaints_received")

    op.drop_table("complaints")


def _copy_sheet_columns() -> None:
    """Fill the dashboard's copies (outcome, 5个1, 九不准) of the sheets already stored."""
    conn = op.get_bind()
    sheets = sa.table(
        "sheets",
        sa.column("sheet_id", sa.String),
        sa.column("data", JSON_DOC),
        sa.column("outcome", sa.String),
        sa.column("five_ones_complete", sa.Boolean),
        sa.column("nine_rules_attested", sa.Boolean),
    )
    refs = sa.table("reference_files", sa.column("name", sa.String), sa.column("content", JSON_DOC))
    checklists = conn.execute(sa.select(refs.c.content).where(refs.c.name == "checklists")).scalar()
    five_ones = {item["id"] for item in _doc(checklists).get("five_ones", [])}
    for sheet_id, data in conn.execute(sa.select(sheets.c.sheet_id, sheets.c.data)).all():
        data = _doc(data)
        etiquette = data.get("etiquette") or {}
        ticked = {t.get("item_id") for t in etiquette.get("five_ones") or []}
        conn.execute(
            sheets.update()
            .where(sheets.c.sheet_id == sheet_id)
            .values(
                outcome=(data.get("outcome") or {}).get("kind"),
                five_ones_complete=bool(five_ones) and five_ones <= ticked,
                nine_rules_attested=etiquette.get("nine_rules_attested_at") is not None,
            )
        )


def _doc(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) else {}
