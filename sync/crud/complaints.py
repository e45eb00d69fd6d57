"""Complaints (客投登记): recorded, listed, closed, summarised by cause and by technician.

The 24-hour answer deadline is set when the complaint is recorded; closing it records what
was done and the customer's follow-up, and whether that was within the deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, aliased

from fieldapp.domain.intake import CLOCK_SLACK, in_future, received_problem
from fieldapp.domain.text import Text, text
from fieldapp.protocol.complaints import (
    CauseCount,
    ComplaintCause,
    ComplaintClose,
    ComplaintCreate,
    ComplaintPublic,
    ComplaintSummary,
    CountRow,
    TechnicianCount,
)
from sync.core.db import utcnow
from sync.core.errors import conflict, field_refusal, not_found
from sync.core.times import refuse_out_of_range
from sync.crud.users import user_by_public_id
from sync.models.complaint import ANSWER_WITHIN, CAUSE_NAMES, ComplaintRow
from sync.models.sheet import SheetRow
from sync.models.user import Role, UserRow
from sync.models.work_order import WorkOrderRow


def record_complaint(session: Session, *, new: ComplaintCreate, clerk: UserRow) -> ComplaintRow:
    """Record a complaint; the technician defaults to the one of the ticket named.

    A ticket or technician that does not exist, and a received time in the future, before
    the job was reported or over a year back, are refused under their fields."""
    refuse_out_of_range(new)
    now = utcnow()
    problems: dict[str, Text] = {}
    order = None
    if new.ticket_no is not None:
        order = session.scalar(select(WorkOrderRow).where(WorkOrderRow.ticket_no == new.ticket_no))
        if order is None:
            problems["ticket_no"] = text(
                f"找不到报修单号 {new.ticket_no}，请核对或留空",
                f"there is no ticket {new.ticket_no}: check it or leave it empty",
            )
    technician_id = order.technician_id if order is not None else None
    if new.technician_id is not None:
        technician = user_by_public_id(session, public_id=new.technician_id)
        if technician is None or technician.role != Role.TECHNICIAN:
            problems["technician_id"] = text(
                f"找不到技术员 {new.technician_id}", f"there is no technician {new.technician_id}"
            )
        else:
            technician_id = technician.id
    received = new.received_at or now
    late = received_problem(
        received, now=now, not_before=order.reported_at if order is not None else None
    )
    if late is not None:
        problems["received_at"] = late
    if problems:
        raise field_refusal(ComplaintCreate, problems)
    row = ComplaintRow(
        customer_name=new.customer_name,
        customer_phone=new.customer_phone,
        customer_address=new.customer_address,
        cause=new.cause.value,
        details=new.details,
        work_order_id=order.id if order is not None else None,
        technician_id=technician_id,
        received_at=received,
        answer_due_at=received + ANSWER_WITHIN,
        recorded_by=clerk.id,
    )
    session.add(row)
    session.flush()
    return row


def complaint(session: Session, *, complaint_id: int, lock: bool = False) -> ComplaintRow:
    query = select(ComplaintRow).where(ComplaintRow.id == complaint_id)
    row = session.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise not_found(f"投诉 {complaint_id}", f"Complaint {complaint_id}")
    return row


def close_complaint(
    session: Session, *, row: ComplaintRow, closing: ComplaintClose, clerk: UserRow
) -> ComplaintRow:
    """Close it with what was done and the customer's follow-up (once)."""
    refuse_out_of_range(closing)
    if row.status == "closed":
        raise conflict("此投诉已处理完毕", "this complaint is already closed")
    closed_at = closing.closed_at or utcnow()
    if closed_at < row.received_at:
        raise field_refusal(
            ComplaintClose,
            {
                "closed_at": text(
                    "不能早于投诉时间", "it cannot be before the complaint was received"
                )
            },
        )
    if closed_at > utcnow() + CLOCK_SLACK:
        raise field_refusal(ComplaintClose, {"closed_at": in_future()})
    row.status = "closed"
    row.closed_at = closed_at
    row.action_taken = closing.action_taken
    row.customer_follow_up = closing.customer_follow_up
    row.closed_by = clerk.id
    return row


