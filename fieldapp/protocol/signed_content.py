"""The reply of the paper sheet check (``GET /signed-content/{hash}``)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel


class Standing(StrEnum):
    """Where the revision printed on the paper stands now (not the sheet's latest state)."""

    APPROVED = "approved"  # this content is what the supervisor approved
    AWAITING_REVIEW = "awaiting_review"  # the sheet's current content, not decided yet
    RETURNED = "returned"  # the sheet's current content, returned to the technician
    SUPERSEDED = "superseded"  # the technician has since sent other content in its place


class SignedMatch(BaseModel):
    sheet_id: str
    ticket_no: str
    revision: int
    versions: list[int]  # the stored versions carrying this signed content
    current: bool  # the sheet's current version carries it
    status: str  # the sheet's status now
    standing: Standing  # this content's own standing (an old revision is superseded)
    returned: bool  # a supervisor returned this content at some point
    current_revision: int  # the sheet's revision now
    signed_at: datetime | None
    signer_name: str | None
    customer_name: str
    technician_name: str


class SignedContentCheck(BaseModel):
    content_hash: str
    found: bool
    matches: list[SignedMatch]
