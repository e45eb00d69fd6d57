"""The day of a visit: which calendar day a job sheet belongs to.

Many rules need "the day of the visit": the warranty verdict's service date, the latest date
the service centre may promise a repair, the review queue's date filter, the replacement rule's
"today", and the phone's list of the day's sheets. They all use :func:`visit_day`, so a sheet
never counts as visited on one day for one rule and on another day for the next.

Decisions: the visit is the technician's check-in (到达); before the check-in is recorded, the
day the sheet was started stands in. The day is read in the service centre's time zone (the
working-day calendar's, Asia/Shanghai unless it says otherwise), not in the offset the phone
happened to record, since the deadlines and dates it is compared with are counted there.
"""

from __future__ import annotations

from datetime import date, tzinfo
from zoneinfo import ZoneInfo

from fieldapp.domain.job_sheet import JobSheet

__all__ = ["SERVICE_ZONE", "visit_day"]

# Where the visits are, when no working-day calendar says otherwise.
SERVICE_ZONE = ZoneInfo("Asia/Shanghai")


def visit_day(sheet: JobSheet, zone: tzinfo = SERVICE_ZONE) -> date:
    """The day of the visit in ``zone``: the check-in's, or the day the sheet was started."""
    visited = sheet.arrival.checked_in_at if sheet.arrival is not None else sheet.created_at
    return visited.astimezone(zone).date()
