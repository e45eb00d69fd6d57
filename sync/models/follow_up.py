"""Follow-up calls (回访): one call per visit (sheet revision) or per overdue loan, recorded
by a clerk.

A call is scheduled when a supervisor approves a sheet, and sooner, as soon as the sheet
arrives, when the customer rated the visit 3 or lower or the job was not resolved on the
visit; a loaner not back by its due date gets a call of its own. ``reasons`` says why, so
the screen can pick the phrase to use.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fieldapp.domain.text import Text
from fieldapp.protocol.follow_ups import FollowUpReason, FollowUpStatus
from sync.core.db import Base, JSONDoc, UTCDateTime, utcnow

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
