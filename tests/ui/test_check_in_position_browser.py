"""The check-in position in Chromium: kept on the sheet when the technician allows the
phone to give it, said in words when it is refused, and never in the way of the visit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fieldapp.store import open_store
from tests.ui.harness import PHONE, Browser, Screens, start_app, wait_for_text
from tests.ui.visit_harness import demo_service, open_job, sign_in, tap_id, tick

pytestmark = pytest.mark.browser

CUSTOMER = "陈晓明"
PEOPLES_SQUARE = {"latitude": 31.2304, "longitude": 121.4737}


def test_the_position_is_kept_when_allowed(
    browser: Browser, screens: Screens, tmp_path: Path
) -> None:
    service = demo_service(tmp_path / "service")
    app = start_app(tmp_path / "app", service.url)
    try:
        order = service.order_of(CUSTOMER)
        page = browser.open(app.url, PHONE, permissions=["geolocation"], geolocation=PEOPLES_SQUARE)
        sign_in(page)
        open_job(page, order["ticket_no"])
        tap_id(page, "start-visit")
        wait_for_text(page, "已出示工作证", timeout=30)
        tap_id(page, "record-position")
        wait_for_text(page, "位置：31.23040, 121.47370", timeout=30)
        tick(page, "已出示工作证")  # the visit goes on as before
        time.sleep(1)
        screens.shot(page, "position")
        page.context.close()
    finally:
        app.stop()
        service.stop()
    with open_store(app.store_dir) as store:
        (summary,) = store.list_sheets(ticket_no=order["ticket_no"])
        sheet = store.get_sheet(summary.sheet_id)
    assert sheet is not None and sheet.arrival is not None
    assert (sheet.arrival.latitude, sheet.arrival.longitude) == (31.2304, 121.4737)
    assert sheet.arrival.work_id_shown


def test_a_refused_position_is_said_in_words_and_the_visit_goes_on(
    browser: Browser, screens: Screens, tmp_path: Path
) -> None:
    service = demo_service(tmp_path / "service")
    app = start_app(tmp_path / "app", service.url)
    try:
        order = service.order_of(CUSTOMER)
        page = browser.open(app.url, PHONE)  # the location permission is not granted
        sign_in(page)
        open_job(page, order["ticket_no"])
        tap_id(page, "start-visit")
        wait_for_text(page, "已出示工作证", timeout=30)
        tap_id(page, "record-position")
        wait_for_text(page, "请允许本应用使用定位", timeout=60)
        screens.shot(page, "position-refused")
        tick(page, "已出示工作证")
        tap_id(page, "visit-next")
        wait_for_text(page, "一双鞋套")  # the position is optional
        page.context.close()
    finally:
        app.stop()
        service.stop()
