"""Complaints (客投登记) as the back office records, closes and counts them.

A complaint names who complained, about what and, when known, the job and the technician
concerned; the reply carries its answer deadline (24 hours after it was received) and the
seconds left as of the reply, so a screen can count down. Technicians never read complaints.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from fieldapp.domain.phone import CheckedPhone
from fieldapp.domain.text import Text
from fieldapp.domain.validation import label
from fieldapp.domain.work_order import TICKET_NO_PATTERN


class ComplaintCause(StrEnum):
    """What the complaint is about."""

    ATTITUDE = "attitude"  # 服务态度
    CONDUCT = "conduct"  # 服务规范（九不准、5个1）
    REPAIR_QUALITY = "repair_quality"  # 维修质量（未修好、返修）
    RESPONSE_SPEED = "response_speed"  # 响应速度（未按时上门、修复超时）
    CHARGES = "charges"  # 收费
    LOANER = "loaner"  # 备用机
    OTHER = "other"  # 其他


class ComplaintCreate(BaseModel):
    """A complaint as the clerk takes it on the phone."""

    model_config = ConfigDict(extra="forbid", title="Complaint", str_strip_whitespace=True)

    customer_name: str = Field(min_length=1, max_length=60, **label("客户姓名", "Customer name"))
    customer_phone: CheckedPhone = Field(**label("联系电话", "Customer phone"))
    customer_address: str = Field(default="", max_length=200, **label("地址", "Address"))
    cause: ComplaintCause = Field(**label("投诉类别", "What about"))
    details: str = Field(min_length=2, max_length=1000, **label("投诉内容", "Details"))
    ticket_no: str | None = Field(
        default=None, pattern=TICKET_NO_PATTERN, **label("报修单号", "Ticket number")
    )
    technician_id: str | None = Field(
        default=None, pattern=r"^[0-9]{1,9}$", **label("涉及技术员", "Technician concerned")
    )
    received_at: AwareDatetime | None = Field(default=None, **label("投诉时间", "Received at"))


class ComplaintClose(BaseModel):
    """What was done about it, and what the customer said afterwards."""

    model_config = ConfigDict(extra="forbid", title="Complaint closed", str_strip_whitespace=True)

    action_taken: str = Field(min_length=2, max_length=1000, **label("处理结果", "What was done"))
    customer_follow_up: str = Field(
        min_length=2, max_length=1000, **label("客户回访意见", "Customer's follow-up")
    )
    closed_at: AwareDatetime | None = Field(default=None, **label("处理时间", "Closed at"))


class ComplaintPublic(BaseModel):
    id: int
    customer_name: str
    customer_phone: str
    customer_address: str
    cause: ComplaintCause
    cause_name: Text
    details: str
    ticket_no: str | None
    sheet_ids: list[str]
    technician_id: str | None
    technician_name: str | None
    received_at: datetime
    answer_due_at: datetime
    # Seconds left to answer, as of the reply (negative: late); None once closed.
    seconds_left: int | None
    status: str  # open | closed
    closed_at: datetime | None
    answered_in_time: bool | None
    action_taken: str
    customer_follow_up: str
    recorded_by: str
    closed_by: str | None

    @property
    def open(self) -> bool:
        """Still to be answered."""
        return self.status == "open"


class ComplaintList(BaseModel):
    items: list[ComplaintPublic]
    total: int


class CountRow(BaseModel):
    """Complaints in one group of the summary."""

    total: int
    open: int
    answered_in_time: int
    answered_late: int
    overdue: int  # still open past the 24-hour deadline


class CauseCount(CountRow):
    cause: ComplaintCause
    cause_name: Text


class TechnicianCount(CountRow):
    technician_id: str | None  # None: no technician concerned
    technician_name: str | None


class ComplaintSummary(BaseModel):
    date_from: date
    date_to: date
    all: CountRow
    by_cause: list[CauseCount]
    by_technician: list[TechnicianCount]
