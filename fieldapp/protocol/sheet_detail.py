"""A job sheet opened for review (``GET /reviews/{sheet_id}``, ``GET /sheets/{sheet_id}``).

Everything the technician captured (the domain's :class:`JobSheet`) and the job's
:class:`WorkOrder`, what the rules say about it (:class:`SheetRules`), what changed from one
signed version to the next and since the last decision (worked out by the service with
:func:`fieldapp.domain.sheet_changes.sheet_diff`), who decided what and when, and the
complaints about the job.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from fieldapp.domain.completion import Missing
from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.replacement import ReplacementVerdict
from fieldapp.domain.service_levels import Deadline
from fieldapp.domain.sheet_changes import SectionChange
from fieldapp.domain.warranty import WarrantyVerdict
from fieldapp.domain.work_order import WorkOrder
from fieldapp.protocol.complaints import ComplaintPublic
from fieldapp.protocol.review_queue import ReviewEntry, SheetSummary


class SheetRules(BaseModel):
    """What the rules say about a sheet: the warranty verdict with its reasons (None when the
    sheet lacks what a case needs), the job's service levels (None when the working-day
    calendar does not cover them), what was still missing before the customer signed, and
    the 换机 verdict for the serial."""

    warranty: WarrantyVerdict | None
    service_levels: list[Deadline] | None
    service_level_missed: bool | None
    completion: list[Missing]
    replacement: ReplacementVerdict | None


class VersionChange(BaseModel):
    """What changed from one stored version of the sheet to another."""

    from_version: int
    to_version: int
    from_revision: int
    to_revision: int
    received_at: datetime
    sections: list[SectionChange]


class SheetDetail(BaseModel):
    """One sheet opened for review: the sheet, its work order and what the rules say."""

    summary: SheetSummary
    sheet: JobSheet
    work_order: WorkOrder
    missing_attachments: list[str]
    reviews: list[ReviewEntry]
    versions: list[int]
    rules: SheetRules
    # Signed version to signed version, oldest first; and from the version last decided on to
    # the current one (None before any decision), which is what a supervisor re-opening it
    # wants to see.
    changes: list[VersionChange]
    since_last_decision: VersionChange | None
    # The complaints about this job; None for a technician (they do not read complaints).
    complaints: list[ComplaintPublic] | None
