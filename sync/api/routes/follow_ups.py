"""Follow-up calls (回访): clerks list those due and record the outcome and satisfaction."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from fieldapp.protocol.follow_ups import (
    FollowUpList,
    FollowUpOutcome,
    FollowUpPublic,
    FollowUpStatus,
)
from sync.api.deps import (
    CallTakers,
    DatabaseDep,
    OfficeStaff,
    ReadSession,
    SettingsDep,
    WriteSession,
)
from sync.api.route import CheckedRoute
from sync.crud import follow_ups as crud

router = APIRouter(prefix="/follow-ups", tags=["follow-up calls"], route_class=CheckedRoute)
FollowUpId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("", response_model=FollowUpList)
def list_follow_ups(
    _: OfficeStaff,
    session: ReadSession,
    database: DatabaseDep,
    settings: SettingsDep,
    status: FollowUpStatus | None = FollowUpStatus.DUE,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> FollowUpList:
    """Follow-ups, earliest due first, with the share of satisfied customers (target ≥ 90%)."""
    crud.schedule_overdue_loan_calls(database, zone=settings.zone)
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
    said = crud.sign_offs(session, [row.sheet_id] if row.sheet_id else [])
    return crud.public(
        row,
        order,
        loaner_serial=crud.loaner_serial_of(session, row=row),
        sign_off=said.get(row.sheet_id or ""),
    )
