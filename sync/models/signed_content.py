"""The reply of the paper sheet check (``GET /signed-content/{hash}``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


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