@dataclass(frozen=True)
class ComplaintFilter:
    status: str | None = None
    cause: ComplaintCause | None = None
    technician_id: int | None = None
    ticket_no: str | None = None
    received_from: date | None = None
    received_to: date | None = None


def _day_bounds(
    first: date | None, last: date | None, zone: ZoneInfo
) -> tuple[datetime | None, datetime | None]:
    start = datetime.combine(first, time(0), tzinfo=zone) if first else None
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone) if last else None
    return start, end


def _where(query: Select[ComplaintRow], f: ComplaintFilter, zone: ZoneInfo) -> Select[ComplaintRow]:
    if f.status is not None:
        query = query.where(ComplaintRow.status == f.status)
    if f.cause is not None:
        query = query.where(ComplaintRow.cause == f.cause.value)
    if f.technician_id is not None:
        query = query.where(ComplaintRow.technician_id == f.technician_id)
    if f.ticket_no is not None:
        orders = select(WorkOrderRow.id).where(WorkOrderRow.ticket_no == f.ticket_no)
        query = query.where(ComplaintRow.work_order_id.in_(orders.scalar_subquery()))
    start, end = _day_bounds(f.received_from, f.received_to, zone)
    if start is not None:
        query = query.where(ComplaintRow.received_at >= start)
    if end is not None:
        query = query.where(ComplaintRow.received_at < end)
    return query


def list_complaints(
    session: Session, *, filters: ComplaintFilter, zone: ZoneInfo, limit: int, offset: int
) -> tuple[list[ComplaintPublic], int]:
    """Open ones with the nearest deadline first, then the rest newest first."""
    query = _where(select(ComplaintRow), filters, zone)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(
            case((ComplaintRow.status == "open", 0), else_=1),
            case((ComplaintRow.status == "open", ComplaintRow.answer_due_at), else_=None),
            ComplaintRow.received_at.desc(),
            ComplaintRow.id.desc(),
        )
        .limit(limit)
        .offset(offset)
    )
    return public_many(session, list(rows)), total


def complaints_about_order(session: Session, *, work_order_id: int) -> list[ComplaintPublic]:
    rows = session.scalars(
        select(ComplaintRow)
        .where(ComplaintRow.work_order_id == work_order_id)
        .order_by(ComplaintRow.received_at)
    )
    return public_many(session, list(rows))


def public_many(session: Session, rows: list[ComplaintRow]) -> list[ComplaintPublic]:
    """The complaints as the API shows them (names, tickets, sheets looked up at once)."""
    user_ids = {r.technician_id for r in rows if r.technician_id is not None}
    user_ids |= {r.recorded_by for r in rows}
    user_ids |= {r.closed_by for r in rows if r.closed_by is not None}
    names = (
        dict(
            session.execute(
                select(UserRow.id, UserRow.display_name).where(UserRow.id.in_(user_ids))
            ).all()
        )
        if user_ids
        else {}
    )
    order_ids = {r.work_order_id for r in rows if r.work_order_id is not None}
    tickets: dict[int, str] = {}
    sheets: dict[int, list[str]] = {}
    if order_ids:
        tickets = dict(
            session.execute(
                select(WorkOrderRow.id, WorkOrderRow.ticket_no).where(
                    WorkOrderRow.id.in_(order_ids)
                )
            ).all()
        )
        for order_id, sheet_id in session.execute(
            select(SheetRow.work_order_id, SheetRow.sheet_id)
            .where(SheetRow.work_order_id.in_(order_ids))
            .order_by(SheetRow.received_at)
        ).all():
            sheets.setdefault(order_id, []).append(sheet_id)
    now = utcnow()
    return [_public(r, names, tickets, sheets, now) for r in rows]


