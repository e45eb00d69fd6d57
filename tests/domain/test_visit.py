"""The day of a visit: one definition for every rule that needs it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from fieldapp.domain.job_sheet import Arrival, JobSheet
from fieldapp.domain.reference import ReferenceData
from fieldapp.domain.visit import SERVICE_ZONE, visit_day
from tests.builders import VISIT_DAY, at


def test_the_visit_is_the_check_in_not_the_day_the_sheet_was_started(
    complete_sheet: JobSheet,
) -> None:
    started_before = complete_sheet.model_copy(
        update={"created_at": at(VISIT_DAY - timedelta(days=2), 18)}
    )
    assert visit_day(started_before) == VISIT_DAY


def test_before_the_check_in_the_day_the_sheet_was_started_stands_in(
    complete_sheet: JobSheet,
) -> None:
    not_arrived = complete_sheet.model_copy(
        update={"arrival": None, "created_at": at(VISIT_DAY, 8)}
    )
    assert visit_day(not_arrived) == VISIT_DAY


def test_the_day_is_read_in_the_service_centres_zone_not_the_phones_offset(
    complete_sheet: JobSheet,
) -> None:
    # 17:30 UTC on the 22nd is 01:30 on the 23rd in Shanghai.
    late = datetime(2026, 11, 22, 17, 30, tzinfo=UTC)
    sheet = complete_sheet.model_copy(update={"arrival": Arrival(checked_in_at=late)})
    assert visit_day(sheet) == date(2026, 11, 23)
    assert visit_day(sheet, UTC) == date(2026, 11, 22)
    assert visit_day(sheet, ZoneInfo("America/New_York")) == date(2026, 11, 22)


def test_the_reference_datas_zone_is_the_calendars(reference: ReferenceData) -> None:
    assert reference.calendar is not None
    assert reference.zone == reference.calendar.zone == SERVICE_ZONE
    assert reference.model_copy(update={"calendar": None}).zone == SERVICE_ZONE
