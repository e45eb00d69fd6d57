"""Work orders: the clerk records a call (a 报修单号 is issued), the supervisor assigns,
reassigns or cancels, and each change reaches the technician concerned on their next pull.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fieldapp.domain.intake import purchase_problems, received_problem
from fieldapp.domain.order_status import refused_change
from fieldapp.domain.text import Text
from fieldapp.domain.work_order import (
    RegisteredProduct,
    WorkOrder,
    WorkOrderStatus,
    ticket_no_for,
)
from fieldapp.protocol.pull import ChangeKind, WorkOrderRemoval
from fieldapp.protocol.work_orders import WorkOrderCreate, WorkOrderUpdate
from sync.core.db import utcnow
from sync.core.errors import conflict, field_refusal, invalid, not_found, unprocessable
from sync.crud.changes import record_change
from sync.crud.reference import reference_data
from sync.messages import events as messages
from sync.models.user import Role, UserRow
from sync.models.work_order import TicketCounterRow, WorkOrderRow


def issue_ticket_no(session: Session, *, reported_at: datetime, zone: ZoneInfo) -> str:
    """The next 报修单号 of the call's day in the service centre's time zone."""
    day = reported_at.astimezone(zone).date()
    key = f"{day:%Y%m%d}"
    bump = (
        update(TicketCounterRow)
        .where(TicketCounterRow.day == key)
        .values(last=TicketCounterRow.last + 1)
        .returning(TicketCounterRow.last)
    )
    sequence = session.execute(bump).scalar_one_or_none()
    if sequence is None:
        try:
            with session.begin_nested():
                session.add(TicketCounterRow(day=key, last=1))
            sequence = 1
        except IntegrityError:  # another call of the same day got there first
            sequence = session.execute(bump).scalar_one()
    if sequence > 9999:
        raise conflict("当天报修单号已用完", "no ticket numbers left for that day")
    return ticket_no_for(day, sequence)


def create_work_order(
    session: Session, *, new: WorkOrderCreate, clerk: UserRow, zone: ZoneInfo
) -> WorkOrderRow:
    """Record a customer's call; the work order starts unassigned (已登记)."""
    now = utcnow()
    reported_at = new.reported_at or now
    problems = intake_problems(session, product=new.product, zone=zone, now=now)
    late = received_problem(reported_at, now=now)
    if late is not None:
        problems["reported_at"] = late
    if problems:
        raise field_refusal(WorkOrderCreate, problems)
    data = new.model_dump(mode="json", exclude={"reported_at"})
    data.update(reported_at=reported_at.isoformat(), status=WorkOrderStatus.RECORDED.value)
    data["ticket_no"] = issue_ticket_no(session, reported_at=reported_at, zone=zone)
    data["updated_at"] = now.isoformat()
    order = _validated(data)
    row = WorkOrderRow(
        ticket_no=order.ticket_no,
        status=order.status.value,
        service_centre=order.service_centre,
        reported_at=order.reported_at,
        updated_at=now,
        created_by=clerk.id,
        data=order.model_dump(mode="json"),
    )
    session.add(row)
    session.flush()
    return row


def intake_problems(
    session: Session, *, product: RegisteredProduct | None, zone: ZoneInfo, now: datetime
) -> dict[str, Text]:
    """What the domain finds impossible in the product of a call: a purchase date in the
    future or before the month its serial says the unit was made (by path)."""
    if product is None or product.purchase_date is None:
        return {}
    found = purchase_problems(
        product.purchase_date,
        product.serial,
        reference_data(session).catalogue,
        now.astimezone(zone).date(),
    )
    if not found:
        return {}
    return {"product.purchase_date": found[0].text}


def _validated(data: dict[str, Any]) -> WorkOrder:
    try:
        return WorkOrder.model_validate(data)
    except ValidationError as exc:
        raise invalid(exc, WorkOrder) from exc


def visible_work_order(
    session: Session, *, user: UserRow, ticket_no: str, lock: bool = False
) -> WorkOrderRow:
    """The work order if this user may see it; a technician sees only their own (else 404).

    ``lock`` it when the request is going to change it: without the row lock, two changes at
    once on PostgreSQL both start from the same row and the later one undoes the earlier.
    """
    query = select(WorkOrderRow).where(WorkOrderRow.ticket_no == ticket_no)
    row = session.scalar(query.with_for_update() if lock else query)
    if row is None or (user.role == Role.TECHNICIAN and row.technician_id != user.id):
        raise not_found(f"工作单 {ticket_no}", f"Work order {ticket_no}")
    return row


