"""Follow-up calls (回访): scheduled, listed for the clerks, outcome and satisfaction recorded
once.

One call per visit (sheet revision): scheduled when the sheet arrives with a low rating or
unresolved, or when it is approved; a second reason joins the call already scheduled rather
than calling the customer twice. An overdue loan gets a call of its own.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fieldapp.domain.job_sheet import AnotherVisit, JobSheet, ReturnToCentre
from fieldapp.protocol.follow_ups import (
    FollowUpOutcome,
    FollowUpPublic,
    FollowUpReason,
    FollowUpStatus,
    Satisfaction,
)
from sync.core.db import Database, utcnow
from sync.core.errors import conflict, not_found
from sync.models.follow_up import FollowUpRow, call_phrase
from sync.models.loaner import LoanerRow, LoanRow
from sync.models.sheet import SheetRow
from sync.models.user import UserRow
from sync.models.work_order import WorkOrderRow

LOW_RATING = 3  # a rating of 3 or lower calls for a call


def schedule_call(
    session: Session,
    *,
    sheet_id: str,
    revision: int,
    work_order_id: int,
    reason: FollowUpReason,
    due_at: datetime,
) -> FollowUpRow:
    """The visit's call, scheduled with ``reason`` (joined to the one already there)."""
    row = session.scalar(
        select(FollowUpRow)
        .where(FollowUpRow.sheet_id == sheet_id, FollowUpRow.revision == revision)
        .with_for_update()
    )
    if row is None:
        row = FollowUpRow(
            sheet_id=sheet_id,
            revision=revision,
            work_order_id=work_order_id,
            due_at=due_at,
            reasons=[reason.value],
        )
        session.add(row)
        session.flush()
        return row
    if reason.value not in row.reasons and row.status == FollowUpStatus.DUE:
        row.reasons = [*row.reasons, reason.value]
        row.due_at = min(row.due_at, due_at)
    return row


def calls_for_sheet(
    session: Session, *, sheet: JobSheet, work_order_id: int, now: datetime
) -> None:
    """Schedule a call at once for a signed visit rated low or not resolved."""
    if sheet.sign_off is None:
        return
    reasons = []
    if sheet.sign_off.rating <= LOW_RATING:
        reasons.append(FollowUpReason.LOW_RATING)
    if isinstance(sheet.outcome, AnotherVisit | ReturnToCentre):
        reasons.append(FollowUpReason.NOT_RESOLVED)
    for reason in reasons:
        schedule_call(
            session,
            sheet_id=sheet.sheet_id,
            revision=sheet.revision,
            work_order_id=work_order_id,
            reason=reason,
            due_at=now,
        )


def _loans_without_call(today: date) -> Select[LoanRow]:
    return (
        select(LoanRow)
        .outerjoin(FollowUpRow, FollowUpRow.loan_id == LoanRow.id)
        .where(LoanRow.returned_at.is_(None), LoanRow.due_date < today, FollowUpRow.id.is_(None))
    )


def loans_needing_call(session: Session, *, today: date) -> bool:
    """Whether an overdue loan has no call scheduled yet."""
    return session.scalar(_loans_without_call(today).limit(1)) is not None


def schedule_loan_calls(session: Session, *, today: date) -> int:
    """A call for every overdue loan that has none yet; how many were scheduled."""
    now = utcnow()
    loans = list(session.scalars(_loans_without_call(today)))
    for loan in loans:
        session.add(
            FollowUpRow(
                sheet_id=None,
                revision=None,
                loan_id=loan.id,
                work_order_id=loan.work_order_id,
                due_at=now,
                reasons=[FollowUpReason.OVERDUE_LOANER.value],
            )
        )
    session.flush()
    return len(loans)


def schedule_overdue_loan_calls(database: Database, *, zone: ZoneInfo) -> None:
    """Schedule the calls for loans that became overdue since the last look.

    Nothing runs on a timer in the service: a loan becomes overdue by the calendar alone,
    so the lists that show calls or overdue loans schedule the missing calls first (in a
    write transaction of their own, only when one is missing).
    """
    today = utcnow().astimezone(zone).date()
    with database.session(write=False) as session:
        if not loans_needing_call(session, today=today):
            return
    try:
        with database.transaction() as session:
            schedule_loan_calls(session, today=today)
    except IntegrityError:
        pass  # another request scheduled the same calls at the same moment


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
    loan_ids = [f.loan_id for f, _ in rows if f.loan_id is not None]
    serials = (
        dict(
            session.execute(
                select(LoanRow.id, LoanerRow.serial)
                .join(LoanerRow, LoanerRow.id == LoanRow.loaner_id)
                .where(LoanRow.id.in_(loan_ids))
            ).all()
        )
        if loan_ids
        else {}
    )
    reached = session.scalar(select(func.count()).where(FollowUpRow.reached.is_(True))) or 0
    satisfied = session.scalar(select(func.count()).where(FollowUpRow.satisfied.is_(True))) or 0
    share = satisfied / reached if reached else None
    said = sign_offs(session, [f.sheet_id for f, _ in rows if f.sheet_id is not None])
    items = [
        public(f, o, loaner_serial=serials.get(f.loan_id or 0), sign_off=said.get(f.sheet_id or ""))
        for f, o in rows
    ]
    return items, session.scalar(count) or 0, share


def follow_up(session: Session, *, follow_up_id: int) -> tuple[FollowUpRow, WorkOrderRow]:
    """The follow-up, locked: two clerks recording the same call take turns (one gets 409)."""
    row = session.get(FollowUpRow, follow_up_id, with_for_update=True)
    if row is None:
        raise not_found(f"回访 {follow_up_id}", f"Follow-up {follow_up_id}")
    order = session.get(WorkOrderRow, row.work_order_id)
    assert order is not None
    return row, order


def loaner_serial_of(session: Session, *, row: FollowUpRow) -> str | None:
    """The loaner unit a loan call is about."""
    if row.loan_id is None:
        return None
    return session.scalar(
        select(LoanerRow.serial)
        .join(LoanRow, LoanRow.loaner_id == LoanerRow.id)
        .where(LoanRow.id == row.loan_id)
    )


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


def sign_offs(session: Session, sheet_ids: list[str]) -> dict[str, tuple[int | None, str]]:
    """Each sheet's rating and comment as the customer gave them when signing."""
    if not sheet_ids:
        return {}
    found: dict[str, tuple[int | None, str]] = {}
    for sheet_id, rating, data in session.execute(
        select(SheetRow.sheet_id, SheetRow.rating, SheetRow.data).where(
            SheetRow.sheet_id.in_(sheet_ids)
        )
    ):
        sign_off = (data or {}).get("sign_off") or {}
        found[sheet_id] = (rating, str(sign_off.get("comment") or ""))
    return found


def public(
    row: FollowUpRow,
    order: WorkOrderRow,
    *,
    loaner_serial: str | None = None,
    sign_off: tuple[int | None, str] | None = None,
) -> FollowUpPublic:
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
    reasons = [FollowUpReason(r) for r in row.reasons]
    return FollowUpPublic(
        id=row.id,
        sheet_id=row.sheet_id,
        revision=row.revision,
        reasons=reasons,
        phrase=call_phrase(reasons),
        loaner_serial=loaner_serial,
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
        customer_rating=sign_off[0] if sign_off else None,
        customer_comment=sign_off[1] if sign_off else "",
    )
