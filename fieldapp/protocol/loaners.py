"""The loaner pool (备用机): units per service centre and each loan of one to a customer, as
the back office lists them, lends one and records its return."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from fieldapp.domain.job_sheet import SHA256_PATTERN
from fieldapp.domain.validation import label
from fieldapp.domain.work_order import TICKET_NO_PATTERN

LOANER_SERIAL_PATTERN = r"^[0-9A-Z]{4,32}$"


class LoanerStatus(StrEnum):
    """在库 (available to lend) or 借出 (with a customer)."""

    AVAILABLE = "available"
    LENT = "lent"


class LoanerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Loaner unit", str_strip_whitespace=True)

    serial: str = Field(pattern=LOANER_SERIAL_PATTERN, **label("备用机编号", "Loaner serial"))
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

    @property
    def overdue_days(self) -> int:
        """Days the current loan is past its due date (0 when none is)."""
        return self.current_loan.overdue_days if self.current_loan else 0


class OverdueLoan(BaseModel):
    """A loan past its due date, with the loaner it is of."""

    serial: str
    model: str
    service_centre: str
    loan: LoanPublic
