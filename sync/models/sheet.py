"""Job sheets as the service keeps them: the current state, every accepted version, reviews.

The sheet itself is the domain model :class:`fieldapp.domain.job_sheet.JobSheet`, kept as
JSON exactly as the device sent it. The columns beside it are copies the review queue filters
on (status, technician, charged, rating, service level) and the server's own bookkeeping.

Status: ``draft`` (not yet signed by the customer), ``submitted`` (signed, waiting for the
supervisor), ``approved`` (locked: changes need a new revision), ``returned`` (sent back to
the technician with a comment).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sync.core.db import Base, JSONDoc, UTCDateTime, utcnow


class SheetRow(Base):
    __tablename__ = "sheets"
    __table_args__ = (
        Index("ix_sheets_status_received", "status", "received_at"),
        # The review queue's first page: read in order, only the page's rows are fetched.
        Index("ix_sheets_status_submitted", "status", "submitted_at", "received_at", "sheet_id"),
        # The dashboard reads a period's sheets from this index alone (it covers every column
        # it counts), never the rows with their JSON: on SQLite the JSON sits before the
        # counted columns in each row, so reading a row means reading its JSON too.
        Index(
            "ix_sheets_dashboard",
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
        ),
    )

    sheet_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), index=True)
    technician_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    device_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(BigInteger)  # the device's save counter, highest kept
    revision: Mapped[int] = mapped_column(BigInteger, default=1)
    approved_revision: Mapped[int | None] = mapped_column(BigInteger, default=None)
    new_revision: Mapped[bool] = mapped_column(default=False)  # changed after an approval
    status: Mapped[str] = mapped_column(String(16))
    data: Mapped[dict[str, Any]] = mapped_column(JSONDoc)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    serial: Mapped[str | None] = mapped_column(String(32), index=True)
    charged: Mapped[bool] = mapped_column(default=False)
    total_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    rating: Mapped[int | None] = mapped_column(default=None)
    service_level_missed: Mapped[bool | None] = mapped_column(default=None)
    # The earliest deadline still open when the sheet was received: once it passes, the job
    # has missed its service level even though nobody pushed anything since.
    next_deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # No longer kept up to date: whether attachments are missing is counted when read
    # (``sync.crud.attachments.missing_count``). The column stays because SQLite cannot drop
    # a column of a table other tables refer to without copying the table.
    missing_attachments: Mapped[int] = mapped_column(default=0)
    visit_date: Mapped[date | None] = mapped_column(Date, default=None)
    # Copies of the sheet for the dashboard, kept at each push so it counts in SQL alone:
    # the outcome's kind (fixed | another_visit | return_to_centre) and the etiquette checks
    # against the service's checklist (NULL for sheets stored before migration 0006 that
    # were never pushed since).
    outcome: Mapped[str | None] = mapped_column(String(20), default=None)
    five_ones_complete: Mapped[bool | None] = mapped_column(default=None)
    nine_rules_attested: Mapped[bool | None] = mapped_column(default=None)
    device_updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    review_comment: Mapped[str] = mapped_column(String(1000), default="")


class SheetVersionRow(Base):
    """Every version of a sheet the service accepted, so an approved revision is never lost."""

    __tablename__ = "sheet_versions"
    __table_args__ = (UniqueConstraint("sheet_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[str] = mapped_column(ForeignKey("sheets.sheet_id"), index=True)
    version: Mapped[int] = mapped_column(BigInteger)
    revision: Mapped[int] = mapped_column(BigInteger)
    # Indexed: a paper sheet's printed hash is looked up here (``GET /signed-content/{hash}``).
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSONDoc)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class JobServiceLevelRow(Base):
    """One deadline of a job (work order) as the domain's rules reported it at the last push.

    The dashboard counts these in SQL: ``met`` True or False once done; while still open
    (``met`` NULL) the job counts as missed once ``due_at`` has passed.
    """

    __tablename__ = "job_service_levels"

    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(16), primary_key=True)  # answer | on_site | fix | ...
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    met: Mapped[bool | None] = mapped_column(default=None)


class ReviewRow(Base):
    """A supervisor's decision on one revision of a sheet (审批)."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[str] = mapped_column(ForeignKey("sheets.sheet_id"), index=True)
    revision: Mapped[int] = mapped_column(BigInteger)
    version: Mapped[int] = mapped_column(BigInteger)
    decision: Mapped[str] = mapped_column(String(10))  # approved | returned
    comment: Mapped[str] = mapped_column(String(1000), default="")
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
