"""Follow-up calls (回访): one call per visit (sheet revision) or per overdue loan, recorded
by a clerk.

A call is scheduled when a supervisor approves a sheet, and sooner, as soon as the sheet
arrives, when the customer rated the visit 3 or lower or the job was not resolved on the
visit; a loaner not back by its due date gets a call of its own. ``reasons`` says why, so
the screen can pick the phrase to use.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fieldapp.domain.text import Text
from fieldapp.domain.validation import label, problem
from sync.core.db import Base, JSONDoc, UTCDateTime, utcnow


class FollowUpReason(StrEnum):
    """Why the call is made."""

    APPROVED = "approved"  # the supervisor approved the sheet: the usual 回访
    LOW_RATING = "low_rating"  # the customer rated the visit 3 or lower
    NOT_RESOLVED = "not_resolved"  # another visit needed, or the unit went to the centre
    OVERDUE_LOANER = "overdue_loaner"  # a loaner is not back by its due date


# What the clerk says first on the call, by its main reason (the first that applies in this
# order). Kept here until the phrase card (reference data) has follow-up phrases of its own.
CALL_PHRASES: dict[FollowUpReason, Text] = {
    FollowUpReason.OVERDUE_LOANER: Text(
        zh="您好，我是客户服务中心的回访员。您借用的备用机已到归还日期，请问您方便什么时候归还？"
        "如您的机器还未修好，我们可以为您延期。",
        en="Hello, this is the customer service centre. The loaner unit you have is due back; "
        "when would suit you to return it? If your own unit is not repaired yet we can extend "
        "the loan.",
    ),
    FollowUpReason.LOW_RATING: Text(
        zh="您好，我是客户服务中心的回访员。看到您对这次上门服务不太满意，非常抱歉，"
        "想了解一下问题出在哪里，我们一定改进。",
        en="Hello, this is the customer service centre. We see you were not satisfied with our "
        "visit; we are sorry, and would like to hear what went wrong so we can put it right.",
    ),
    FollowUpReason.NOT_RESOLVED: Text(
        zh="您好，我是客户服务中心的回访员。您的机器这次上门没能修好，给您添麻烦了，"
        "想跟您确认一下后续安排。",
        en="Hello, this is the customer service centre. Your unit could not be fixed on the "
        "visit, we are sorry for the trouble; we would like to confirm what happens next.",
    ),
    FollowUpReason.APPROVED: Text(
        zh="您好，我是客户服务中心的回访员，打扰您一分钟。请问机器修好后使用正常吗？"
        "您对技术员的服务态度、维修质量和响应速度满意吗？",
        en="Hello, this is the customer service centre; may I take a minute? Is the unit "
        "working well since the repair? Were you satisfied with the technician's attitude, the "
        "repair quality and how fast we responded?",
    ),
}


def call_phrase(reasons: list[FollowUpReason]) -> Text:
    """The opening phrase for a call made for ``reasons``."""
    for reason in CALL_PHRASES:
        if reason in reasons:
            return CALL_PHRASES[reason]
    return CALL_PHRASES[FollowUpReason.APPROVED]


class FollowUpStatus(StrEnum):
    """待回访 (the call is still to be made) or 已回访 (recorded)."""

    DUE = "due"
    DONE = "done"


class FollowUpRow(Base):
    __tablename__ = "follow_ups"
    __table_args__ = (UniqueConstraint("sheet_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL for a call about an overdue loan lent at the counter (no sheet).
    sheet_id: Mapped[str | None] = mapped_column(ForeignKey("sheets.sheet_id"), index=True)
    revision: Mapped[int | None] = mapped_column(BigInteger)
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("loans.id"), unique=True, default=None)
    reasons: Mapped[list[Any]] = mapped_column(JSONDoc, default=list)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), index=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(8), default=FollowUpStatus.DUE.value, index=True)
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    reached: Mapped[bool | None] = mapped_column(default=None)
    unit_working: Mapped[bool | None] = mapped_column(default=None)
    attitude: Mapped[int | None] = mapped_column(default=None)
    repair_quality: Mapped[int | None] = mapped_column(default=None)
    response_speed: Mapped[int | None] = mapped_column(default=None)
    satisfied: Mapped[bool | None] = mapped_column(default=None)
    notes: Mapped[str] = mapped_column(String(1000), default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Satisfaction(BaseModel):
    """The customer's satisfaction survey: attitude, repair quality, response speed (1–5)."""

    model_config = ConfigDict(extra="forbid")

    attitude: int = Field(ge=1, le=5, **label("服务态度", "Attitude"))
    repair_quality: int = Field(ge=1, le=5, **label("维修质量", "Repair quality"))
    response_speed: int = Field(ge=1, le=5, **label("响应速度", "Response speed"))
    satisfied: bool = Field(**label("总体满意", "Satisfied overall"))


class FollowUpOutcome(BaseModel):
    """What the clerk records after the call."""

    model_config = ConfigDict(extra="forbid", title="Follow-up call", str_strip_whitespace=True)

    called_at: AwareDatetime | None = Field(default=None, **label("回访时间", "Called at"))
    reached: bool = Field(**label("已联系上客户", "Customer reached"))
    unit_working: bool | None = Field(default=None, **label("产品使用正常", "Unit working"))
    satisfaction: Satisfaction | None = Field(default=None, **label("满意度", "Satisfaction"))
    notes: str = Field(default="", max_length=1000, **label("回访记录", "Notes"))

    @model_validator(mode="after")
    def _survey_when_reached(self) -> FollowUpOutcome:
        if self.reached and (self.satisfaction is None or self.unit_working is None):
            raise problem(
                "已联系上客户，请记录产品使用情况和满意度",
                "the customer was reached: record whether the unit works and the satisfaction",
            )
        return self


class FollowUpPublic(BaseModel):
    id: int
    sheet_id: str | None
    revision: int | None
    reasons: list[FollowUpReason]
    phrase: Text  # what to say first on this call
    loaner_serial: str | None = None
    ticket_no: str
    customer_name: str
    customer_phone: str
    due_at: datetime
    status: FollowUpStatus
    called_at: datetime | None
    reached: bool | None
    unit_working: bool | None
    satisfaction: Satisfaction | None
    notes: str
    # What the customer said when signing the sheet: the call's cause, on the clerk's screen.
    customer_rating: int | None = None
    customer_comment: str = ""


class FollowUpList(BaseModel):
    items: list[FollowUpPublic]
    total: int
    satisfied_share: float | None  # share of reached customers satisfied; target ≥ 0.9
