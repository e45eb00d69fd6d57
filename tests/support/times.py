"""Sample times shared by the domain tests, the store tests and the store bench.

Every sample visit happens in Shanghai on ``VISIT_DAY``; ``at`` builds a time on a day there,
so that sheets, orders and the days they are listed under agree wherever they are built.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
VISIT_DAY = date(2026, 11, 23)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A Shanghai time on ``day``."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)
