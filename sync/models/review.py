"""The review queue's shapes: filters, summaries with counts, the opened sheet, decisions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from fieldapp.domain.text import Text
from fieldapp.domain.validation import label
from fieldapp.protocol.review import ReviewDecision as Decision
from sync.models.complaint import ComplaintPublic
from sync.models.sheet import SheetStatus


class ReviewDecision(BaseModel):
    """Approve or return one revision of a sheet; the revision guards against a stale screen."""

    model_config = ConfigDict(extra="forbid", title="Review", str_strip_whitespace=True)

    revision: int = Field(ge=1, le=2**31 - 1, **label("修订版本", "Revision"))
    version: int | None = Field(default=None, ge=1, le=2**31 - 1, **label("保存版本", "Version"))
    comment: str = Field(default="", max_length=1000, **label("审批意见", "Comment"))


class SheetSummary(BaseModel):
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
    decision: Decision
    comment: str
    reviewer: str
    reviewer_id: str
    reviewed_at: datetime


class FieldChange(BaseModel):
    """One value that changed: ``path`` inside the section (empty: the whole section)."""

    path: str
    before: Any
    after: Any


class SectionChange(BaseModel):
    section: str
    name: Text
    change: str  # added | removed | changed
    fields: list[FieldChange]


class VersionChange(BaseModel):
    """What changed from one stored version of the sheet to the next."""

    from_version: int
    to_version: int
    from_revision: int
    to_revision: int
    received_at: datetime
    sections: list[SectionChange]


class SheetDetail(BaseModel):
    """One sheet opened for review: the sheet, its work order and what the rules say."""

    summary: SheetSummary
    sheet: dict[str, Any]
    work_order: dict[str, Any]
    missing_attachments: list[str]
    reviews: list[ReviewEntry]
    versions: list[int]
    rules: dict[str, Any]  # warranty verdict, service levels, completion (from the rules)
    # Version to version, oldest first; and from the version last decided on to the current
    # one (None before any decision), which is what a supervisor re-opening it wants to see.
    changes: list[VersionChange]
    since_last_decision: VersionChange | None
    # The complaints about this job; None for a technician (they do not read complaints).
    complaints: list[ComplaintPublic] | None
