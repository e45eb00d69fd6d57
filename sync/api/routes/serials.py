"""Serial history (previous visits and repairs of a unit) and the warranty check.

Both use the same rules module as the phone app (``fieldapp.domain.warranty`` and
``fieldapp.domain.replacement``) with the service's current catalogue.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from fieldapp.domain.replacement import ReplacementVerdict
from fieldapp.domain.serial import normalise_serial
from fieldapp.domain.warranty import WarrantyCase, WarrantyVerdict, warranty_verdict
from sync.api.deps import CurrentUser, ReadSession, SettingsDep
from sync.api.route import CheckedRoute
from sync.core.db import utcnow
from sync.crud.reference import reference_data
from sync.crud.rules import repair_history, replacement
from sync.models.user import Role, UserRow
from sync.models.work_order import WorkOrderRow

router = APIRouter(tags=["serials and warranty"], route_class=CheckedRoute)
Serial = Annotated[str, Path(pattern=r"^[0-9A-Za-z\- ]{4,40}$", description="机身编号")]


class Visit(BaseModel):
    """One of our visits to the unit; office staff also see the ticket and technician."""

    sheet_id: str
    visit_date: date
    opened_unit: bool
    resolved: bool
    ticket_no: str | None = None
    technician: str | None = None
    status: str | None = None


class SerialHistory(BaseModel):
    serial: str
    visits: list[Visit]
    replacement: ReplacementVerdict | None


@router.get("/serials/{serial}/history", response_model=SerialHistory)
def serial_history(
    serial: Serial,
    user: CurrentUser,
    session: ReadSession,
    settings: SettingsDep,
    in_warranty: Annotated[
        bool | None, Query(description="give it to get the replacement verdict")
    ] = None,
    first_reported: Annotated[
        date | None, Query(description="the day the fault was first reported")
    ] = None,
    still_failing: bool = True,
) -> SerialHistory:
    """Previous visits to this unit; with ``in_warranty``, whether it qualifies for 换机."""
    normalised = normalise_serial(serial)
    today = utcnow().astimezone(settings.zone).date()
    history = repair_history(session, serial=normalised)
    visits = []
    for row, visit in history:
        entry = Visit(**visit.model_dump())
        if user.role != Role.TECHNICIAN:  # a technician sees the repairs, not others' jobs
            order = session.get(WorkOrderRow, row.work_order_id)
            technician = session.get(UserRow, row.technician_id)
            entry.ticket_no = order.ticket_no if order else None
            entry.technician = technician.display_name if technician else None
            entry.status = row.status
        visits.append(entry)
    verdict = None
    if in_warranty is not None:
        first = first_reported or (visits[0].visit_date if visits else today)
        verdict = replacement(
            session,
            serial=normalised,
            in_warranty=in_warranty,
            first_reported=min(first, today),
            today=today,
            still_failing=still_failing,
        )
    return SerialHistory(serial=normalised, visits=visits, replacement=verdict)


@router.post("/warranty/check", response_model=WarrantyVerdict)
def warranty_check(case: WarrantyCase, _: CurrentUser, session: ReadSession) -> WarrantyVerdict:
    """The warranty verdict for a case: free, charged, or no verdict until something is checked."""
    return warranty_verdict(case, reference_data(session).catalogue)
