"""Messages to the customer (an outbox), the progress page's throttle, the message templates.

A message is a row of ``customer_messages`` made in the same transaction as the change that
causes it (a work order assigned, a unit taken to the centre, ...), once per (work order,
event): a change retried or synced again finds its message already there. The worker of
:mod:`sync.messages.worker` sends queued rows and records the outcome; a message that keeps
failing is ``failed`` and shown to the clerks, who may send it again.

``track_throttle`` counts the progress page's wrong answers per client address and per
ticket, in the database so that every service process sees the same counts.
``message_templates`` keeps every published version of the templates (the newest applies).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fieldapp.domain.text import Text
from fieldapp.protocol.messages import MessageEvent, MessageState
from sync.core.db import Base, JSONDoc, UTCDateTime, utcnow

EVENT_NAMES: dict[MessageEvent, Text] = {
    MessageEvent.ASSIGNED: Text(zh="已派工", en="Technician assigned"),
    MessageEvent.ANOTHER_VISIT: Text(zh="再次上门", en="Another visit booked"),
    MessageEvent.TO_CENTRE: Text(zh="返厂维修", en="Unit taken to the centre"),
    MessageEvent.UNIT_READY: Text(zh="返修机已修复", en="Unit repaired"),
    MessageEvent.UNIT_RETURNED: Text(zh="返修机已交还", en="Unit returned"),
    MessageEvent.LOANER_DUE: Text(zh="备用机明日到期", en="Loaner due tomorrow"),
}


class CustomerMessageRow(Base):
    __tablename__ = "customer_messages"
    __table_args__ = (
        # Once per (work order, occurrence of an event): ``occurrence`` tells apart two
        # assignments to different technicians, two sheets booking another visit, ...
        UniqueConstraint("work_order_id", "event", "occurrence", name="uq_customer_messages_once"),
        Index("ix_customer_messages_due", "state", "next_try_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), index=True)
    ticket_no: Mapped[str] = mapped_column(String(20))
    event: Mapped[str] = mapped_column(String(20))
    occurrence: Mapped[str] = mapped_column(String(64), default="")
    recipient: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(String(1000))
    link: Mapped[str] = mapped_column(String(500), default="")
    template_version: Mapped[str] = mapped_column(String(40), default="")
    state: Mapped[str] = mapped_column(String(8), default=MessageState.QUEUED.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)


class TrackThrottleRow(Base):
    """Wrong answers on the progress page per key (``addr:<ip>`` or ``ticket:<no>``)."""

    __tablename__ = "track_throttle"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class MessageTemplateRow(Base):
    """One published version of the message templates (the newest is used)."""

    __tablename__ = "message_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(40), unique=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSONDoc)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
