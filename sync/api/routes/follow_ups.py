"""Follow-up calls (回访): clerks list those due and record the outcome and satisfaction."""

from __future__ import annotations

from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Query
from sqlalchemy.exc import IntegrityError

from sync.api.deps import (
    CallTakers,
    DatabaseDep,
    OfficeStaff,
    ReadSession,
    SettingsDep,
    WriteSession,
)
from sync.core.db import Database, utcnow
from sync.crud import follow_ups as crud
from sync.models.follow_up import FollowUpList, FollowUpOutcome, FollowUpPublic

router = APIRouter(prefix="/follow-ups", tags=["follow-up calls"])
FollowUpId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def schedule_loan_calls(database: Database, zone: ZoneInfo) -> None:
    """Schedule the calls for loans that became overdue since the last look.

    Nothing runs on a timer in the service: a loan becomes overdue by the calendar alone,
    so the lists that show calls or overdue loans schedule the missing calls first (in a
    write transaction of their own, only when one is missing).
    """
    today = utcnow().astimezone(zone).date()
    with database.session(write=False) as session:
        if not crud.loans_needing_call(session, today=today):
            return
    try:
        with database.transaction() as session:
            crud.schedule_loan_calls(session, today=today)
    except IntegrityError:
        pass  # another request scheduled the same calls at the same moment


@router.get("", response_model=FollowUpList)
def list_follow_ups(
    _: OfficeStaff,
    session: ReadSession,
    database: DatabaseDep,
    settings: SettingsDep,
    status: Literal["due", "done"] | None = "due",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> FollowUpList:
    """Follow-ups, earliest due first, with the share of satisfied customers (target ≥ 90%)."""
    schedule_loan_calls(database, settings.zone)
    items, total, share = crud.list_follow_ups(session, status=status, limit=limit, offset=offset)
    return FollowUpList(items=items, total=total, satisfied_share=share)


@router.post("/{follow_up_id}/outcome", response_model=FollowUpPublic)
def record_outcome(
    follow_up_id: FollowUpId, body: FollowUpOutcome, clerk: CallTakers, session: WriteSession
) -> FollowUpPublic:
    """Record the call; if the customer was not reached the follow-up stays due."""
    row, order = crud.follow_up(session, follow_up_id=follow_up_id)
    crud.record_outcome(session, row=row, outcome=body, clerk=clerk)
    session.commit()
    return crud.public(row, order, loaner_serial=crud.loaner_serial_of(session, row=row))
