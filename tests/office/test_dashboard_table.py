"""The dashboard's per-technician table and its periods, without a server."""

from __future__ import annotations

from datetime import date

from fieldapp.office import dashboard
from fieldapp.office.dashboard import TECHNICIAN_COLUMNS
from fieldapp.protocol.dashboard import (
    Charging,
    Etiquette,
    LevelCount,
    Satisfaction,
    ServiceLevels,
    TechnicianFigures,
)


def _figures(
    name: str, *, sheets: int, on_site: float | None, satisfied: float | None
) -> TechnicianFigures:
    level = LevelCount(met=1, missed=0, open=0, rate=on_site)
    return TechnicianFigures(
        sheets=sheets,
        jobs=sheets,
        service_levels=ServiceLevels(answer=level, on_site=level, fix=level),
        satisfaction=Satisfaction(
            surveyed=0 if satisfied is None else 10,
            satisfied=0,
            share=satisfied,
            target_met=None,
            attitude_avg=None,
            repair_quality_avg=None,
            response_speed_avg=None,
            rating_avg=None,
        ),
        etiquette=Etiquette(
            sheets=sheets,
            five_ones_complete=sheets,
            five_ones_rate=1.0,
            nine_rules_attested=sheets,
            nine_rules_rate=1.0,
        ),
        first_time_fixed=0,
        first_time_fix_rate=None,
        repeat_repairs=0,
        charging=Charging(charged=0, free=sheets, charged_total_fen=0),
        technician_id=name,
        technician_name=name,
    )


TEAM = [
    _figures("王伟", sheets=30, on_site=0.80, satisfied=0.95),
    _figures("李强", sheets=12, on_site=1.00, satisfied=None),
    _figures("张敏", sheets=21, on_site=0.95, satisfied=0.85),
]


def _column(key: str) -> int:
    """The table's index of a column (0 is the name)."""
    return 1 + [k for k, _f, _s in TECHNICIAN_COLUMNS].index(key)


def test_the_table_sorts_by_name_then_by_any_figure_either_way() -> None:
    by_name = [f.technician_name for f in dashboard.ranked(TEAM, 0, True)]
    assert by_name == sorted(["王伟", "李强", "张敏"])
    most_sheets = dashboard.ranked(TEAM, _column("dashboard.sheets"), False)
    assert [f.sheets for f in most_sheets] == [30, 21, 12]
    worst_on_site = dashboard.ranked(TEAM, _column("dashboard.level.on_site"), True)
    assert [f.technician_name for f in worst_on_site] == ["王伟", "张敏", "李强"]


def test_a_technician_with_nothing_to_count_is_listed_last_both_ways() -> None:
    """李强 had no follow-up calls: his satisfaction is unknown, not 0 % and not 100 %."""
    column = _column("dashboard.satisfied")
    assert dashboard.ranked(TEAM, column, True)[-1].technician_name == "李强"
    assert dashboard.ranked(TEAM, column, False)[-1].technician_name == "李强"
    assert [f.technician_name for f in dashboard.ranked(TEAM, column, False)[:2]] == [
        "王伟",
        "张敏",
    ]


def test_the_periods_a_supervisor_reports_by() -> None:
    today = date(2026, 3, 10)
    assert dashboard.preset_period("month-0", today) == (date(2026, 3, 1), today)
    assert dashboard.preset_period("month-1", today) == (date(2026, 2, 1), date(2026, 2, 28))
    assert dashboard.preset_period("month-1", date(2026, 1, 5)) == (
        date(2025, 12, 1),
        date(2025, 12, 31),
    )
    assert dashboard.preset_period("days-7", today) == (date(2026, 3, 4), today)
    assert set(dashboard.PRESETS) == {"month-0", "month-1", "days-7", "days-30", "days-90"}
