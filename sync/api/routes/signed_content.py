"""The check of a paper job sheet: does the service hold a sheet signed with exactly the
content whose hash is printed on it, and which?

The hash is the domain's signed-content hash (``fieldapp.domain.signing``): it covers what
the customer agreed to and signed. Every stored version is searched, so a paper copy of an
earlier revision is still recognised, and the reply says whether it is the sheet's current
content.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from fieldapp.protocol.signed_content import SignedContentCheck
from sync.api.deps import OfficeStaff, ReadSession
from sync.api.route import CheckedRoute
from sync.crud import signed_content as crud

router = APIRouter(tags=["signed content check"], route_class=CheckedRoute)


@router.get("/signed-content/{content_hash}", response_model=SignedContentCheck)
def check_signed_content(
    content_hash: Annotated[
        str, Path(pattern=r"^[0-9a-fA-F]{64}$", description="the hash printed on the paper sheet")
    ],
    _: OfficeStaff,
    session: ReadSession,
) -> SignedContentCheck:
    """Whether a sheet signed with exactly this content is held, and which."""
    return crud.check_signed_content(session, content_hash=content_hash.lower())
