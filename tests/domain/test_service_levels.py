"""Service levels: the working-day calendar and each deadline's verdict."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from fieldapp.domain.job_sheet import (
    Diagnosis,
    FaultCause,
    FaultComplexity,
    JobSheet,
    ReturnToCentre,
)
from fieldapp.domain.service_levels import (
    CalendarRangeError,
    Deadline,
    ServiceTimes,
    WorkingCalendar,
    any_missed,
    centre_promise_date,
    service_level_report,
    service_times_for,
)
from fieldapp.domain.work_order import Urgency, WorkOrder
from fieldapp.reference import REFERENCE_DIR
from tests.support.times import at

from .conftest import signed

UTC = ZoneInfo("UTC")


def by_key(report: list[Deadline]) -> dict[str, Deadline]:
    return {deadline.key: deadline for deadline in report}


# --- the calendar ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working", "why"),
    [
        (date(2026, 11, 25), True, "an ordinary Wednesday"),
        (date(2026, 11, 28), False, "an ordinary Saturday"),
        (date(2026, 2, 16), False, "Spring Festival 2026 (a Monday)"),
        (date(2026, 2, 14), True, "make-up working Saturday before Spring Festival 2026"),
        (date(2026, 2, 28), True, "make-up working Saturday after Spring Festival 2026"),
        (date(2026, 1, 4), True, "make-up working Sunday after New Year 2026"),
        (date(2025, 10, 8), False, "National Day and Mid-Autumn 2025 (a Wednesday)"),
        (date(2025, 10, 11), True, "make-up working Saturday, October 2025"),
        (date(2025, 1, 26), True, "make-up working Sunday, Spring Festival 2025"),
        (date(2027, 2, 9), False, "provisional 2027: substitute day for Spring Festival"),
        (date(2027, 5, 3), False, "provisional 2027: substitute day for Labour Day"),
    ],
)
def test_bundled_calendar_knows_holidays_and_make_up_days(
    calendar: WorkingCalendar, day: date, working: bool, why: str
) -> None:
    assert calendar.is_working_day(day) is working, why


def test_bundled_calendar_covers_2025_to_2027_and_marks_2027_provisional(
    calendar: WorkingCalendar,
) -> None:
    assert {y.year: y.provisional for y in calendar.years} == {
        2025: False,
        2026: False,
        2027: True,
    }
    assert calendar.timezone == "Asia/Shanghai"
    assert len(calendar.makeup_workdays) == 5 + 6  # 2025, 2026; none known for 2027


def test_outside_its_years_the_calendar_refuses_to_guess(calendar: WorkingCalendar) -> None:
    with pytest.raises(CalendarRangeError, match="2028"):
        calendar.is_working_day(date(2028, 1, 3))
    with pytest.raises(CalendarRangeError):
        calendar.add_working_days(date(2027, 12, 29), 5)


def test_working_days_skip_spring_festival_and_count_make_up_days(
    calendar: WorkingCalendar,
) -> None:
    # Fri 13 Feb 2026 + 3: Sat 14 (make-up), then Tue 24, Wed 25 after the holiday.
    assert calendar.add_working_days(date(2026, 2, 13), 3) == date(2026, 2, 25)
    assert calendar.add_working_days(date(2026, 11, 20), 3) == date(2026, 11, 25)
    assert calendar.add_working_days(date(2026, 11, 20), 0) == date(2026, 11, 20)
    with pytest.raises(ValueError, match="negative"):
        calendar.add_working_days(date(2026, 11, 20), -1)


def test_holiday_days_include_the_weekend_days_of_a_holiday(calendar: WorkingCalendar) -> None:
    national_day_2026 = {date(2026, 10, 1) + timedelta(days=n) for n in range(7)}

    assert national_day_2026 <= calendar.holidays
    assert date(2026, 10, 10) in calendar.makeup_workdays


def _calendar_data(**change: Any) -> dict[str, Any]:
    data = json.loads((REFERENCE_DIR / "calendar.json").read_text("utf-8"))
    data.update(change)
    return data


def test_calendar_data_is_checked_when_loaded() -> None:
    year: dict[str, Any] = {
        "year": 2030,
        "source": {"zh": "测试", "en": "test"},
        "holidays": [
            {
                "name": {"zh": "测试", "en": "Test"},
                "first": "2030-01-01",
                "last": "2030-01-01",
                "makeup_workdays": ["2030-01-02"],  # a Wednesday
            }
        ],
    }
    with pytest.raises(ValidationError, match="not a weekend"):
        WorkingCalendar.model_validate(_calendar_data(years=[year]))
    year["holidays"][0]["makeup_workdays"] = []
    with pytest.raises(ValidationError, match="listed twice"):
        WorkingCalendar.model_validate(_calendar_data(years=[year, year]))
    year["holidays"][0]["last"] = "2029-12-01"
    with pytest.raises(ValidationError, match="not a holiday period"):
        WorkingCalendar.model_validate(_calendar_data(years=[year]))


def test_a_day_cannot_be_both_holiday_and_make_up_day() -> None:
    overlapping = {
        "year": 2031,
        "source": {"zh": "测试", "en": "test"},
        "holidays": [
            {"name": {"zh": "甲", "en": "A"}, "first": "2031-01-04", "last": "2031-01-05"},
            {
                "name": {"zh": "乙", "en": "B"},
                "first": "2031-01-10",
                "last": "2031-01-10",
                "makeup_workdays": ["2031-01-04"],
            },
        ],
    }
    with pytest.raises(ValidationError, match="both holiday and make-up"):
        WorkingCalendar.model_validate(_calendar_data(years=[overlapping]))


# --- the deadlines --------------------------------------------------------------------

REPORTED = at(date(2026, 11, 23), 9)  # a Monday


def test_everything_done_in_time_is_met(calendar: WorkingCalendar) -> None:
    times = ServiceTimes(
        reported_at=REPORTED,
        answered_at=REPORTED + timedelta(hours=1),
        arrived_at=REPORTED + timedelta(hours=23),
        fixed_at=at(date(2026, 11, 26), 23, 30),
    )
    report = service_level_report(times, calendar=calendar, now=REPORTED + timedelta(days=10))

    assert [d.key for d in report] == ["answer", "on_site", "fix"]
    assert all(d.status == "met" and d.met is True for d in report)
    assert by_key(report)["fix"].due == datetime(
        2026, 11, 26, 23, 59, 59, tzinfo=ZoneInfo("Asia/Shanghai")
    )
    assert "3个工作日" in by_key(report)["fix"].name.zh
    assert not any_missed(report)


def test_urgent_request_must_be_answered_within_2_hours(calendar: WorkingCalendar) -> None:
    times = ServiceTimes(
        reported_at=REPORTED, urgency=Urgency.URGENT, answered_at=REPORTED + timedelta(hours=3)
    )
    answer = by_key(service_level_report(times, calendar=calendar, now=REPORTED))["answer"]

    assert answer.due == REPORTED + timedelta(hours=2)
    assert (answer.status, answer.met) == ("missed", False)
    assert "紧急" in answer.name.zh


def test_open_deadlines_are_open_before_their_time_and_overdue_after(
    calendar: WorkingCalendar,
) -> None:
    times = ServiceTimes(reported_at=REPORTED)
    early = by_key(service_level_report(times, calendar=calendar, now=REPORTED))
    late = service_level_report(times, calendar=calendar, now=REPORTED + timedelta(hours=25))

    assert (early["answer"].status, early["answer"].met) == ("open", None)
    assert not any_missed(list(early.values()))
    assert (by_key(late)["on_site"].status, by_key(late)["on_site"].met) == ("overdue", False)
    assert by_key(late)["fix"].status == "open"
    assert any_missed(late)


def test_remote_area_has_no_on_site_deadline(calendar: WorkingCalendar) -> None:
    times = ServiceTimes(reported_at=REPORTED, on_site_hours=None)
    report = service_level_report(times, calendar=calendar, now=REPORTED)

    assert [d.key for d in report] == ["answer", "fix"]


def test_complex_fault_has_7_working_days_across_a_holiday(calendar: WorkingCalendar) -> None:
    reported = at(date(2026, 9, 24), 15)  # Thursday before Mid-Autumn and National Day
    times = ServiceTimes(
        reported_at=reported,
        complexity=FaultComplexity.COMPLEX,
        fixed_at=at(date(2026, 10, 12), 11),
    )
    fix = by_key(service_level_report(times, calendar=calendar, now=reported))["fix"]

    # Working days after 24 Sep: 28, 29, 30 Sep, (1-7 Oct off), 8, 9, 10 (Sat, make-up), 12.
    assert fix.due.date() == date(2026, 10, 12)
    assert fix.status == "met"
    assert "复杂故障" in fix.name.zh


def test_working_days_are_counted_in_shanghai_time(calendar: WorkingCalendar) -> None:
    # 17:00 UTC on Friday 13 Feb 2026 is already Saturday 14 Feb (a make-up day) in Shanghai.
    reported = datetime(2026, 2, 13, 17, 0, tzinfo=UTC)
    report = by_key(
        service_level_report(ServiceTimes(reported_at=reported), calendar=calendar, now=reported)
    )

    assert report["fix"].due.date() == date(2026, 2, 26)
    assert report["fix"].due.tzinfo == ZoneInfo("Asia/Shanghai")
    assert report["answer"].due == reported + timedelta(hours=24)


def test_unit_taken_to_the_centre_is_due_back_in_5_working_days(
    calendar: WorkingCalendar,
) -> None:
    taken = at(date(2026, 9, 29), 16)
    times = ServiceTimes(
        reported_at=at(date(2026, 9, 28), 9),
        taken_to_centre_at=taken,
        centre_repaired_at=at(date(2026, 10, 13), 10),
    )
    report = by_key(service_level_report(times, calendar=calendar, now=taken))

    assert "fix" not in report  # the centre's promise replaces the on-site fix deadline
    centre = report["centre_repair"]
    # 30 Sep, (1-7 Oct off), 8, 9, 10 (Sat, make-up), 12 Oct.
    assert centre.due.date() == date(2026, 10, 12)
    assert (centre.status, centre.met) == ("missed", False)
    assert "5个工作日" in centre.name.zh
    assert centre_promise_date(date(2026, 9, 29), calendar) == date(2026, 10, 12)


def test_service_times_come_from_the_order_and_its_sheets(
    order: WorkOrder, complete_sheet: JobSheet, calendar: WorkingCalendar
) -> None:
    assert complete_sheet.arrival is not None
    first = complete_sheet.model_copy(
        update={
            "outcome": ReturnToCentre(
                reason="需更换大反射镜",
                promised_by=date(2026, 11, 30),
                centre_phone="021-5555 0000",
            ),
            "diagnosis": Diagnosis(
                symptoms="画面发暗",
                cause=FaultCause.UNIT_FAULT,
                complexity=FaultComplexity.COMPLEX,
            ),
        }
    )
    times = service_times_for(
        order,
        [first],
        answered_at=order.reported_at + timedelta(hours=2),
        remote_area=True,
    )

    assert times.reported_at == order.reported_at
    assert times.arrived_at == complete_sheet.arrival.checked_in_at
    assert times.complexity is FaultComplexity.COMPLEX
    assert times.taken_to_centre_at == first.updated_at  # not signed yet: last saved
    assert times.on_site_hours is None
    report = service_level_report(times, calendar=calendar, now=first.updated_at)
    assert [d.key for d in report] == ["answer", "centre_repair"]


def test_fixed_time_is_the_sign_off_of_the_fixed_sheet(
    order: WorkOrder, complete_sheet: JobSheet
) -> None:
    unsigned = service_times_for(order, [complete_sheet])

    assert unsigned.fixed_at is None  # not signed: not yet done
    assert unsigned.on_site_hours == 24
    assert unsigned.complexity is FaultComplexity.GENERAL


def test_fixed_time_is_when_the_customer_signed_the_fixed_sheet(
    order: WorkOrder, complete_sheet: JobSheet, calendar: WorkingCalendar
) -> None:
    signed_at = at(date(2026, 11, 23), 11, 30)
    times = service_times_for(order, [signed(complete_sheet, signed_at)])
    fix = by_key(service_level_report(times, calendar=calendar, now=signed_at))["fix"]

    assert times.fixed_at == signed_at
    assert fix.status == "met"
    assert fix.due.date() == date(2026, 11, 25)  # reported Sun 22 Nov: Mon, Tue, Wed
