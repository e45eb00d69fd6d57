"""The loaner pool (备用机): units per service centre, and each loan of one to a customer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from fieldapp.protocol.loaners import LoanerStatus
from sync.core.db import Base, JSONDoc, UTCDateTime, utcnow


class LoanerRow(Base):
    __tablename__ = "loaners"

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(32), unique=True)
    model: Mapped[str] = mapped_column(String(40))
    service_centre: Mapped[str] = mapped_column(String(60), index=True)
    status: Mapped[str] = mapped_column(String(10), default=LoanerStatus.AVAILABLE.value)
    notes: Mapped[str] = mapped_column(String(500), default="")


class LoanRow(Base):
    __tablename__ = "loans"

    id: Mapped[int] = mapped_column(primary_key=True)
    loaner_id: Mapped[int] = mapped_column(ForeignKey("loaners.id"), index=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), index=True)
    sheet_id: Mapped[str | None] = mapped_column(String(36), default=None)
    lent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_date: Mapped[date] = mapped_column(Date)
    condition_out: Mapped[str] = mapped_column(String(500), default="")
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    condition_in: Mapped[str] = mapped_column(String(500), default="")
    # SHA-256 of the photos taken when the unit came back (uploaded as attachments first).
    return_photos: Mapped[list[Any]] = mapped_column(JSONDoc, default=list)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)


class LoanPhotoRow(Base):
    """A photo a loan's return references, and who recorded that return: decides who may
    read it (like a sheet's attachments, it counts only once the recorder uploaded it)."""

    __tablename__ = "loan_photos"

    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