def _public(
    row: ComplaintRow,
    names: dict[int, str],
    tickets: dict[int, str],
    sheets: dict[int, list[str]],
    now: datetime,
) -> ComplaintPublic:
    cause = ComplaintCause(row.cause)
    order_id = row.work_order_id
    in_time = None if row.closed_at is None else row.closed_at <= row.answer_due_at
    left = None if row.status == "closed" else int((row.answer_due_at - now).total_seconds())
    return ComplaintPublic(
        id=row.id,
        customer_name=row.customer_name,
        customer_phone=row.customer_phone,
        customer_address=row.customer_address,
        cause=cause,
        cause_name=CAUSE_NAMES[cause],
        details=row.details,
        ticket_no=tickets.get(order_id) if order_id is not None else None,
        sheet_ids=sheets.get(order_id, []) if order_id is not None else [],
        technician_id=str(row.technician_id) if row.technician_id is not None else None,
        technician_name=names.get(row.technician_id) if row.technician_id is not None else None,
        received_at=row.received_at,
        answer_due_at=row.answer_due_at,
        seconds_left=left,
        status=row.status,
        closed_at=row.closed_at,
        answered_in_time=in_time,
        action_taken=row.action_taken,
        customer_follow_up=row.customer_follow_up,
        recorded_by=names.get(row.recorded_by, ""),
        closed_by=names.get(row.closed_by) if row.closed_by is not None else None,
    )


def summary(session: Session, *, first: date, last: date, zone: ZoneInfo) -> ComplaintSummary:
    """Complaints received in the period, counted by cause and by technician (in SQL)."""
    start, end = _day_bounds(first, last, zone)
    now = utcnow()
    closed = ComplaintRow.status == "closed"
    counts = (
        func.count(),
        func.sum(case((~closed, 1), else_=0)),
        func.sum(
            case((closed & (ComplaintRow.closed_at <= ComplaintRow.answer_due_at), 1), else_=0)
        ),
        func.sum(
            case((closed & (ComplaintRow.closed_at > ComplaintRow.answer_due_at), 1), else_=0)
        ),
        func.sum(case((~closed & (ComplaintRow.answer_due_at < now), 1), else_=0)),
    )
    period = (ComplaintRow.received_at >= start, ComplaintRow.received_at < end)

    def row(values: tuple[object, ...]) -> dict[str, int]:
        keys = ("total", "open", "answered_in_time", "answered_late", "overdue")
        return {k: int(v or 0) for k, v in zip(keys, values, strict=True)}  # type: ignore[call-overload]

    overall = session.execute(select(*counts).where(*period)).one()
    by_cause = session.execute(
        select(ComplaintRow.cause, *counts).where(*period).group_by(ComplaintRow.cause)
    ).all()
    technician = aliased(UserRow)
    by_technician = session.execute(
        select(ComplaintRow.technician_id, technician.display_name, *counts)
        .outerjoin(technician, technician.id == ComplaintRow.technician_id)
        .where(*period)
        .group_by(ComplaintRow.technician_id, technician.display_name)
    ).all()
    causes = sorted(
        (
            CauseCount(
                cause=ComplaintCause(c),
                cause_name=CAUSE_NAMES[ComplaintCause(c)],
                **row(tuple(rest)),
            )
            for c, *rest in by_cause
        ),
        key=lambda x: (-x.total, x.cause.value),
    )
    technicians = sorted(
        (
            TechnicianCount(
                technician_id=str(t) if t is not None else None,
                technician_name=name,
                **row(tuple(rest)),
            )
            for t, name, *rest in by_technician
        ),
        key=lambda x: (-x.total, x.technician_name or ""),
    )
    return ComplaintSummary(
        date_from=first,
        date_to=last,
        all=CountRow(**row(tuple(overall))),
        by_cause=causes,
        by_technician=technicians,
    )
