"""Units at the service centre: registered from a signed sheet, moved through their states.

The promise date is the domain's (5 working days after the day the unit was taken, in the
service's working-day calendar). Marking a unit ready records the centre's repair for the
job's service levels; handing it back to the customer ends the loan of the loaner they had.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldapp.domain.job_sheet import JobSheet, ReturnToCentre
from fieldapp.domain.service_levels import CalendarRangeError, centre_promise_date
from fieldapp.protocol.centre_units import (
    NEXT_STATES,
    CentreUnitPublic,
    CustomerNotified,
    UnitState,
    UnitStateChange,
)
from sync.core.db import utcnow
from sync.core.errors import bad_state_change, not_found, unprocessable
from sync.core.times import refuse_out_of_range
from sync.crud.loaners import give_back
from sync.crud.reference import reference_data
from sync.crud.rules import service_level_state
from sync.messages import events as messages
from sync.models.centre_unit import STATE_NAMES, CentreUnitRow
from sync.models.loaner import LoanerRow, LoanRow
from sync.models.sheet import SheetRow
from sync.models.work_order import WorkOrderRow


def register_from_sheet(
    session: Session, *, order: WorkOrderRow, sheet: JobSheet
) -> CentreUnitRow | None:
    """Register the unit a signed sheet sends back to the centre (once per sheet)."""
    if sheet.sign_off is None or not isinstance(sheet.outcome, ReturnToCentre):
        return None
    existing = session.scalar(select(CentreUnitRow).where(CentreUnitRow.sheet_id == sheet.sheet_id))
    if existing is not None:
        return existing
    calendar = reference_data(session).calendar
    taken = sheet.sign_off.signed_at
    promised = None
    if calendar is not None:
        try:
            promised = centre_promise_date(taken.astimezone(calendar.zone).date(), calendar)
        except CalendarRangeError:
            promised = None  # the admin has not published that year's calendar yet
    product = sheet.product_check
    unit = CentreUnitRow(
        sheet_id=sheet.sheet_id,
        work_order_id=order.id,
        service_centre=order.service_centre,
        serial=product.serial_read[:32] if product else "",
        model=product.model if product else str(order.data.get("product", {}).get("model", "")),
        reason=sheet.outcome.reason,
        taken_at=taken,
        promised_by=promised,
        state=UnitState.RECEIVED.value,
        state_changed_at=utcnow(),
    )
    session.add(unit)
    session.flush()
    return unit


def unit(session: Session, *, unit_id: int, lock: bool = False) -> CentreUnitRow:
    query = select(CentreUnitRow).where(CentreUnitRow.id == unit_id)
    row = session.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise not_found(f"返修机 {unit_id}", f"Unit {unit_id}")
    return row


def _open_loan(session: Session, *, work_order_id: int) -> tuple[LoanRow, LoanerRow] | None:
    found = session.execute(
        select(LoanRow, LoanerRow)
        .join(LoanerRow, LoanerRow.id == LoanRow.loaner_id)
        .where(LoanRow.work_order_id == work_order_id, LoanRow.returned_at.is_(None))
        .order_by(LoanRow.id)
        .limit(1)
    ).first()
    return None if found is None else (found[0], found[1])


def change_state(session: Session, *, row: CentreUnitRow, change: UnitStateChange) -> CentreUnitRow:
    """Move the unit on; ready records the repair, returned ends the customer's loan."""
    refuse_out_of_range(change)
    current, wanted = UnitState(row.state), change.state
    if wanted not in NEXT_STATES[current]:
        raise bad_state_change(
            f"返修机状态不能从「{STATE_NAMES[current].zh}」改为「{STATE_NAMES[wanted].zh}」",
            f"a unit cannot go from {STATE_NAMES[current].en.lower()} to "
            f"{STATE_NAMES[wanted].en.lower()}",
        )
    at = change.at or utcnow()
    if at < row.taken_at:
        raise unprocessable(
            "时间不能早于返修机接收时间", "the time cannot be before the unit was taken"
        )
    row.state = wanted.value
    row.state_changed_at = at
    if change.notes:
        row.notes = change.notes
    order = session.get(WorkOrderRow, row.work_order_id, with_for_update=True)
    assert order is not None
    if wanted is UnitState.READY and row.ready_at is None:
        row.ready_at = at
        session.flush()
        _refresh_levels(session, order=order)
    if wanted is UnitState.RETURNED:
        row.returned_at = at
        loan = _open_loan(session, work_order_id=row.work_order_id)
        if loan is not None:
            session.refresh(loan[1], with_for_update=True)
            give_back(session, loaner=loan[1], condition=change.loaner_condition, returned_at=at)
    messages.unit_moved(session, unit=row, order=order)  # the customer is told
    return row


