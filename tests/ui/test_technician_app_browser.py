"""The technician app in Chromium against a real service process, as a technician uses it.

Each test starts ``fieldapp app --web`` with a store of its own; the service (SQLite) is
shared by the module unless a test stops it. A screenshot of every screen is kept under
``test-artifacts/screens/``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from fieldapp.store import open_store
from tests.support.service import LiveService, free_port, running_service
from tests.support.sheets import job_sheet
from tests.ui.conftest import CUSTOMERS, book_jobs, service_root, sign_in
from tests.ui.harness import (
    PHONE,
    SIZES,
    TABLET,
    AppProcess,
    Browser,
    Screens,
    click,
    fill,
    running_app,
    semantics_text,
    start_app,
    wait_for_text,
)

# One service for the module, its tests in order: they run in one test process.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("technician_app")]


def open_tab(page: Any, name: str) -> None:
    click(page, page.get_by_role("tab", name=name).first)


@pytest.mark.parametrize("size", SIZES)
def test_sign_in_see_today_open_a_job_and_come_back(
    browser: Browser, screens: Screens, live: LiveService, tickets: list[str], tmp_path: Path,
    size: tuple[int, int],
) -> None:  # fmt: skip
    for app in running_app(tmp_path / "app", service_root(live)):
        page = browser.open(app.url, size)
        screens.shot(page, "sign-in")
        sign_in(page)
        seen = wait_for_text(page, CUSTOMERS[2])
        for name in CUSTOMERS:
            assert name in seen
        assert "今天" in seen and "共 3 单" in seen and "紧急" in seen
        assert "还剩 20 小时到场" in seen or "还剩 21 小时到场" in seen
        wait_for_text(page, "已全部发送")  # synced, in sight at the top
        screens.shot(page, "today")

        click(page, page.locator(f"[flt-semantics-identifier='job-{tickets[1]}']"))
        seen = wait_for_text(page, "开始上门")
        assert "赵丽华" in seen and "保修判定" in seen and "服务时限" in seen
        wait_for_text(page, "此机身编号的维修记录")
        screens.shot(page, "job")
        # The job has an address of its own in the browser's history: browser back and
        # forward move between the list and the job.
        assert page.url.endswith(f"/job/{tickets[1]}")
        if size == PHONE:
            page.go_back()
            wait_for_text(page, "共 3 单")
            page.go_forward()
            wait_for_text(page, "此机身编号的维修记录")
            click(page, page.get_by_role("button", name="返回"))
            wait_for_text(page, "共 3 单")
            assert page.url.endswith("/")
        else:  # side by side: the list stays, the job beside it
            assert CUSTOMERS[0] in seen and CUSTOMERS[2] in seen

        click(page, page.locator("[flt-semantics-identifier='day']"))
        wait_for_text(page, "取消")  # Flutter's own date picker speaks Chinese too
        screens.shot(page, "date-picker")
        page.keyboard.press("Escape")

        open_tab(page, "待发送")
        wait_for_text(page, "没有待发送的内容")
        assert "立即同步" in semantics_text(page)
        screens.shot(page, "outbox")
        open_tab(page, "设置")
        seen = wait_for_text(page, "导出诊断信息")
        assert "Tech_A" in seen and "应用版本" in seen
        screens.shot(page, "settings")
        page.context.close()


def test_wrong_password_and_an_unreachable_service_are_said_in_words(
    browser: Browser, screens: Screens, live: LiveService, tickets: list[str], tmp_path: Path
) -> None:
    for app in running_app(tmp_path / "app", service_root(live)):
        page = browser.open(app.url, PHONE)
        sign_in(page, password="not-the-password")
        wait_for_text(page, "用户名或密码不正确")
        screens.shot(page, "wrong-password")
        fill(page, "service-url", f"http://127.0.0.1:{free_port()}")
        fill(page, "password", "correct-horse-battery")
        click(page, page.get_by_role("button", name="登录"))
        wait_for_text(page, "无法连接服务")
        screens.shot(page, "service-down")
        page.context.close()


def test_after_the_first_sign_in_the_app_works_without_the_service(
    browser: Browser, screens: Screens, tmp_path: Path
) -> None:
    folder = tmp_path / "own-service"
    folder.mkdir()
    service_runs = running_service("sqlite", folder)
    service = next(service_runs)
    book_jobs(service, "tech_b", ("吴海燕", "郑国强"))
    app = start_app(tmp_path / "app", service_root(service))
    try:
        page = browser.open(app.url, PHONE)
        sign_in(page, "tech_b")
        wait_for_text(page, "郑国强")
        page.context.close()
        next(service_runs, None)  # stops the service
        app.restart()
        page = browser.open(app.url, PHONE)
        seen = wait_for_text(page, "郑国强")
        assert "吴海燕" in seen and "技术员登录" not in seen
        wait_for_text(page, "离线")
        screens.shot(page, "offline-today")
        page.context.close()
    finally:
        app.stop()
        next(service_runs, None)


def test_english_is_chosen_in_settings_and_remembered(
    browser: Browser, screens: Screens, live: LiveService, tickets: list[str], tmp_path: Path
) -> None:
    app = start_app(tmp_path / "app", service_root(live))
    try:
        page = browser.open(app.url, TABLET)
        sign_in(page)
        wait_for_text(page, CUSTOMERS[0])
        open_tab(page, "设置")
        wait_for_text(page, "English")
        click(page, page.get_by_role("radio", name="English"))
        wait_for_text(page, "Export diagnostics")
        deadline = time.monotonic() + 10
        while "设置" in semantics_text(page):  # the title and the navigation follow
            assert time.monotonic() < deadline, semantics_text(page)
            time.sleep(0.1)
        assert "Sign out" in semantics_text(page)
        screens.shot(page, "settings-english")
        open_tab(page, "Today")
        wait_for_text(page, "My jobs")
        seen = wait_for_text(page, "left to arrive")
        assert "Previous day" in seen or "Today" in seen
        screens.shot(page, "today-english")
        click(page, page.locator("[flt-semantics-identifier='day']"))
        seen = wait_for_text(page, "Cancel")  # Flutter's own date picker follows the language
        assert "取消" not in seen
        screens.shot(page, "date-picker-english")
        page.keyboard.press("Escape")
        page.context.close()
        app.restart()
        page = browser.open(app.url, TABLET)
        wait_for_text(page, "My jobs")
        page.context.close()
    finally:
        app.stop()


def put_signed_sheet(app: AppProcess, ticket: str, technician_id: str) -> str:
    """A sheet the customer signed, saved on the phone while the app is stopped."""
    sheet = job_sheet(ticket, technician_id)
    with open_store(app.store_dir) as store:
        store.save_sheet(sheet)
    return sheet.sheet_id


def test_a_returned_sheet_shows_the_supervisors_comment(
    browser: Browser, screens: Screens, live: LiveService, tickets: list[str], tmp_path: Path
) -> None:
    app = start_app(tmp_path / "app", service_root(live))
    try:
        page = browser.open(app.url, PHONE)
        sign_in(page)
        wait_for_text(page, CUSTOMERS[0])
        page.context.close()
        app.stop()
        sheet_id = put_signed_sheet(app, tickets[0], live.login("tech_a").id)
        app.restart()  # syncs at start: the sheet goes to the service
        boss = live.login("boss")
        deadline = time.monotonic() + 20
        while boss.get(f"/sheets/{sheet_id}").status_code != 200:
            assert time.monotonic() < deadline, "the sheet never reached the service"
            time.sleep(0.2)
        returned = boss.post(
            f"/reviews/{sheet_id}/return", json={"revision": 1, "comment": "请补拍铭牌照片"}
        )
        assert returned.status_code == 200, returned.text
        page = browser.open(app.url, PHONE)
        open_tab(page, "待发送")
        click(page, page.get_by_role("button", name="立即同步"))
        open_tab(page, "今日工单")
        wait_for_text(page, "主管退回：请补拍铭牌照片", timeout=20)
        screens.shot(page, "returned-in-list")
        click(page, page.locator(f"[flt-semantics-identifier='job-{tickets[0]}']"))
        wait_for_text(page, "主管退回意见")
        screens.shot(page, "returned-in-job")
        page.context.close()
    finally:
        app.stop()


TOKEN_TTL = 12  # seconds: long enough to sign in and open the job under load


def test_an_expired_sign_in_asks_for_the_password_and_keeps_queued_work(
    browser: Browser, screens: Screens, tmp_path: Path
) -> None:
    folder = tmp_path / "short-token-service"
    folder.mkdir()
    service_runs = running_service("sqlite", folder, FIELDAPP_TOKEN_TTL_SECONDS=str(TOKEN_TTL))
    service = next(service_runs)
    (ticket,) = book_jobs(service, "tech_b", ("周敏",))
    app = start_app(tmp_path / "app", service_root(service))
    try:
        page = browser.open(app.url, PHONE)
        sign_in(page, "tech_b")
        wait_for_text(page, "周敏")
        signed_in = time.monotonic()  # the token was issued before the list showed
        click(page, page.locator(f"[flt-semantics-identifier='job-{ticket}']"))
        wait_for_text(page, "开始上门")
        # The token expires; the visit starts offline-style, queued.
        time.sleep(max(0.0, signed_in + TOKEN_TTL + 2 - time.monotonic()))
        click(page, page.locator("[flt-semantics-identifier='start-visit']"))
        seen = wait_for_text(page, "登录已过期", timeout=30)  # the sync round was refused
        assert "未发送的更改都已保留" in seen
        screens.shot(page, "expired")
        fill(page, "password", "correct-horse-battery")
        click(page, page.get_by_role("button", name="登录"))
        wait_for_text(page, "周敏")
        wait_for_text(page, "已全部发送", timeout=30)  # the queued sheet went out
        page.context.close()
        app.stop()
        with open_store(app.store_dir) as store:
            (sheet,) = store.list_sheets(ticket_no=ticket)
            assert not sheet.pending
        assert service.login("boss").get(f"/sheets/{sheet.sheet_id}").status_code == 200
    finally:
        app.stop()
        next(service_runs, None)
