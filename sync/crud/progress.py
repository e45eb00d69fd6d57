"""What the progress page shows of one job: its facts gathered from the database.

:func:`job_facts` reads the work order, its sheets, its unit at the centre and its follow-up
calls, and hands them to the domain (:mod:`fieldapp.domain.progress`), which decides what the
customer sees. :func:`customer_phone` is the phone number the clerk recorded, which the page
checks the last four digits against.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.progress import CentreUnit, JobFacts, Visit
from fieldapp.domain.work_order import WorkOrderStatus
from fieldapp.protocol.centre_units import UnitState
from fieldapp.protocol.follow_ups import FollowUpStatus
from sync.models.centre_unit import CentreUnitRow
from sync.models.follow_up import FollowUpRow
from sync.models.sheet import SheetRow
from sync.models.user import UserRow
from sync.models.work_order import WorkOrderRow


def order_by_ticket(session: Session, *, ticket_no: str) -> WorkOrderRow | None:
    return session.scalar(select(WorkOrderRow).where(WorkOrderRow.ticket_no == ticket_no))


def customer_phone(order: WorkOrderRow) -> str:
    return str(order.data.get("customer", {}).get("phone", ""))


def job_facts(session: Session, *, order: WorkOrderRow) -> JobFacts:
    """The job as the customer may follow it."""
    names = _names(session, order)
    visits = []
    for row in session.scalars(
        select(SheetRow).where(SheetRow.work_order_id == order.id).order_by(SheetRow.received_at)
    ):
        try:
            sheet = JobSheet.model_validate(row.data)
        except ValidationError:  # a sheet stored by an older version of the rules
            continue
        visits.append(Visit(sheet=sheet, technician_name=names.get(row.technician_id, "")))
    units = [
        CentreUnit(
            taken_at=u.taken_at,
            promised_by=u.promised_by,
            repairing_since=u.state_changed_at if u.state == UnitState.REPAIRING else None,
            ready_at=u.ready_at,
            returned_at=u.returned_at,
        )
        for u in session.scalars(
            select(CentreUnitRow).where(CentreUnitRow.work_order_id == order.id)
        )
    ]
    follow_up = session.scalar(
        select(FollowUpRow.called_at)
        .where(
            FollowUpRow.work_order_id == order.id,
            FollowUpRow.status == FollowUpStatus.DONE.value,
        )
        .order_by(FollowUpRow.called_at.desc())
        .limit(1)
    )
    cancelled = order.status == WorkOrderStatus.CANCELLED.value
    return JobFacts(
        order=order.order(),
        assigned_at=order.assigned_at,
        technician_name=names.get(order.technician_id) if order.technician_id else None,
        visits=visits,
        units=units,
        follow_up_done_at=follow_up,
        cancelled_at=order.updated_at if cancelled else None,
    )


def _names(session: Session, order: WorkOrderRow) -> dict[int, str]:
    ids = set(
        session.scalars(select(SheetRow.technician_id).where(SheetRow.work_order_id == order.id))
    )
    if order.technician_id is not None:
        ids.add(order.technician_id)
    if not ids:
        return {}
    rows = session.execute(select(UserRow.id, UserRow.display_name).where(UserRow.id.in_(ids)))
    return {user_id: name for user_id, name in rows.all()}
