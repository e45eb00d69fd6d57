"""The dashboard: a period's figures overall and per technician (``GET /dashboard``).

The service counts; this module only reads the reply and picks the headline figures a
supervisor compares between technicians.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict

from fieldapp.office.client import OfficeClient


class Figures(BaseModel):
    model_config = ConfigDict(extra="ignore")

    sheets: int
    jobs: int
    service_levels: dict[str, dict[str, Any]]
    satisfaction: dict[str, Any]
    etiquette: dict[str, Any]
    first_time_fixed: int
    first_time_fix_rate: float | None
    repeat_repairs: int
    charging: dict[str, Any]
    technician_id: str | None = None
    technician_name: str | None = None


class Dashboard(BaseModel):
    model_config = ConfigDict(extra="ignore")

    date_from: date
    date_to: date
    overall: Figures
    technicians: list[Figures]


def dashboard(client: OfficeClient, first: date, last: date) -> Dashboard:
    """The figures of the visits from ``first`` to ``last``."""
    params = {"from": first.isoformat(), "to": last.isoformat()}
    return Dashboard.model_validate(client.get("/dashboard", params))


def this_month(today: date) -> tuple[date, date]:
    """The period the dashboard opens on: the month so far."""
    return today.replace(day=1), today


def last_days(today: date, days: int) -> tuple[date, date]:
    return today - timedelta(days=days - 1), today


def rate(value: float | None) -> str:
    """``87%``, or — when there is nothing to count."""
    return "—" if value is None else f"{round(value * 100)}%"
