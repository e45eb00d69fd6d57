"""What a call or a complaint must say about time when the service centre records it.

A call (报修) or a complaint (客投) is recorded when the clerk takes it or soon after; the
time it was received is the start of its answer deadline (24 hours, urgent 2). A time in
the future, or long before anyone could have taken it, is a typing slip or a wrong clock,
and it would run every countdown from nowhere (「已超时 1112607 小时」). So:

- a received time is never after now (a clock a few minutes fast is forgiven);
- never before the job it is about was reported (a complaint naming a 报修单号);
- never more than :data:`RECORDING_WINDOW` before it is recorded.

The purchase date given with a call is checked as on site (:func:`check_purchase_date`):
not in the future, not before the month the serial says the unit was made.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from fieldapp.domain.reference import Catalogue
from fieldapp.domain.serial_check import Reason, check_purchase_date, check_serial
from fieldapp.domain.text import Text, text

CLOCK_SLACK = timedelta(minutes=5)
RECORDING_WINDOW = timedelta(days=366)


def received_problem(
    received: datetime, *, now: datetime, not_before: datetime | None = None
) -> Text | None:
    """What is impossible about a call or complaint received at ``received``, recorded ``now``.

    ``not_before`` is when the job it is about was reported, if it names one.
    """
    if received > now + CLOCK_SLACK:
        return in_future()
    if not_before is not None and received < not_before:
        return text(
            "不能早于所涉工作单的报修时间，请核对日期",
            "it cannot be before the job it is about was reported: check the date",
        )
    if received < now - RECORDING_WINDOW:
        return text(
            "不能早于一年前，请核对日期", "it cannot be more than a year ago: check the date"
        )
    return None


def in_future() -> Text:
    """A time of something that has happened, given after now."""
    return text("不能晚于现在，请核对日期和时间", "it cannot be after now: check the date and time")


def purchase_problems(
    purchase_date: date, serial: str | None, catalogue: Catalogue, today: date
) -> list[Reason]:
    """What is impossible about a purchase date given with a call: after ``today``, or before
    the factory month ``serial`` decodes to (when it has the scheme's shape)."""
    manufactured = check_serial(serial, catalogue).manufactured if serial else None
    return check_purchase_date(purchase_date, manufactured, today)