def _refresh_levels(session: Session, *, order: WorkOrderRow) -> None:
    """The job's service levels now that the centre's repair is done."""
    missed, next_due = service_level_state(session, order=order, now=utcnow())
    for sheet in session.scalars(select(SheetRow).where(SheetRow.work_order_id == order.id)):
        sheet.service_level_missed, sheet.next_deadline_at = missed, next_due


def customer_notified(
    session: Session, *, row: CentreUnitRow, body: CustomerNotified
) -> CentreUnitRow:
    refuse_out_of_range(body)
    row.customer_notified_at = body.notified_at or utcnow()
    return row


def list_units(
    session: Session,
    *,
    state: UnitState | None,
    service_centre: str | None,
    late_only: bool,
    today: date,
    zone: ZoneInfo,
    limit: int,
    offset: int,
) -> tuple[list[CentreUnitPublic], int, dict[str, int]]:
    """Units by promise date (earliest first), with counts per state."""
    query = select(CentreUnitRow, WorkOrderRow).join(
        WorkOrderRow, WorkOrderRow.id == CentreUnitRow.work_order_id
    )
    counting = select(CentreUnitRow.state, func.count()).group_by(CentreUnitRow.state)
    if service_centre is not None:
        query = query.where(CentreUnitRow.service_centre == service_centre)
        counting = counting.where(CentreUnitRow.service_centre == service_centre)
    if state is not None:
        query = query.where(CentreUnitRow.state == state.value)
    if late_only:
        query = query.where(
            CentreUnitRow.state.in_([UnitState.RECEIVED.value, UnitState.REPAIRING.value]),
            CentreUnitRow.promised_by < today,
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by(CentreUnitRow.promised_by, CentreUnitRow.taken_at, CentreUnitRow.id)
        .limit(limit)
        .offset(offset)
    ).all()
    counts = {s.value: 0 for s in UnitState}
    counts.update({str(s): int(n) for s, n in session.execute(counting).all()})
    loaners = _loaners_of(session, [o.id for _, o in rows])
    items = [public(u, o, today=today, zone=zone, loaner_serial=loaners.get(o.id)) for u, o in rows]
    return items, total, counts


def _loaners_of(session: Session, order_ids: list[int]) -> dict[int, str]:
    if not order_ids:
        return {}
    return dict(
        session.execute(
            select(LoanRow.work_order_id, LoanerRow.serial)
            .join(LoanerRow, LoanerRow.id == LoanRow.loaner_id)
            .where(LoanRow.work_order_id.in_(order_ids), LoanRow.returned_at.is_(None))
        ).all()
    )


def unit_public(
    session: Session, *, row: CentreUnitRow, today: date, zone: ZoneInfo
) -> CentreUnitPublic:
    order = session.get(WorkOrderRow, row.work_order_id)
    assert order is not None
    serial = _loaners_of(session, [order.id]).get(order.id)
    return public(row, order, today=today, zone=zone, loaner_serial=serial)


def public(
    row: CentreUnitRow,
    order: WorkOrderRow,
    *,
    today: date,
    zone: ZoneInfo,
    loaner_serial: str | None,
) -> CentreUnitPublic:
    state = UnitState(row.state)
    waiting = state in (UnitState.RECEIVED, UnitState.REPAIRING)
    days_left = (row.promised_by - today).days if row.promised_by is not None else None
    ready_day = row.ready_at.astimezone(zone).date() if row.ready_at is not None else None
    late = (waiting and days_left is not None and days_left < 0) or (
        ready_day is not None and row.promised_by is not None and ready_day > row.promised_by
    )
    customer = order.data.get("customer", {})
    return CentreUnitPublic(
        id=row.id,
        sheet_id=row.sheet_id,
        ticket_no=order.ticket_no,
        customer_name=str(customer.get("name", "")),
        customer_phone=str(customer.get("phone", "")),
        service_centre=row.service_centre,
        serial=row.serial,
        model=row.model,
        reason=row.reason,
        taken_at=row.taken_at,
        promised_by=row.promised_by,
        days_left=days_left if waiting else None,
        late=late,
        state=state,
        state_name=STATE_NAMES[state],
        state_changed_at=row.state_changed_at,
        ready_at=row.ready_at,
        customer_notified=row.customer_notified_at is not None,
        customer_notified_at=row.customer_notified_at,
        returned_at=row.returned_at,
        notes=row.notes,
        loaner_serial=loaner_serial,
    )
