"""The customer's progress page in Chromium at 360x640 (a small phone), against a real service:
the form, the job's page after a visit that took the unit to the centre, English, the complaint
form opened. Nothing wider than the screen, no script, fonts from the phone; screenshots under
``test-artifacts/screens/track/``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.centre import returned_with_loaner
from tests.support.service import LiveService, running_service
from tests.ui.harness import ARTIFACTS, Browser

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("track_browser")]
SMALL_PHONE = {"width": 360, "height": 640}
SHOTS = ARTIFACTS / "track"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    yield from running_service("sqlite", tmp_path_factory.mktemp("track-browser"))


@pytest.fixture
def chromium(browser: Browser) -> Any:
    """The session's Chromium (one Playwright per test process: a second one started in
    the same process fails, "Sync API inside the asyncio loop")."""
    return browser.chromium


def _job_at_the_centre(live: LiveService) -> str:
    clerk, boss, tech = (live.login(u) for u in ("clerk", "boss", "tech_a"))
    appointment = (datetime.now(UTC) + timedelta(hours=3)).replace(microsecond=0)
    sheet, _loaner = returned_with_loaner(
        clerk, boss, tech, 74001, visit_now=True, charged=True, appointment=appointment.isoformat()
    )
    ticket = sheet["ticket_no"]
    unit = next(
        u
        for u in clerk.get("/centre-units", params={"limit": 500}).json()["items"]
        if u["ticket_no"] == ticket
    )
    assert clerk.post(f"/centre-units/{unit['id']}/state", json={"state": "repairing"}).ok
    return ticket


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SMALL_PHONE["width"], f"the page is {width}px wide"
    assert page.evaluate("document.scripts.length") == 0
    assert page.evaluate("document.fonts.size") == 0  # no web font: the phone's own


def test_the_page_on_a_small_phone(live: LiveService, chromium: Any) -> None:
    ticket = _job_at_the_centre(live)
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport=SMALL_PHONE, java_script_enabled=False)
    page = context.new_page()
    site = live.base.removesuffix("/api/v1")
    page.goto(f"{site}/track")
    _fits(page)
    page.screenshot(path=str(SHOTS / "1-form.png"))
    page.fill("#ticket", ticket)
    page.fill("#digits", "4567")
    page.click("button[type=submit]")
    page.wait_for_selector(".now")
    assert page.inner_text(".now") == "维修中"
    _fits(page)
    page.screenshot(path=str(SHOTS / "2-progress.png"))
    page.screenshot(path=str(SHOTS / "2-progress-full.png"), full_page=True)
    page.click("header a")  # English
    page.wait_for_selector("html[lang=en]")
    assert page.inner_text(".now") == "Being repaired"
    page.screenshot(path=str(SHOTS / "3-english.png"), full_page=True)
    page.click("header a")
    page.click("summary")  # opens without script (<details>)
    page.fill("#name", "陈先生")
    page.fill("#details", "技术员很专业，但取件时间太久")
    page.screenshot(path=str(SHOTS / "4-complaint.png"), full_page=True)
    page.click("form[action='/track/complaint'] button")
    page.wait_for_selector(".ok")
    page.screenshot(path=str(SHOTS / "5-complaint-sent.png"))
    context.close()
