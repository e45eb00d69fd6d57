"""The check of a paper job sheet: does the service hold a sheet signed with exactly the
content whose hash is printed on it, and which?

The hash is the domain's signed-content hash (``fieldapp.domain.signing``): it covers what
the customer agreed to and signed. Every stored version is searched, so a paper copy of an
earlier revision is still recognised, and the reply says whether it is the sheet's current
content.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel
from sqlalchemy import select

from sync.api.deps import OfficeStaff, ReadSession
from sync.models.sheet import SheetRow, SheetVersionRow
from sync.models.user import UserRow
from sync.models.work_order import WorkOrderRow

router = APIRouter(tags=["signed content check"])


class SignedMatch(BaseModel):
    sheet_id: str
    ticket_no: str
    revision: int
    versions: list[int]  # the stored versions carrying this signed content
    current: bool  # the sheet's current version carries it
    status: str  # the sheet's status now
    signed_at: datetime | None
    signer_name: str | None
    customer_name: str
    technician_name: str


class SignedContentCheck(BaseModel):
    content_hash: str
    found: bool
    matches: list[SignedMatch]


@router.get("/signed-content/{content_hash}", response_model=SignedContentCheck)
def check_signed_content(
    content_hash: Annotated[
        str, Path(pattern=r"^[0-9a-fA-F]{64}$", description="the hash printed on the paper sheet")
    ],
    _: OfficeStaff,
    session: ReadSession,
) -> SignedContentCheck:
    """Whether a sheet signed with exactly this content is held, and which."""
    content_hash = content_hash.lower()
    rows = session.execute(
        select(SheetVersionRow, SheetRow, WorkOrderRow, UserRow)
        .join(SheetRow, SheetRow.sheet_id == SheetVersionRow.sheet_id)
        .join(WorkOrderRow, WorkOrderRow.id == SheetRow.work_order_id)
        .join(UserRow, UserRow.id == SheetRow.technician_id)
        .where(SheetVersionRow.content_hash == content_hash)
        .order_by(SheetVersionRow.sheet_id, SheetVersionRow.version)
    ).all()
    matches: dict[str, SignedMatch] = {}
    for version, sheet, order, technician in rows:
        found = matches.get(sheet.sheet_id)
        if found is not None:
            found.versions.append(version.version)
            found.current = found.current or version.version == sheet.version
            continue
        sign_off = version.data.get("sign_off") or {}
        matches[sheet.sheet_id] = SignedMatch(
            sheet_id=sheet.sheet_id,
            ticket_no=order.ticket_no,
            revision=version.revision,
            versions=[version.version],
            current=version.version == sheet.version,
            status=sheet.status,
            signed_at=sign_off.get("signed_at"),
            signer_name=sign_off.get("signer_name"),
            customer_name=str(order.data.get("customer", {}).get("name", "")),
            technician_name=technician.display_name,
        )
    return SignedContentCheck(
        content_hash=content_hash, found=bool(matches), matches=list(matches.values())
    )
