"""The back office's 客户通知 (messages) in Chromium at 1440x900 against a real service
(``fieldapp demo``, whose file sender delivers every message): a clerk opens the place, sees
where customers follow their repair and no failed message, then one ticket's messages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.ui.harness import AppProcess, Screens
from tests.ui.office_harness import CLERK, DESKTOP, go, sign_in, start_office, wait_for
from tests.ui.visit_harness import DemoService, demo_service, tap_id, type_into

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("office-messages")]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoService]:
    service = demo_service(tmp_path_factory.mktemp("messages-demo"))
    yield service
    service.stop()


@pytest.fixture(scope="module")
def office(demo: DemoService, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppProcess]:
    app = start_office(tmp_path_factory.mktemp("messages-office"), demo.url)
    yield app
    app.stop()


def test_a_clerk_reads_a_tickets_messages(
    demo: DemoService, office: AppProcess, browser: Any, screens: Screens
) -> None:
    orders = demo.get("/work-orders?limit=200")["items"]
    ticket = sorted(str(o["ticket_no"]) for o in orders if o["status"] == "assigned")[0]
    page = browser.open(office.url, DESKTOP)
    sign_in(page, CLERK)
    go(page, "客户通知")
    wait_for(page, "发送失败的通知")
    seen = wait_for(page, "没有通知")
    assert f"{demo.url}/track" in seen
    screens.shot(page, "messages-failed")
    type_into(page, "messages-ticket", ticket, delay_ms=10)
    tap_id(page, "messages-look-up")
    seen = wait_for(page, f"{ticket} 的通知")
    seen = wait_for(page, "已发送")
    assert "已派工" in seen and "查看进度" in seen
    screens.shot(page, "messages-of-a-ticket")
