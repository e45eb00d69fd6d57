"""A sync round in progress does not delay a tap: the round runs off the event loop."""

from __future__ import annotations

from pathlib import Path
from statistics import median
from typing import Any

import pytest

from tests.sync.conftest import LiveService
from tests.ui.conftest import CUSTOMERS, service_root
from tests.ui.harness import (
    PHONE,
    Browser,
    Screens,
    centre,
    click,
    fill,
    measure_tap,
    running_app,
    wait_for_text,
)
from tests.ui.slow_proxy import SlowProxy

pytestmark = pytest.mark.browser


def day_taps(
    page: Any, forward: tuple[float, float], back: tuple[float, float], count: int
) -> list[float]:
    """Tap 后一天 / 前一天 in turn; each latency until the day's count shows."""
    found = []
    for n in range(count):
        x, y = forward if n % 2 == 0 else back
        found.append(measure_tap(page, x, y, "共 0 单" if n % 2 == 0 else "共 3 单"))
    return found


def test_switching_the_day_stays_quick_while_a_sync_round_hangs(
    browser: Browser, screens: Screens, live: LiveService, tickets: list[str], tmp_path: Path
) -> None:
    proxy = SlowProxy(service_root(live), delay=20.0)
    try:
        for app in running_app(tmp_path / "app", proxy.url):
            page = browser.open(app.url, PHONE)
            wait_for_text(page, "技术员登录")
            fill(page, "username", "tech_a")
            fill(page, "password", "correct-horse-battery")
            click(page, page.get_by_role("button", name="登录"))
            wait_for_text(page, CUSTOMERS[0])
            wait_for_text(page, "已全部发送")
            next_day = centre(page.locator("[flt-semantics-identifier='next-day']"))
            previous = centre(page.locator("[flt-semantics-identifier='previous-day']"))

            idle = day_taps(page, next_day, previous, 6)
            proxy.slow.set()
            page.get_by_role("tab", name="待发送").first.click()
            click(page, page.get_by_role("button", name="立即同步"))
            wait_for_text(page, "正在同步")
            assert proxy.held.wait(5)
            page.get_by_role("tab", name="今日工单").first.click()
            wait_for_text(page, "共 3 单")
            screens.shot(page, "syncing")
            next_day = centre(page.locator("[flt-semantics-identifier='next-day']"))
            previous = centre(page.locator("[flt-semantics-identifier='previous-day']"))
            syncing = day_taps(page, next_day, previous, 6)
            assert proxy.held.is_set(), "the round ended before the taps"
            # A round blocking the loop would add its 20 s; allow scheduling noise only.
            assert median(syncing) < median(idle) + 150, (idle, syncing)
            assert max(syncing) < 1500, (idle, syncing)
            page.context.close()
    finally:
        proxy.slow.clear()
        proxy.close()