def list_work_orders(
    session: Session,
    *,
    user: UserRow,
    status: WorkOrderStatus | None,
    technician_id: int | None,
    limit: int,
    offset: int,
) -> tuple[list[WorkOrderRow], int]:
    query = select(WorkOrderRow)
    if user.role == Role.TECHNICIAN:
        query = query.where(WorkOrderRow.technician_id == user.id)
    elif technician_id is not None:
        query = query.where(WorkOrderRow.technician_id == technician_id)
    if status is not None:
        query = query.where(WorkOrderRow.status == status.value)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(WorkOrderRow.reported_at.desc(), WorkOrderRow.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return list(rows), total


def technician_names(session: Session, *, rows: list[WorkOrderRow]) -> dict[str, str]:
    """The display name of each technician ``rows`` are assigned to, by public id."""
    ids = {r.technician_id for r in rows if r.technician_id is not None}
    if not ids:
        return {}
    found = session.execute(select(UserRow.id, UserRow.display_name).where(UserRow.id.in_(ids)))
    return {str(user_id): name for user_id, name in found}


def change_work_order(
    session: Session,
    *,
    row: WorkOrderRow,
    status: WorkOrderStatus | None = None,
    fields: dict[str, Any] | None = None,
    technician: UserRow | None = None,
    reason: str = "",
) -> WorkOrderRow:
    """The one path every change to a work order takes: validate, store, tell the technicians.

    A status change the domain does not allow (``order_status``) is refused with 409, and so
    is any edit of a finished order. The previous technician of a reassigned order gets
    ``work_order_removed``; the current one gets the new work order.
    """
    refuse_change(row, status)
    previous_technician = row.technician_id
    data = dict(row.data)
    data.update(fields or {})
    if status is not None:
        data["status"] = status.value
    if technician is not None:
        data["technician_id"] = technician.public_id
    now = utcnow()
    data["updated_at"] = now.isoformat()
    order = _validated(data)
    row.data = order.model_dump(mode="json")
    row.status = order.status.value
    row.service_centre = order.service_centre
    row.updated_at = now
    if technician is not None:
        row.technician_id = technician.id
        row.assigned_at = row.assigned_at or now
    if previous_technician is not None and previous_technician != row.technician_id:
        record_change(
            session,
            kind=ChangeKind.WORK_ORDER_REMOVED,
            entity_id=row.ticket_no,
            user_id=previous_technician,
            payload=WorkOrderRemoval(reason=reason or "reassigned").model_dump(mode="json"),
        )
    if row.technician_id is not None:
        record_change(
            session,
            kind=ChangeKind.WORK_ORDER,
            entity_id=row.ticket_no,
            user_id=row.technician_id,
            payload=row.data,
        )
    return row


def update_work_order(
    session: Session, *, row: WorkOrderRow, changes: WorkOrderUpdate, zone: ZoneInfo
) -> WorkOrderRow:
    """Correct the customer, product, fault, urgency, appointment or service centre."""
    refuse_change(row, None)
    problems = intake_problems(session, product=changes.product, zone=zone, now=utcnow())
    if problems:
        raise field_refusal(WorkOrderUpdate, problems)
    fields = changes.model_dump(mode="json", exclude_unset=True)
    return change_work_order(session, row=row, fields=fields)


def assign_work_order(session: Session, *, row: WorkOrderRow, technician: UserRow) -> WorkOrderRow:
    """Assign or reassign; the order goes back to 已派工 for the technician now holding it."""
    refuse_change(row, WorkOrderStatus.ASSIGNED)
    if technician.role != Role.TECHNICIAN or not technician.active:
        raise unprocessable(
            "只能派给在职的技术员", "a work order can only go to an active technician"
        )
    if row.technician_id == technician.id:
        return row
    change_work_order(session, row=row, status=WorkOrderStatus.ASSIGNED, technician=technician)
    messages.order_assigned(session, order=row, technician=technician)  # the customer is told
    return row


def cancel_work_order(session: Session, *, row: WorkOrderRow, reason: str) -> WorkOrderRow:
    """Cancel: the technician receives the order with status ``cancelled``."""
    refuse_change(row, WorkOrderStatus.CANCELLED)
    row.cancel_reason = reason
    return change_work_order(session, row=row, status=WorkOrderStatus.CANCELLED, reason=reason)


def refuse_change(row: WorkOrderRow, status: WorkOrderStatus | None) -> None:
    """409 if the order may not move to ``status`` (``None``: edited, keeping its status)."""
    current = WorkOrderStatus(row.status)
    refusal = refused_change(row.ticket_no, current, status or current)
    if refusal is not None:
        raise conflict(refusal.zh, refusal.en)
