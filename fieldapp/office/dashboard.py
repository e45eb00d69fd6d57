"""The dashboard: a period's figures overall and per technician (``GET /dashboard``).

The service counts; this module only reads the reply and picks the headline figures a
supervisor compares between technicians.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from fieldapp.office.client import OfficeClient
from fieldapp.protocol.dashboard import Dashboard, Figures, LevelCount, TechnicianFigures


def dashboard(client: OfficeClient, first: date, last: date) -> Dashboard:
    """The figures of the visits from ``first`` to ``last``."""
    params = {"from": first.isoformat(), "to": last.isoformat()}
    return Dashboard.model_validate(client.get("/dashboard", params))


def this_month(today: date) -> tuple[date, date]:
    """The period the dashboard opens on: the month so far."""
    return today.replace(day=1), today


def last_month(today: date) -> tuple[date, date]:
    """The whole calendar month before ``today``'s (monthly reports are read by month)."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def last_days(today: date, days: int) -> tuple[date, date]:
    return today - timedelta(days=days - 1), today


PRESETS = ("month-0", "month-1", "days-7", "days-30", "days-90")


def preset_period(preset: str, today: date) -> tuple[date, date]:
    """The period a dashboard preset names: ``month-0`` this month so far, ``month-1`` the
    month before, ``days-N`` the last N days."""
    kind, _, n = preset.partition("-")
    if kind == "month":
        return this_month(today) if n == "0" else last_month(today)
    return last_days(today, int(n))


def level(figures: Figures, key: str) -> LevelCount:
    """One service level's counts by its key (answer, on_site, fix)."""
    levels = figures.service_levels
    return {"answer": levels.answer, "on_site": levels.on_site, "fix": levels.fix}[key]


def level_rate(figures: Figures, key: str) -> float | None:
    """The share of the jobs' ``key`` deadlines met (answer, on_site, fix)."""
    return level(figures, key).rate


Value = float | int | None
# The per-technician table's columns after the name: (string key, the figure, is a share).
TECHNICIAN_COLUMNS: tuple[tuple[str, Callable[[Figures], Value], bool], ...] = (
    ("dashboard.sheets", lambda f: f.sheets, False),
    ("dashboard.level.on_site", lambda f: level_rate(f, "on_site"), True),
    ("dashboard.level.fix", lambda f: level_rate(f, "fix"), True),
    ("dashboard.satisfied", lambda f: f.satisfaction.share, True),
    ("dashboard.five_ones", lambda f: f.etiquette.five_ones_rate, True),
    ("dashboard.nine_rules", lambda f: f.etiquette.nine_rules_rate, True),
    ("dashboard.first_time_fix", lambda f: f.first_time_fix_rate, True),
    ("dashboard.repeat_repairs", lambda f: f.repeat_repairs, False),
    ("dashboard.charged_count", lambda f: f.charging.charged, False),
)


def ranked(
    technicians: list[TechnicianFigures], column: int, ascending: bool
) -> list[TechnicianFigures]:
    """The technicians in the table's order: column 0 is the name, then
    ``TECHNICIAN_COLUMNS``; a technician with nothing to count is listed last either way."""
    if column <= 0 or column > len(TECHNICIAN_COLUMNS):
        return sorted(
            technicians,
            key=lambda f: (f.technician_name, f.technician_id),
            reverse=not ascending,
        )
    figure = TECHNICIAN_COLUMNS[column - 1][1]
    known = [f for f in technicians if figure(f) is not None]
    unknown = [f for f in technicians if figure(f) is None]
    known.sort(key=lambda f: (float(figure(f) or 0), f.technician_name), reverse=not ascending)
    return known + unknown


def rate(value: float | None) -> str:
    """``87%``, or — when there is nothing to count."""
    return "—" if value is None else f"{round(value * 100)}%"
