"""Follow-up calls (回访): listed for the clerks, outcome and satisfaction recorded once."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.core.db import utcnow
from sync.core.errors import conflict, not_found
from sync.models.follow_up import (
    FollowUpOutcome,
    FollowUpPublic,
    FollowUpRow,
    FollowUpStatus,
    Satisfaction,
)
from sync.models.user import UserRow
from sync.models.work_order import WorkOrderRow


def list_follow_ups(
    session: Session, *, status: FollowUpStatus | None, limit: int, offset: int
) -> tuple[list[FollowUpPublic], int, float | None]:
    """Follow-ups due first; with the share of reached customers who were satisfied."""
    query = select(FollowUpRow, WorkOrderRow).join(
        WorkOrderRow, WorkOrderRow.id == FollowUpRow.work_order_id
    )
    count = select(func.count()).select_from(FollowUpRow)
    if status is not None:
        query = query.where(FollowUpRow.status == status)
        count = count.where(FollowUpRow.status == status)
    rows = session.execute(
        query.order_by(FollowUpRow.due_at, FollowUpRow.id).limit(limit).offset(offset)
    ).all()
    reached = session.scalar(select(func.count()).where(FollowUpRow.reached.is_(True))) or 0
    satisfied = session.scalar(select(func.count()).where(FollowUpRow.satisfied.is_(True))) or 0
    share = satisfied / reached if reached else None
    return [public(f, o) for f, o in rows], session.scalar(count) or 0, share


def follow_up(session: Session, *, follow_up_id: int) -> tuple[FollowUpRow, WorkOrderRow]:
    """The follow-up, locked: two clerks recording the same call take turns (one gets 409)."""
    row = session.get(FollowUpRow, follow_up_id, with_for_update=True)
    if row is None:
        raise not_found(f"回访 {follow_up_id}", f"Follow-up {follow_up_id}")
    order = session.get(WorkOrderRow, row.work_order_id)
    assert order is not None
    return row, order


def record_outcome(
    session: Session, *, row: FollowUpRow, outcome: FollowUpOutcome, clerk: UserRow
) -> FollowUpRow:
    """Record the call; a customer not reached leaves the follow-up due for another try."""
    if row.status == FollowUpStatus.DONE:
        raise conflict("此回访已记录", "this follow-up call is already recorded")
    row.called_at = outcome.called_at or utcnow()
    row.reached = outcome.reached
    row.notes = outcome.notes
    row.recorded_by = clerk.id
    if outcome.reached and outcome.satisfaction is not None:
        row.status = FollowUpStatus.DONE.value
        row.unit_working = outcome.unit_working
        row.attitude = outcome.satisfaction.attitude
        row.repair_quality = outcome.satisfaction.repair_quality
        row.response_speed = outcome.satisfaction.response_speed
        row.satisfied = outcome.satisfaction.satisfied
    return row


def public(row: FollowUpRow, order: WorkOrderRow) -> FollowUpPublic:
    satisfaction = None
    if (
        row.attitude is not None
        and row.repair_quality is not None
        and row.response_speed is not None
    ):
        satisfaction = Satisfaction(
            attitude=row.attitude,
            repair_quality=row.repair_quality,
            response_speed=row.response_speed,
            satisfied=bool(row.satisfied),
        )
    customer = order.data.get("customer", {})
    return FollowUpPublic(
        id=row.id,
        sheet_id=row.sheet_id,
        revision=row.revision,
        ticket_no=order.ticket_no,
        customer_name=str(customer.get("name", "")),
        customer_phone=str(customer.get("phone", "")),
        due_at=row.due_at,
        status=FollowUpStatus(row.status),
        called_at=row.called_at,
        reached=row.reached,
        unit_working=row.unit_working,
        satisfaction=satisfaction,
        notes=row.notes,
    )
