"""The dashboard's figures for a period (supervisors, clerks, admins)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from fieldapp.protocol.dashboard import Dashboard
from sync.api.deps import OfficeStaff, ReadSession
from sync.api.route import CheckedRoute
from sync.api.routes.complaints import check_period
from sync.core.db import utcnow
from sync.crud import dashboard as crud

router = APIRouter(tags=["dashboard"], route_class=CheckedRoute)


@router.get("/dashboard", response_model=Dashboard)
def dashboard(
    _: OfficeStaff,
    session: ReadSession,
    first: Annotated[date, Query(alias="from", description="first visit day of the period")],
    last: Annotated[date, Query(alias="to", description="last visit day of the period")],
    technician_id: Annotated[str | None, Query(pattern=r"^[0-9]{1,9}$")] = None,
) -> Dashboard:
    """Service levels met (answer, on site, fix), satisfaction against the 90 % target,
    「5个1」 and 「九不准」 completion, first-time fix rate, repeat repairs per serial and
    charged against free: for the signed sheets visited in the period, overall and per
    technician."""
    check_period(first, last)
    return crud.dashboard(
        session,
        first=first,
        last=last,
        technician_id=int(technician_id) if technician_id else None,
        now=utcnow(),
    )
