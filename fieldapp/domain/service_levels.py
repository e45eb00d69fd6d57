"""Service levels (服务时限): each promised deadline of a job, and whether it was met.

- Answer a request within 24 hours, an urgent one within 2 hours (clock hours).
- On site within 24 hours (clock hours; the product manual's promise). Remote areas
  are excepted: no on-site deadline is set for them.
- Fixed within 3 working days (general fault) or 7 (complex fault), counted from the
  day after the report; a unit taken to the service centre is instead repaired within
  5 working days, counted from the day after it was taken.

Working days follow a :class:`WorkingCalendar`: weekends and public holidays are off,
make-up working days (调休上班) are on. The calendar is data
(``fieldapp/data/reference/calendar.json``) passed to these pure functions; the working-day
arithmetic is done in the calendar's time zone (Asia/Shanghai).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, ConfigDict, PrivateAttr, model_validator

from fieldapp.domain.job_sheet import FaultComplexity, FixedOnSite, JobSheet, ReturnToCentre
from fieldapp.domain.text import Text, text
from fieldapp.domain.work_order import Urgency, WorkOrder

ANSWER_HOURS = 24
URGENT_ANSWER_HOURS = 2
ON_SITE_HOURS = 24
FIX_WORKING_DAYS = {FaultComplexity.GENERAL: 3, FaultComplexity.COMPLEX: 7}
CENTRE_WORKING_DAYS = 5

DeadlineKey = Literal["answer", "on_site", "fix", "centre_repair"]
DeadlineStatus = Literal["met", "missed", "open", "overdue"]


class CalendarRangeError(ValueError):
    """Raised when a date falls in a year the working-day calendar has no data for."""


class HolidayPeriod(BaseModel):
    """One holiday as the State Council notice sets it, with its make-up working days."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Text
    first: date
    last: date
    makeup_workdays: list[date] = []

    @model_validator(mode="after")
    def _sane(self) -> HolidayPeriod:
        if not timedelta(0) <= self.last - self.first <= timedelta(days=14):
            raise ValueError(f"{self.name.en}: {self.first}..{self.last} is not a holiday period")
        for day in self.makeup_workdays:
            if day.weekday() < 5:
                raise ValueError(f"{self.name.en}: make-up working day {day} is not a weekend")
        return self


