"""Serial history (previous visits and repairs of a unit) and the warranty check.

Both use the same rules as the phone app (``fieldapp.domain.warranty`` and
``fieldapp.domain.replacement``) with the service's current catalogue.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from fieldapp.domain.warranty import WarrantyCase, WarrantyVerdict, warranty_verdict
from fieldapp.protocol.serials import SerialHistory
from sync.api.deps import CurrentUser, ReadSession, SettingsDep
from sync.api.route import CheckedRoute
from sync.core.db import utcnow
from sync.crud import serials as crud
from sync.crud.reference import reference_data

router = APIRouter(tags=["serials and warranty"], route_class=CheckedRoute)
Serial = Annotated[str, Path(pattern=r"^[0-9A-Za-z\- ]{4,40}$", description="机身编号")]


@router.get("/serials/{serial}/history", response_model=SerialHistory)
def history(
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
    question = None
    if in_warranty is not None:
        question = crud.ReplacementQuestion(in_warranty, first_reported, still_failing)
    return crud.serial_history(
        session,
        serial=serial,
        viewer=user,
        today=utcnow().astimezone(settings.zone).date(),
        question=question,
    )


@router.post("/warranty/check", response_model=WarrantyVerdict)
def warranty_check(case: WarrantyCase, _: CurrentUser, session: ReadSession) -> WarrantyVerdict:
    """The warranty verdict for a case: free, charged, or no verdict until something is checked."""
    return warranty_verdict(case, reference_data(session).catalogue)
