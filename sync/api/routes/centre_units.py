"""Units at the service centre (返修机): the office lists them with their promise dates, moves
them through their states and records that the customer was notified."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from fieldapp.protocol.centre_units import (
    CentreUnitList,
    CentreUnitPublic,
    CustomerNotified,
    UnitState,
    UnitStateChange,
)
from sync.api.deps import CallTakers, OfficeStaff, ReadSession, SettingsDep, WriteSession
from sync.api.route import CheckedRoute
from sync.core.db import utcnow
from sync.crud import centre_units as crud

router = APIRouter(
    prefix="/centre-units", tags=["units at the service centre"], route_class=CheckedRoute
)
UnitId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("", response_model=CentreUnitList)
def list_units(
    _: OfficeStaff,
    session: ReadSession,
    settings: SettingsDep,
    state: UnitState | None = None,
    service_centre: Annotated[str | None, Query(max_length=60)] = None,
    late: Annotated[bool, Query(description="only units past their promise date")] = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> CentreUnitList:
    """Units by promise date, earliest first, with counts per state."""
    items, total, counts = crud.list_units(
        session,
        state=state,
        service_centre=service_centre,
        late_only=late,
        today=utcnow().astimezone(settings.zone).date(),
        zone=settings.zone,
        limit=limit,
        offset=offset,
    )
    return CentreUnitList(items=items, total=total, counts=counts)


@router.get("/{unit_id}", response_model=CentreUnitPublic)
def one(
    unit_id: UnitId, _: OfficeStaff, session: ReadSession, settings: SettingsDep
) -> CentreUnitPublic:
    row = crud.unit(session, unit_id=unit_id)
    today = utcnow().astimezone(settings.zone).date()
    return crud.unit_public(session, row=row, today=today, zone=settings.zone)


@router.post("/{unit_id}/state", response_model=CentreUnitPublic)
def change_state(
    unit_id: UnitId,
    body: UnitStateChange,
    _: CallTakers,
    session: WriteSession,
    settings: SettingsDep,
) -> CentreUnitPublic:
    """Received → repairing → ready → back with the customer (which ends the loaner's loan)."""
    row = crud.unit(session, unit_id=unit_id, lock=True)
    crud.change_state(session, row=row, change=body)
    session.commit()
    today = utcnow().astimezone(settings.zone).date()
    return crud.unit_public(session, row=row, today=today, zone=settings.zone)


@router.post("/{unit_id}/notified", response_model=CentreUnitPublic)
def notified(
    unit_id: UnitId,
    body: CustomerNotified,
    _: CallTakers,
    session: WriteSession,
    settings: SettingsDep,
) -> CentreUnitPublic:
    """The customer was told the unit is ready (or how it stands)."""
    row = crud.unit(session, unit_id=unit_id, lock=True)
    crud.customer_notified(session, row=row, body=body)
    session.commit()
    today = utcnow().astimezone(settings.zone).date()
    return crud.unit_public(session, row=row, today=today, zone=settings.zone)
