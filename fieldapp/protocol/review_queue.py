"""The review queue (审批) as supervisors read it: each signed sheet summarised, a page of them
with the count per status, a sheet's history of decisions, and the decision sent.

A decision names the revision (and save version) the supervisor looked at, so a decision on
a stale screen is refused rather than applied to content nobody read.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from fieldapp.domain.validation import label
from fieldapp.protocol.patterns import MAX_VERSION
from fieldapp.protocol.review import ReviewDecision


class SheetStatus(StrEnum):
    """Where a sheet stands: ``draft`` (not yet signed by the customer), ``submitted`` (待审批),
    ``approved`` (已通过: changes need a new revision), ``returned`` (已退回 to the technician)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class DecisionRequest(BaseModel):
    """Approve or return one revision of a sheet; the revision guards against a stale screen."""

    model_config = ConfigDict(extra="forbid", title="Review", str_strip_whitespace=True)

    revision: int = Field(ge=1, le=MAX_VERSION, **label("修订版本", "Revision"))
    version: int | None = Field(default=None, ge=1, le=MAX_VERSION, **label("保存版本", "Version"))
    comment: str = Field(default="", max_length=1000, **label("审批意见", "Comment"))


class SheetSummary(BaseModel):
    """One sheet in the queue, as the service summarises it."""

    sheet_id: str
    ticket_no: str
    technician_id: str
    technician_name: str
    status: SheetStatus
    revision: int
    version: int
    new_revision: bool
    approved_revision: int | None = None  # the 版 approved before this one, if any
    customer_name: str
    product_model: str
    serial: str | None
    visit_date: date | None
    received_at: datetime
    submitted_at: datetime | None  # when this service received the submitted version
    signed_at: datetime | None = None  # when the customer signed it (maybe offline, earlier)
    charged: bool
    total_fen: int
    rating: int | None
    service_level_missed: bool | None
    complete: bool


class ReviewQueue(BaseModel):
    items: list[SheetSummary]
    total: int
    counts: dict[str, int]  # per status, under the other filters


class ReviewEntry(BaseModel):
    """One decision in the sheet's history: who decided what, on which revision, when."""

    revision: int
    version: int
    decision: ReviewDecision
    comment: str
    reviewer: str
    reviewer_id: str
    reviewed_at: datetime
