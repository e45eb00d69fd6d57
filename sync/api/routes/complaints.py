"""Complaints (客投登记): clerks and supervisors record and close them; admins read them;
technicians never see them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from fieldapp.domain.work_order import TICKET_NO_PATTERN
from fieldapp.protocol.complaints import (
    ComplaintCause,
    ComplaintClose,
    ComplaintCreate,
    ComplaintList,
    ComplaintPublic,
    ComplaintSummary,
)
from sync.api.deps import CallTakers, OfficeStaff, ReadSession, SettingsDep, WriteSession
from sync.api.route import CheckedRoute
from sync.core.errors import unprocessable
from sync.crud import complaints as crud

router = APIRouter(prefix="/complaints", tags=["complaints"], route_class=CheckedRoute)
ComplaintId = Annotated[int, Path(ge=1, le=2**31 - 1)]
MAX_PERIOD_DAYS = 366


def check_period(first: date, last: date) -> None:
    """A period runs forward and is at most a year (a bigger one is a typing slip); its
    years are checked for every route by :class:`sync.api.route.CheckedRoute`."""
    if last < first:
        raise unprocessable(
            "结束日期不能早于开始日期", "the period's end (to) is before its start (from)"
        )
    if (last - first).days > MAX_PERIOD_DAYS:
        raise unprocessable("统计期间最长一年", "the period can be at most one year")


@router.post("", response_model=ComplaintPublic, status_code=201)
def record(body: ComplaintCreate, clerk: CallTakers, session: WriteSession) -> ComplaintPublic:
    """Record a complaint; the reply's ``answer_due_at`` is 24 hours after it was received."""
    row = crud.record_complaint(session, new=body, clerk=clerk)
    session.commit()
    return crud.public_many(session, [row])[0]


@router.get("", response_model=ComplaintList)
def list_complaints(
    _: OfficeStaff,
    session: ReadSession,
    settings: SettingsDep,
    status: Literal["open", "closed"] | None = None,
    cause: ComplaintCause | None = None,
    technician_id: Annotated[str | None, Query(pattern=r"^[0-9]{1,9}$")] = None,
    ticket_no: Annotated[str | None, Query(pattern=TICKET_NO_PATTERN)] = None,
    received_from: Annotated[date | None, Query(alias="from")] = None,
    received_to: Annotated[date | None, Query(alias="to")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ComplaintList:
    """Open complaints with the nearest deadline first, then closed ones, newest first."""
    filters = crud.ComplaintFilter(
        status=status,
        cause=cause,
        technician_id=int(technician_id) if technician_id else None,
        ticket_no=ticket_no,
        received_from=received_from,
        received_to=received_to,
    )
    items, total = crud.list_complaints(
        session, filters=filters, zone=settings.zone, limit=limit, offset=offset
    )
    return ComplaintList(items=items, total=total)


@router.get("/summary", response_model=ComplaintSummary)
def summary(
    _: OfficeStaff,
    session: ReadSession,
    settings: SettingsDep,
    first: Annotated[date, Query(alias="from")],
    last: Annotated[date, Query(alias="to")],
) -> ComplaintSummary:
    """Complaints received in the period (days in the service centre's time zone), counted by
    cause and by technician: open, answered within 24 hours, answered late, overdue."""
    check_period(first, last)
    return crud.summary(session, first=first, last=last, zone=settings.zone)


@router.get("/{complaint_id}", response_model=ComplaintPublic)
def one(complaint_id: ComplaintId, _: OfficeStaff, session: ReadSession) -> ComplaintPublic:
    return crud.public_many(session, [crud.complaint(session, complaint_id=complaint_id)])[0]


@router.post("/{complaint_id}/close", response_model=ComplaintPublic)
def close(
    complaint_id: ComplaintId, body: ComplaintClose, clerk: CallTakers, session: WriteSession
) -> ComplaintPublic:
    """Close it with what was done and the customer's follow-up."""
    row = crud.complaint(session, complaint_id=complaint_id, lock=True)
    crud.close_complaint(session, row=row, closing=body, clerk=clerk)
    session.commit()
    return crud.public_many(session, [row])[0]
