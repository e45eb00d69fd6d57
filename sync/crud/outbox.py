"""The outbox of messages to customers: claimed by the worker, their outcome recorded, listed
for the clerks and sent again on request.

Claiming a message moves its next try past the time a send may take (a lease) in a short
transaction of its own, so two worker processes never send the same message at once, and a
worker killed mid-send leaves it to be tried again when the lease runs out. The receiver
tells a repeated delivery by the message's idempotency key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldapp.protocol.messages import MessageEvent, MessagePublic, MessageState
from sync.core.db import utcnow
from sync.core.errors import conflict, not_found
from sync.models.message import EVENT_NAMES, CustomerMessageRow


@dataclass(frozen=True)
class Backoff:
    first_seconds: float
    max_seconds: float
    max_attempts: int

    def delay(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failed try: doubling, capped."""
        return timedelta(
            seconds=min(self.first_seconds * 2 ** min(attempts - 1, 30), self.max_seconds)
        )


@dataclass(frozen=True)
class Claimed:
    """A message as the sender needs it (read before the claim's transaction ends)."""

    id: int
    ticket_no: str
    event: str
    recipient: str
    text: str
    link: str
    created_at: datetime
    idempotency_key: str
    attempts: int


def claim_due(session: Session, *, now: datetime, lease: timedelta, limit: int) -> list[Claimed]:
    """Up to ``limit`` queued messages due now, each claimed for ``lease``; the caller commits."""
    rows = session.scalars(
        select(CustomerMessageRow)
        .where(
            CustomerMessageRow.state == MessageState.QUEUED.value,
            CustomerMessageRow.next_try_at <= now,
        )
        .order_by(CustomerMessageRow.next_try_at, CustomerMessageRow.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    claimed = []
    for row in rows:
        row.attempts += 1
        row.next_try_at = now + lease
        claimed.append(
            Claimed(
                id=row.id,
                ticket_no=row.ticket_no,
                event=row.event,
                recipient=row.recipient,
                text=row.text,
                link=row.link,
                created_at=row.created_at,
                idempotency_key=row.idempotency_key,
                attempts=row.attempts,
            )
        )
    return claimed


def record_sent(session: Session, *, message_id: int, now: datetime) -> None:
    row = session.get(CustomerMessageRow, message_id, with_for_update=True)
    if row is not None:
        row.state = MessageState.SENT.value
        row.sent_at = now
        row.last_error = ""


def record_failure(
    session: Session, *, message_id: int, error: str, now: datetime, backoff: Backoff
) -> MessageState:
    """A failed try: tried again after the backoff, or ``failed`` after the last attempt."""
    row = session.get(CustomerMessageRow, message_id, with_for_update=True)
    if row is None:
        return MessageState.FAILED
    row.last_error = error[:300]
    if row.state != MessageState.QUEUED.value:
        return MessageState(row.state)
    if row.attempts >= backoff.max_attempts:
        row.state = MessageState.FAILED.value
    else:
        row.next_try_at = now + backoff.delay(row.attempts)
    return MessageState(row.state)


def list_messages(
    session: Session,
    *,
    ticket_no: str | None,
    state: MessageState | None,
    limit: int,
    offset: int,
) -> tuple[list[MessagePublic], int]:
    """A ticket's messages, or the failed ones, newest first."""
    query = select(CustomerMessageRow)
    if ticket_no is not None:
        query = query.where(CustomerMessageRow.ticket_no == ticket_no)
    if state is not None:
        query = query.where(CustomerMessageRow.state == state.value)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(CustomerMessageRow.created_at.desc(), CustomerMessageRow.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [public(r) for r in rows], total


def resend(session: Session, *, message_id: int) -> CustomerMessageRow:
    """Queue a failed message again, with its attempts counted afresh (same idempotency key)."""
    row = session.get(CustomerMessageRow, message_id, with_for_update=True)
    if row is None:
        raise not_found(f"消息 {message_id}", f"Message {message_id}")
    if row.state != MessageState.FAILED.value:
        raise conflict("只有发送失败的消息可以重发", "only a failed message can be sent again")
    row.state = MessageState.QUEUED.value
    row.attempts = 0
    row.next_try_at = utcnow()
    return row


def public(row: CustomerMessageRow) -> MessagePublic:
    event = MessageEvent(row.event)
    return MessagePublic(
        id=row.id,
        ticket_no=row.ticket_no,
        event=event,
        event_name=EVENT_NAMES[event],
        recipient=row.recipient,
        text=row.text,
        state=MessageState(row.state),
        attempts=row.attempts,
        next_try_at=row.next_try_at if row.state == MessageState.QUEUED.value else None,
        created_at=row.created_at,
        sent_at=row.sent_at,
        last_error=row.last_error,
    )
