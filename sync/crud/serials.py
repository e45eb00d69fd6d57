"""A unit's history by its serial: our visits, and with a warranty answer the 换机 verdict."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from fieldapp.domain.serial import normalise_serial
from fieldapp.protocol.serials import SerialHistory, Visit
from sync.crud.rules import repair_history, replacement
from sync.models.user import Role, UserRow
from sync.models.work_order import WorkOrderRow


@dataclass(frozen=True)
class ReplacementQuestion:
    """Is the unit due for replacement? ``first_reported`` None: the first visit (or today)."""

    in_warranty: bool
    first_reported: date | None
    still_failing: bool


def serial_history(
    session: Session,
    *,
    serial: str,
    viewer: UserRow,
    today: date,
    question: ReplacementQuestion | None,
) -> SerialHistory:
    """Our visits to the unit, oldest first; a technician sees the repairs, not others' jobs."""
    normalised = normalise_serial(serial)
    visits = []
    for row, visit in repair_history(session, serial=normalised):
        entry = Visit(**visit.model_dump())
        if viewer.role != Role.TECHNICIAN:
            order = session.get(WorkOrderRow, row.work_order_id)
            technician = session.get(UserRow, row.technician_id)
            entry.ticket_no = order.ticket_no if order else None
            entry.technician = technician.display_name if technician else None
            entry.status = row.status
        visits.append(entry)
    verdict = None
    if question is not None:
        first = question.first_reported or (visits[0].visit_date if visits else today)
        verdict = replacement(
            session,
            serial=normalised,
            in_warranty=question.in_warranty,
            first_reported=min(first, today),
            today=today,
            still_failing=question.still_failing,
        )
    return SerialHistory(serial=normalised, visits=visits, replacement=verdict)
