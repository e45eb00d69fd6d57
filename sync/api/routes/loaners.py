"""The loaner pool (备用机): units per service centre, lent, returned, and the overdue list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from fieldapp.protocol.loaners import (
    LOANER_SERIAL_PATTERN,
    LendRequest,
    LoanerCreate,
    LoanerPublic,
    LoanerStatus,
    LoanPublic,
    OverdueLoan,
    ReturnRequest,
)
from sync.api.deps import (
    CallTakers,
    CurrentUser,
    DatabaseDep,
    OfficeStaff,
    ReadSession,
    Reviewers,
    SettingsDep,
    WriteSession,
)
from sync.api.route import CheckedRoute
from sync.core.db import utcnow
from sync.crud import loaners as crud
from sync.crud.follow_ups import schedule_overdue_loan_calls
from sync.crud.work_orders import visible_work_order

router = APIRouter(prefix="/loaners", tags=["loaners"], route_class=CheckedRoute)
LoanerSerial = Annotated[
    str, Path(pattern=LOANER_SERIAL_PATTERN, description="the loaner unit's serial")
]


@router.get("", response_model=list[LoanerPublic])
def list_loaners(
    user: CurrentUser,
    session: ReadSession,
    settings: SettingsDep,
    service_centre: Annotated[str | None, Query(max_length=60)] = None,
    status: LoanerStatus | None = None,
) -> list[LoanerPublic]:
    """The pool, by service centre; technicians see it too, to offer an available unit (but
    not who has a lent one, unless it is their own customer)."""
    today = utcnow().astimezone(settings.zone).date()
    return crud.list_loaners(
        session, service_centre=service_centre, status=status, today=today, viewer=user
    )


@router.post("", response_model=LoanerPublic, status_code=201)
def add_loaner(
    body: LoanerCreate, _: Reviewers, session: WriteSession, settings: SettingsDep
) -> LoanerPublic:
    row = crud.add_loaner(session, new=body)
    session.commit()
    return crud.loaner_public(session, row=row, today=utcnow().astimezone(settings.zone).date())


@router.get("/overdue", response_model=list[OverdueLoan])
def overdue(
    _: OfficeStaff, session: ReadSession, database: DatabaseDep, settings: SettingsDep
) -> list[OverdueLoan]:
    """Loaners not back by their due date, longest overdue first (each gets a follow-up call)."""
    schedule_overdue_loan_calls(database, zone=settings.zone)
    today = utcnow().astimezone(settings.zone).date()
    return [
        OverdueLoan(serial=u.serial, model=u.model, service_centre=u.service_centre, loan=loan)
        for u, loan in crud.overdue_loans(session, today=today)
    ]


@router.get("/{serial}/loans", response_model=list[LoanPublic])
def loans(
    serial: LoanerSerial, _: OfficeStaff, session: ReadSession, settings: SettingsDep
) -> list[LoanPublic]:
    """The unit's loans, newest first: who had it, its condition out and back, return photos."""
    loaner = crud.loaner_by_serial(session, serial=serial)
    today = utcnow().astimezone(settings.zone).date()
    return crud.loan_history(session, loaner=loaner, today=today)


@router.post("/{serial}/lend", response_model=LoanerPublic)
def lend(
    serial: LoanerSerial,
    body: LendRequest,
    clerk: CallTakers,
    session: WriteSession,
    settings: SettingsDep,
) -> LoanerPublic:
    """Lend the unit to the customer of a work order until the due date."""
    loaner = crud.loaner_by_serial(session, serial=serial, lock=True)
    order = visible_work_order(session, user=clerk, ticket_no=body.ticket_no)
    crud.lend(
        session,
        loaner=loaner,
        order=order,
        due_date=body.due_date,
        condition=body.condition_notes,
        clerk=clerk,
    )
    session.commit()
    return crud.loaner_public(session, row=loaner, today=utcnow().astimezone(settings.zone).date())


@router.post("/{serial}/return", response_model=LoanerPublic)
def give_back(
    serial: LoanerSerial,
    body: ReturnRequest,
    clerk: CallTakers,
    session: WriteSession,
    settings: SettingsDep,
) -> LoanerPublic:
    """The unit came back (condition, photos uploaded first by this user); it is available
    again."""
    loaner = crud.loaner_by_serial(session, serial=serial, lock=True)
    crud.give_back(
        session,
        loaner=loaner,
        condition=body.condition_notes,
        returned_at=body.returned_at,
        photos=body.photos,
        returned_by=clerk,
    )
    session.commit()
    return crud.loaner_public(session, row=loaner, today=utcnow().astimezone(settings.zone).date())
