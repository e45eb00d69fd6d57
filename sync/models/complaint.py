"""Complaints (客投登记): a customer's complaint, answered within 24 hours, then closed.

A clerk (or a supervisor) records who complained, about what and, when known, the job
(报修单号) and the technician concerned; the reply carries the answer deadline so a screen can
count down. Closing records what was done and the customer's follow-up. Technicians never
read complaints.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from fieldapp.domain.text import Text
from fieldapp.protocol.complaints import ComplaintCause
from sync.core.db import Base, UTCDateTime, utcnow

ANSWER_WITHIN = timedelta(hours=24)


CAUSE_NAMES: dict[ComplaintCause, Text] = {
    ComplaintCause.ATTITUDE: Text(zh="服务态度", en="Attitude"),
    ComplaintCause.CONDUCT: Text(zh="服务规范", en="Conduct on the visit"),
    ComplaintCause.REPAIR_QUALITY: Text(zh="维修质量", en="Repair quality"),
    ComplaintCause.RESPONSE_SPEED: Text(zh="响应速度", en="Response speed"),
    ComplaintCause.CHARGES: Text(zh="收费", en="Charges"),
    ComplaintCause.LOANER: Text(zh="备用机", en="Loaner unit"),
    ComplaintCause.OTHER: Text(zh="其他", en="Other"),
}


class ComplaintRow(Base):
    __tablename__ = "complaints"
    __table_args__ = (Index("ix_complaints_received", "received_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_name: Mapped[str] = mapped_column(String(60))
    customer_phone: Mapped[str] = mapped_column(String(30))
    customer_address: Mapped[str] = mapped_column(String(200), default="")
    cause: Mapped[str] = mapped_column(String(20))
    details: Mapped[str] = mapped_column(String(1000))
    work_order_id: Mapped[int | None] = mapped_column(
        ForeignKey("work_orders.id"), index=True, default=None
    )
    technician_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), index=True, default=None
    )
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(8), default="open", index=True)  # open | closed
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    action_taken: Mapped[str] = mapped_column(String(1000), default="")
    customer_follow_up: Mapped[str] = mapped_column(String(1000), default="")
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
