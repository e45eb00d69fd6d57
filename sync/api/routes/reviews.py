"""The review queue: supervisors list, open, approve or return sheets; a technician can open
their own sheet (``GET /sheets/{sheet_id}``) to see where it stands."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from fieldapp.protocol.patterns import SHEET_ID_PATTERN
from fieldapp.protocol.review_queue import DecisionRequest, ReviewQueue, SheetStatus
from fieldapp.protocol.sheet_detail import SheetDetail
from sync.api.deps import CurrentUser, ReadSession, Reviewers, SettingsDep, Supervisor, WriteSession
from sync.api.route import CheckedRoute
from sync.crud import reviews as crud
from sync.crud.sheets import visible_sheet

router = APIRouter(tags=["reviews"], route_class=CheckedRoute)
SheetId = Annotated[
    str, Path(pattern=SHEET_ID_PATTERN, description="the sheet id made on the phone")
]


@router.get("/reviews", response_model=ReviewQueue)
def review_queue(
    _: Reviewers,
    session: ReadSession,
    status: SheetStatus | None = SheetStatus.SUBMITTED,
    technician_id: Annotated[str | None, Query(pattern=r"^[0-9]{1,9}$")] = None,
    visited_from: date | None = None,
    visited_to: date | None = None,
    service_level_missed: bool | None = None,
    charged: bool | None = None,
    max_rating: Annotated[int | None, Query(ge=1, le=5, description="low ratings: e.g. 3")] = None,
    new_revision: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ReviewQueue:
    """Sheets waiting for review (oldest first) with counts per status under the same filters."""
    filters = crud.QueueFilter(
        status=status,
        technician_id=int(technician_id) if technician_id else None,
        visited_from=visited_from,
        visited_to=visited_to,
        service_level_missed=service_level_missed,
        charged=charged,
        max_rating=max_rating,
        new_revision=new_revision,
    )
    items, total, counts = crud.review_queue(session, filters=filters, limit=limit, offset=offset)
    return ReviewQueue(items=items, total=total, counts=counts)


@router.get("/reviews/{sheet_id}", response_model=SheetDetail)
def open_for_review(
    sheet_id: SheetId, user: Reviewers, session: ReadSession, settings: SettingsDep
) -> SheetDetail:
    """One sheet with its work order, history and what the service rules say about it."""
    sheet = visible_sheet(session, user=user, sheet_id=sheet_id)
    return crud.sheet_detail(session, sheet=sheet, zone=settings.zone, viewer=user)


@router.get("/sheets/{sheet_id}", response_model=SheetDetail)
def get_sheet(
    sheet_id: SheetId, user: CurrentUser, session: ReadSession, settings: SettingsDep
) -> SheetDetail:
    """A sheet as the service holds it; a technician can open only their own."""
    sheet = visible_sheet(session, user=user, sheet_id=sheet_id)
    return crud.sheet_detail(session, sheet=sheet, zone=settings.zone, viewer=user)


@router.post("/reviews/{sheet_id}/approve", response_model=SheetDetail)
def approve(
    sheet_id: SheetId,
    body: DecisionRequest,
    user: Supervisor,
    session: WriteSession,
    settings: SettingsDep,
) -> SheetDetail:
    """Approve the revision named; schedules the follow-up call (回访)."""
    sheet = visible_sheet(session, user=user, sheet_id=sheet_id)
    session.refresh(sheet, with_for_update=True)
    crud.approve_sheet(
        session, sheet=sheet, decision=body, reviewer=user, follow_up_after=settings.follow_up_after
    )
    session.commit()
    return crud.sheet_detail(session, sheet=sheet, zone=settings.zone, viewer=user)


@router.post("/reviews/{sheet_id}/return", response_model=SheetDetail)
def return_to_technician(
    sheet_id: SheetId,
    body: DecisionRequest,
    user: Supervisor,
    session: WriteSession,
    settings: SettingsDep,
) -> SheetDetail:
    """Return the sheet with a comment; the technician gets it on their next pull."""
    sheet = visible_sheet(session, user=user, sheet_id=sheet_id)
    session.refresh(sheet, with_for_update=True)
    crud.return_sheet(session, sheet=sheet, decision=body, reviewer=user)
    session.commit()
    return crud.sheet_detail(session, sheet=sheet, zone=settings.zone, viewer=user)
