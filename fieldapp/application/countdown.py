"""The service-level countdown in words, from the domain's service levels.

"还剩 3 小时到场 / 3 h left to arrive", "已超时 2 小时（到场） / overdue by 2 h (arrive)".
The deadline shown is the next one the technician can still act on: arriving, then the
fix (or the centre's repair). The answer deadline is the service centre's, not shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.service_levels import (
    Deadline,
    WorkingCalendar,
    service_level_report,
    service_times_for,
)
from fieldapp.domain.text import Text, text
from fieldapp.domain.work_order import WorkOrder, WorkOrderStatus

_DONE = {WorkOrderStatus.CLOSED, WorkOrderStatus.CANCELLED, WorkOrderStatus.AWAITING_REVIEW}
_WHAT = {
    "on_site": ("到场", "to arrive", "arrival"),
    "fix": ("修复", "to fix", "fix"),
    "centre_repair": ("返修", "to repair at the centre", "centre repair"),
    "answer": ("响应", "to answer", "answer"),
}


@dataclass(frozen=True)
class Countdown:
    """The words, and whether the deadline has passed (shown in red)."""

    words: Text
    overdue: bool
    due: datetime


def duration_words(span: timedelta) -> Text:
    """A span of time, rounded the way a person says it: days and hours, hours, minutes."""
    minutes = max(0, int(span.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return text(f"{days} 天 {hours} 小时", f"{days} d {hours} h")
    if hours:
        return text(f"{hours} 小时", f"{hours} h")
    return text(f"{mins} 分钟", f"{mins} min")


def deadline_words(deadline: Deadline, now: datetime) -> Countdown:
    """The countdown of one deadline as of ``now``."""
    zh, en_left, en_noun = _WHAT[deadline.key]
    if deadline.status == "open":
        left = duration_words(deadline.due - now)
        return Countdown(
            text(f"还剩 {left.zh}{zh}", f"{left.en} left {en_left}"), False, deadline.due
        )
    if deadline.status == "overdue":
        late = duration_words(now - deadline.due)
        return Countdown(
            text(f"已超时 {late.zh}（{zh}）", f"overdue by {late.en} ({en_noun})"),
            True,
            deadline.due,
        )
    if deadline.status == "met":
        return Countdown(text(f"{zh}已按时完成", f"{en_noun}: in time"), False, deadline.due)
    return Countdown(text(f"{zh}超时完成", f"{en_noun}: late"), True, deadline.due)


def next_countdown(
    order: WorkOrder, sheets: list[JobSheet], *, calendar: WorkingCalendar | None, now: datetime
) -> Countdown | None:
    """The countdown a job's row shows, or None (job done, or no calendar to count with)."""
    if calendar is None or order.status in _DONE:
        return None
    report = service_level_report(service_times_for(order, sheets), calendar=calendar, now=now)
    for deadline in report:
        if deadline.key != "answer" and deadline.status in ("open", "overdue"):
            return deadline_words(deadline, now)
    return None


def all_deadlines(
    order: WorkOrder, sheets: list[JobSheet], *, calendar: WorkingCalendar | None, now: datetime
) -> list[tuple[Deadline, Countdown]]:
    """Every deadline of the job with its words (the job's detail)."""
    if calendar is None:
        return []
    report = service_level_report(service_times_for(order, sheets), calendar=calendar, now=now)
    return [(d, deadline_words(d, now)) for d in report if d.key != "answer"]
