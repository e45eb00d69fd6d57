"""The service rules (``fieldapp.domain``) applied to what the service holds.

The rules themselves live in the domain core and are the same the phone app uses; this module
only gathers their inputs from the database: the work order, the sheets of the job, the
serial's repair history, the reference data (catalogue, working-day calendar).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldapp.domain.completion import missing_before_sign_off
from fieldapp.domain.job_sheet import FixedOnSite, JobSheet
from fieldapp.domain.replacement import RepairVisit, ReplacementVerdict, replacement_eligibility
from fieldapp.domain.service_levels import (
    CalendarRangeError,
    Deadline,
    any_missed,
    service_level_report,
    service_times_for,
)
from fieldapp.domain.warranty import WarrantyVerdict, warranty_case_for, warranty_verdict
from fieldapp.domain.work_order import WorkOrder
from fieldapp.protocol.sheet_detail import SheetRules
from sync.core.db import utcnow
from sync.crud.reference import reference_data
from sync.models.centre_unit import CentreUnitRow
from sync.models.sheet import JobServiceLevelRow, SheetRow
from sync.models.work_order import WorkOrderRow


def job_sheets(session: Session, *, order: WorkOrderRow) -> list[JobSheet]:
    """Every sheet of the work order, as domain models."""
    rows = session.scalars(select(SheetRow).where(SheetRow.work_order_id == order.id))
    return [JobSheet.model_validate(row.data) for row in rows]


def service_levels(
    session: Session, *, order: WorkOrderRow, now: datetime
) -> list[Deadline] | None:
    """The job's deadlines as of ``now``; None when the calendar does not cover the dates."""
    calendar = reference_data(session).calendar
    if calendar is None:
        return None
    # The request counts as answered when the service centre assigned a technician; a unit
    # taken to the centre is repaired when the centre marked it ready.
    repaired = session.scalar(
        select(CentreUnitRow.ready_at)
        .where(CentreUnitRow.work_order_id == order.id, CentreUnitRow.ready_at.is_not(None))
        .order_by(CentreUnitRow.ready_at)
        .limit(1)
    )
    times = service_times_for(
        order.order(),
        job_sheets(session, order=order),
        answered_at=order.assigned_at,
        centre_repaired_at=repaired,
    )
    try:
        return service_level_report(times, calendar=calendar, now=now)
    except CalendarRangeError:
        return None


def service_level_state(
    session: Session, *, order: WorkOrderRow, now: datetime
) -> tuple[bool | None, datetime | None]:
    """Whether any deadline of the job was missed as of ``now`` (None: unknown), and the
    earliest deadline still open then (None: none open)."""
    report = service_levels(session, order=order, now=now)
    store_job_levels(session, order=order, report=report)
    if report is None:
        return None, None
    open_dues = [d.due for d in report if d.status == "open"]
    return any_missed(report), min(open_dues, default=None)


def store_job_levels(
    session: Session, *, order: WorkOrderRow, report: list[Deadline] | None
) -> None:
    """Keep the job's deadlines for the dashboard (replaced at every push of the job)."""
    stored = {
        row.key: row
        for row in session.scalars(
            select(JobServiceLevelRow).where(JobServiceLevelRow.work_order_id == order.id)
        )
    }
    wanted = {d.key: d for d in report or []}
    for key, row in stored.items():
        if key not in wanted:
            session.delete(row)
    for key, deadline in wanted.items():
        row = stored.get(key) or JobServiceLevelRow(work_order_id=order.id, key=key)
        row.due_at = deadline.due
        row.done_at = deadline.done_at
        # "overdue" is not stored as missed: the dashboard counts an open deadline as missed
        # once it passes, whenever it is asked.
        row.met = deadline.met if deadline.done_at is not None else None
        if key not in stored:
            session.add(row)


def sheet_warranty(
    session: Session, *, order: WorkOrder, sheet: JobSheet, day: date
) -> WarrantyVerdict:
    """The warranty verdict for the visit, with the service's catalogue."""
    case = warranty_case_for(order, sheet, day)
    return warranty_verdict(case, reference_data(session).catalogue)


def repair_history(
    session: Session, *, serial: str, until: date | None = None
) -> list[tuple[SheetRow, RepairVisit]]:
    """Our visits to the unit with this serial, oldest first (the replacement rule's input)."""
    rows = session.scalars(
        select(SheetRow)
        .where(SheetRow.serial == serial)
        .order_by(SheetRow.visit_date, SheetRow.received_at)
    )
    history = []
    for row in rows:
        if row.visit_date is None or (until is not None and row.visit_date > until):
            continue
        repair = row.data.get("repair") or {}
        outcome = row.data.get("outcome") or {}
        visit = RepairVisit(
            sheet_id=row.sheet_id,
            visit_date=row.visit_date,
            opened_unit=bool(repair.get("opened_unit")),
            resolved=outcome.get("kind") == "fixed",
        )
        history.append((row, visit))
    return history


def replacement(
    session: Session,
    *,
    serial: str,
    in_warranty: bool,
    first_reported: date,
    today: date,
    still_failing: bool,
) -> ReplacementVerdict:
    visits = [visit for _, visit in repair_history(session, serial=serial, until=today)]
    return replacement_eligibility(
        visits,
        in_warranty=in_warranty,
        first_reported=first_reported,
        today=today,
        still_failing=still_failing,
    )


def rules_for_sheet(
    session: Session, *, sheet: SheetRow, order: WorkOrderRow, zone: ZoneInfo
) -> SheetRules:
    """What the rules say about a sheet, for the supervisor opening it."""
    job = JobSheet.model_validate(sheet.data)
    work_order = order.order()
    now = utcnow()
    day = sheet.visit_date or now.astimezone(zone).date()
    try:
        verdict = sheet_warranty(session, order=work_order, sheet=job, day=day)
    except ValidationError:  # the sheet lacks what a case needs; the completion list says what
        verdict = None
    report = service_levels(session, order=order, now=now)
    swap = None
    if sheet.serial and verdict is not None:
        swap = replacement(
            session,
            serial=sheet.serial,
            in_warranty=verdict.in_warranty,
            first_reported=work_order.reported_at.astimezone(zone).date(),
            today=day,
            still_failing=not isinstance(job.outcome, FixedOnSite),
        )
    return SheetRules(
        warranty=verdict,
        service_levels=report,
        service_level_missed=None if report is None else any_missed(report),
        completion=missing_before_sign_off(job, work_order, reference_data(session)),
        replacement=swap,
    )
