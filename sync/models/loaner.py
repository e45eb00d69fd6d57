"""The loaner pool (备用机): units per service centre, and each loan of one to a customer."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from fieldapp.domain.job_sheet import SHA256_PATTERN
from fieldapp.domain.validation import label
from fieldapp.domain.work_order import TICKET_NO_PATTERN
from sync.core.db import Base, JSONDoc, UTCDateTime, utcnow


class LoanerStatus(StrEnum):
    """在库 (available to lend) or 借出 (with a customer)."""

    AVAILABLE = "available"
    LENT = "lent"


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


SERIAL = r"^[0-9A-Z]{4,32}$"


class LoanerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Loaner unit", str_strip_whitespace=True)

    serial: str = Field(pattern=SERIAL, **label("备用机编号", "Loaner serial"))
    model: str = Field(min_length=1, max_length=40, **label("机型", "Model"))
    service_centre: str = Field(min_length=1, max_length=60, **label("服务中心", "Service centre"))
    notes: str = Field(default="", max_length=500, **label("备注", "Notes"))


class LendRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Loan", str_strip_whitespace=True)

    ticket_no: str = Field(pattern=TICKET_NO_PATTERN, **label("报修单号", "Ticket number"))
    due_date: date = Field(**label("归还日期", "Due back"))
    condition_notes: str = Field(default="", max_length=500, **label("外观状况", "Condition"))


class ReturnRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Loaner return", str_strip_whitespace=True)

    returned_at: AwareDatetime | None = Field(default=None, **label("归还时间", "Returned at"))
    condition_notes: str = Field(default="", max_length=500, **label("归还时状况", "Condition"))
    photos: list[Annotated[str, Field(pattern=SHA256_PATTERN)]] = Field(
        default_factory=list,
        max_length=20,
        description="SHA-256 of photos uploaded first, by the user recording the return, with "
        "PUT /attachments/{sha256}",
        **label("归还照片", "Return photos"),
    )


class LoanPublic(BaseModel):
    id: int
    ticket_no: str
    customer_name: str
    lent_at: datetime
    due_date: date
    returned_at: datetime | None
    condition_out: str
    condition_in: str
    return_photos: list[str] = Field(default_factory=list)
    overdue_days: int


class LoanerPublic(BaseModel):
    serial: str
    model: str
    service_centre: str
    status: LoanerStatus
    notes: str
    current_loan: LoanPublic | None = None