class CalendarYear(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    year: int
    provisional: bool = False
    source: Text
    holidays: list[HolidayPeriod]


class WorkingCalendar(BaseModel):
    """Working days: Monday to Friday, minus public holidays, plus make-up working days.

    Covers only the years it lists; asking about another year raises
    :class:`CalendarRangeError` rather than guessing.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    timezone: str = "Asia/Shanghai"
    note: str = ""
    years: list[CalendarYear]

    _holidays: frozenset[date] = PrivateAttr(default=frozenset())
    _makeup: frozenset[date] = PrivateAttr(default=frozenset())
    _covered: frozenset[int] = PrivateAttr(default=frozenset())

    @model_validator(mode="after")
    def _consistent(self) -> WorkingCalendar:
        numbers = [y.year for y in self.years]
        if len(set(numbers)) != len(numbers):
            raise ValueError("a year is listed twice")
        holidays, makeup = _days_off_and_on(self.years)
        if holidays & makeup:
            raise ValueError(f"both holiday and make-up working day: {sorted(holidays & makeup)}")
        ZoneInfo(self.timezone)  # an unknown zone fails here, not at the first deadline
        return self

    def model_post_init(self, context: Any, /) -> None:
        self._holidays, self._makeup = _days_off_and_on(self.years)
        self._covered = frozenset(y.year for y in self.years)

    @property
    def zone(self) -> ZoneInfo:
        """The time zone working days are counted in."""
        return ZoneInfo(self.timezone)

    @property
    def holidays(self) -> frozenset[date]:
        """Every day off for a public holiday (weekend days of a holiday included)."""
        return self._holidays

    @property
    def makeup_workdays(self) -> frozenset[date]:
        """Weekend days that are working days (调休上班)."""
        return self._makeup

    def covers(self, day: date) -> bool:
        """Whether the calendar has holiday data for ``day``'s year."""
        return day.year in self._covered

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day; raises :class:`CalendarRangeError` if unknown."""
        if not self.covers(day):
            raise CalendarRangeError(f"the working-day calendar has no data for {day.year}")
        if day in self._makeup:
            return True
        return day.weekday() < 5 and day not in self._holidays

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``day`` itself is not counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        current = day
        while count > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count -= 1
        return current


def _days_off_and_on(years: list[CalendarYear]) -> tuple[frozenset[date], frozenset[date]]:
    """Every holiday day and every make-up working day of ``years``."""
    periods = [period for year in years for period in year.holidays]
    holidays = {
        period.first + timedelta(days=offset)
        for period in periods
        for offset in range((period.last - period.first).days + 1)
    }
    makeup = {day for period in periods for day in period.makeup_workdays}
    return frozenset(holidays), frozenset(makeup)


class ServiceTimes(BaseModel):
    """When each step of a job happened (``None``: not yet)."""

    model_config = ConfigDict(frozen=True)

    reported_at: AwareDatetime
    urgency: Urgency = Urgency.NORMAL
    answered_at: AwareDatetime | None = None
    arrived_at: AwareDatetime | None = None
    on_site_hours: int | None = ON_SITE_HOURS  # None: remote area, no on-site promise
    complexity: FaultComplexity = FaultComplexity.GENERAL
    fixed_at: AwareDatetime | None = None
    taken_to_centre_at: AwareDatetime | None = None
    centre_repaired_at: AwareDatetime | None = None


class Deadline(BaseModel):
    """One promise: when it is due, when it was kept, and whether in time.

    ``met`` is True when done in time, False when done late or still open past its
    due time, None while still open and not yet due; ``status`` says which.
    """

    model_config = ConfigDict(frozen=True)

    key: DeadlineKey
    name: Text
    due: datetime
    done_at: datetime | None
    met: bool | None
    status: DeadlineStatus


def service_level_report(
    times: ServiceTimes, *, calendar: WorkingCalendar, now: datetime
) -> list[Deadline]:
    """Every deadline of the job as of ``now`` (time-zone aware), in the calendar's zone."""
    zone = calendar.zone
    reported = times.reported_at.astimezone(zone)
    urgent = times.urgency is Urgency.URGENT
    answer_hours = URGENT_ANSWER_HOURS if urgent else ANSWER_HOURS
    answer_name = (
        text(
            f"紧急报修响应（{answer_hours}小时内）", f"Answer the urgent request ({answer_hours} h)"
        )
        if urgent
        else text(f"响应报修（{answer_hours}小时内）", f"Answer the request ({answer_hours} h)")
    )
    report = [
        _deadline(
            "answer", answer_name, reported + timedelta(hours=answer_hours), times.answered_at, now
        )
    ]
    if times.on_site_hours is not None:
        hours = times.on_site_hours
        report.append(
            _deadline(
                "on_site",
                text(f"上门服务（{hours}小时内）", f"On site ({hours} h)"),
                reported + timedelta(hours=hours),
                times.arrived_at,
                now,
            )
        )
    if times.taken_to_centre_at is not None:
        taken = times.taken_to_centre_at.astimezone(zone).date()
        report.append(
            _deadline(
                "centre_repair",
                text(
                    f"返修机修复（{CENTRE_WORKING_DAYS}个工作日内）",
                    f"Repaired at the service centre ({CENTRE_WORKING_DAYS} working days)",
                ),
                _end_of(centre_promise_date(taken, calendar), zone),
                times.centre_repaired_at,
                now,
            )
        )
    else:
        days = FIX_WORKING_DAYS[times.complexity]
        kind = (
            text("一般故障", "General fault")
            if times.complexity is FaultComplexity.GENERAL
            else text("复杂故障", "Complex fault")
        )
        report.append(
            _deadline(
                "fix",
                text(
                    f"{kind.zh}修复（{days}个工作日内）", f"{kind.en} fixed ({days} working days)"
                ),
                _end_of(calendar.add_working_days(reported.date(), days), zone),
                times.fixed_at,
                now,
            )
        )
    return report


def any_missed(report: list[Deadline]) -> bool:
    """Whether any deadline was missed: kept late, or still open past its due time."""
    return any(deadline.met is False for deadline in report)


def centre_promise_date(taken_on: date, calendar: WorkingCalendar) -> date:
    """The day a unit taken to the service centre on ``taken_on`` is promised back by."""
    return calendar.add_working_days(taken_on, CENTRE_WORKING_DAYS)


def service_times_for(
    order: WorkOrder,
    sheets: list[JobSheet],
    *,
    answered_at: datetime | None = None,
    centre_repaired_at: datetime | None = None,
    remote_area: bool = False,
) -> ServiceTimes:
    """The times of a job from its work order and its job sheets (any order).

    Arrival is the first check-in; the fix is the sign-off of the first sheet fixed on
    site; the unit went to the centre when the first sheet returning it was signed (or
    last saved). The answer and the centre's repair are not on a job sheet: pass them.
    """
    ordered = sorted(sheets, key=lambda sheet: sheet.created_at)
    arrivals = [s.arrival.checked_in_at for s in ordered if s.arrival is not None]
    fixed = [
        s.sign_off.signed_at
        for s in ordered
        if isinstance(s.outcome, FixedOnSite) and s.sign_off is not None
    ]
    returned = [
        s.sign_off.signed_at if s.sign_off is not None else s.updated_at
        for s in ordered
        if isinstance(s.outcome, ReturnToCentre)
    ]
    complex_fault = any(
        s.diagnosis is not None and s.diagnosis.complexity is FaultComplexity.COMPLEX
        for s in ordered
    )
    return ServiceTimes(
        reported_at=order.reported_at,
        urgency=order.urgency,
        answered_at=answered_at,
        arrived_at=min(arrivals, default=None),
        on_site_hours=None if remote_area else ON_SITE_HOURS,
        complexity=FaultComplexity.COMPLEX if complex_fault else FaultComplexity.GENERAL,
        fixed_at=min(fixed, default=None),
        taken_to_centre_at=min(returned, default=None),
        centre_repaired_at=centre_repaired_at,
    )


def _end_of(day: date, zone: ZoneInfo) -> datetime:
    """The last second of ``day`` in ``zone``: a working-day deadline runs to the day's end."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=zone)


def _deadline(
    key: DeadlineKey, name: Text, due: datetime, done_at: datetime | None, now: datetime
) -> Deadline:
    zone = due.tzinfo
    done = done_at.astimezone(zone) if done_at is not None else None
    status: DeadlineStatus
    if done is not None:
        status = "met" if done <= due else "missed"
    else:
        status = "overdue" if now > due else "open"
    met = {"met": True, "missed": False, "overdue": False, "open": None}[status]
    return Deadline(key=key, name=name, due=due, done_at=done, met=met, status=status)
