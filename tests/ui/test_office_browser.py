"""The back office in Chromium against a real service: the closed loop of one visit, a
decision made too late, and every screen at tablet and desktop sizes.

A technician's phone is played by :class:`tests.ui.office_harness.Phone` pushing signed
sheets through the real sync API; supervisors and clerks use the real back office
(``fieldapp office``) in their own browser contexts.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.support.api import call
from tests.ui.harness import AppProcess, Browser, Screens, click, semantics_text
from tests.ui.office_harness import (
    ADMIN,
    CLERK,
    DESKTOP,
    SUPERVISOR,
    TABLET,
    Phone,
    go,
    sign_in,
    start_office,
    wait_for,
)
from tests.ui.visit_harness import (
    DemoService,
    demo_service,
    node,
    photo_file,
    settle,
    tap_id,
    type_into,
)

# One service for the module, its tests in order: they run in one test process.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("office")]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoService]:
    service = demo_service(tmp_path_factory.mktemp("office-demo"))
    yield service
    service.stop()


@pytest.fixture(scope="module")
def office(demo: DemoService, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppProcess]:
    app = start_office(tmp_path_factory.mktemp("office"), demo.url)
    yield app
    app.stop()


@pytest.fixture(scope="module")
def phone(demo: DemoService) -> Phone:
    return Phone(demo)


@pytest.fixture(scope="module")
def jobs(demo: DemoService, phone: Phone) -> list[dict[str, Any]]:
    """tech1's demo jobs, taken once: the closed loop, the centre unit, the late decision."""
    orders = demo.get(f"/work-orders?technician_id={phone.client.id}&limit=200")["items"]
    mine = sorted(
        (o for o in orders if o["status"] == "assigned"), key=lambda o: str(o["ticket_no"])
    )
    assert len(mine) >= 3
    return mine


@pytest.fixture(scope="module")
def centre_unit(demo: DemoService, phone: Phone, jobs: list[dict[str, Any]]) -> str:
    """A unit taken back to the centre, its customer with a loaner: the 返修机 and 备用机
    screens have something to show."""
    ticket = str(jobs[1]["ticket_no"])
    phone.submit(ticket, 1, outcome="return_to_centre")
    loaner = next(u for u in demo.get("/loaners") if u["status"] == "available")
    due = (date.today() + timedelta(days=5)).isoformat()
    demo.post(
        f"/loaners/{loaner['serial']}/lend", {"ticket_no": ticket, "due_date": due}, who=CLERK
    )
    return ticket


def _open(browser: Browser, office: AppProcess, size: tuple[int, int], who: tuple[str, str]) -> Any:
    page = browser.open(office.url, size)
    sign_in(page, who)
    return page


def _type(page: Any, identifier: str, value: str) -> None:
    type_into(page, identifier, value, delay_ms=15)


def _until_gone(page: Any, words: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while words in semantics_text(page):
        assert time.monotonic() < deadline, f"{words!r} is still on the screen"
        time.sleep(0.15)


def _surveyed(page: Any) -> str:
    go(page, "统计")
    return wait_for(page, "报告单，")


def _customers_surveyed(dashboard: str) -> int:
    """The dashboard's "回访 N 人" (customers called back in the period)."""
    found = re.search(r"回访 (\d+) 人", dashboard)
    assert found, dashboard[-2000:]
    return int(found.group(1))


def _untouched(demo: DemoService, phone: Phone, job: dict[str, Any]) -> dict[str, Any]:
    """``job`` if nothing has happened to it yet, else a call recorded now for the same
    technician: a rerun (a hung renderer) must not find its first try's sheet."""
    if demo.get(f"/work-orders/{job['ticket_no']}")["status"] == "assigned":
        return job
    created = demo.post("/work-orders", call(customer=job["customer"]), who=CLERK)
    ticket = created["ticket_no"]
    demo.post(f"/work-orders/{ticket}/assign", {"technician_id": phone.client.id})
    return dict(demo.get(f"/work-orders/{ticket}"))


def test_the_closed_loop_of_one_visit(
    browser: Browser, office: AppProcess, demo: DemoService, phone: Phone, screens: Screens,
    tmp_path: Path, jobs: list[dict[str, Any]],
) -> None:  # fmt: skip
    job = _untouched(demo, phone, jobs[0])
    ticket = job["ticket_no"]
    sheet = phone.submit(ticket, 1)

    boss = _open(browser, office, DESKTOP, SUPERVISOR)
    surveyed_before = _customers_surveyed(_surveyed(boss))
    screens.shot(boss, "dashboard-before")
    go(boss, "审批")
    wait_for(boss, ticket)
    screens.shot(boss, "queue")

    # The supervisor returns it with a comment on the charges.
    tap_id(boss, f"row-{ticket}")
    wait_for(boss, "审批记录")
    wait_for(boss, "还没有审批")
    screens.shot(boss, "sheet")
    tap_id(boss, "return")
    tap_id(boss, "return-section-charges")
    _type(boss, "return-comment", "上门费未列明，请补上收费项目")
    screens.shot(boss, "returning")
    tap_id(boss, "return-send")
    wait_for(boss, "已退回给技术员")
    assert "退回" in wait_for(boss, "上门费未列明")

    # The technician resubmits with the charge; the supervisor sees what changed, approves.
    phone.submit(ticket, 2, sheet_id=sheet["sheet_id"], charged=True)
    tap_id(boss, "back-to-queue")
    wait_for(boss, ticket)
    tap_id(boss, f"row-{ticket}")
    changed = wait_for(boss, "上次审批后的修改")
    assert "收费" in changed and "50.00 元" in changed
    screens.shot(boss, "what-changed")
    tap_id(boss, "approve")
    wait_for(boss, "已审批通过")
    screens.shot(boss, "approved")
    tap_id(boss, "photo-repair-0")  # the repair photo, tapped to enlarge
    boss.get_by_role("alertdialog").first.wait_for(state="attached", timeout=15_000)
    screens.shot(boss, "photo-enlarged")
    tap_id(boss, "close-photo")
    boss.get_by_role("alertdialog").first.wait_for(state="detached", timeout=15_000)
    with boss.expect_download(timeout=60_000) as download:
        tap_id(boss, "pdf")
    assert download.value.suggested_filename == f"{ticket}.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    # A clerk makes the follow-up call, records a complaint about the visit and closes it.
    clerk = _open(browser, office, DESKTOP, CLERK)
    go(clerk, "回访")
    wait_for(clerk, ticket)
    tap_id(clerk, f"make-call-{ticket}")
    wait_for(clerk, "您好")
    for choice in ("unit_working-yes", "attitude-5", "repair_quality-4", "response_speed-5"):
        tap_id(clerk, choice)
    tap_id(clerk, "satisfied-yes")
    screens.shot(clerk, "follow-up")
    tap_id(clerk, "follow-up-save")
    wait_for(clerk, "回访结果已保存")

    go(clerk, "客投")
    tap_id(clerk, "complaint-new")
    _type(clerk, "complaint-customer_name", job["customer"]["name"])
    _type(clerk, "complaint-customer_phone", job["customer"]["phone"])
    _type(clerk, "complaint-ticket_no", ticket)
    _type(clerk, "complaint-details", "上门费事先没有说清楚")
    tap_id(clerk, "cause-charges")
    screens.shot(clerk, "complaint-form")
    tap_id(clerk, "complaint-save")
    counting = wait_for(clerk, "还剩 23 小时")
    assert "收费" in counting
    screens.shot(clerk, "complaint-countdown")
    close = clerk.locator("[flt-semantics-identifier^='close-']").first
    tap_id(clerk, str(close.get_attribute("flt-semantics-identifier")))
    _type(clerk, "complaint-action", "已向客户说明上门费标准并致歉")
    _type(clerk, "complaint-follow-up", "客户表示理解")
    tap_id(clerk, "complaint-close")
    wait_for(clerk, "已在 24 小时内答复")
    screens.shot(clerk, "complaint-closed")

    # The supervisor sees the complaint on the sheet.
    go(boss, "审批")
    tap_id(boss, "status-approved")
    wait_for(boss, ticket)
    tap_id(boss, f"row-{ticket}")
    assert "上门费事先没有说清楚" in wait_for(boss, "相关客投")

    # A loaner comes back, with a photo of its condition.
    loaner = next(u for u in demo.get("/loaners") if u["status"] == "available")
    demo.post(
        f"/loaners/{loaner['serial']}/lend",
        {"ticket_no": ticket, "due_date": (date.today() + timedelta(days=3)).isoformat()},
        who=CLERK,
    )
    go(clerk, "备用机")
    wait_for(clerk, loaner["serial"])
    screens.shot(clerk, "loaners")
    tap_id(clerk, f"loaner-back-{loaner['serial']}")
    _type(clerk, "loaner-condition", "外壳完好，附件齐全")
    with clerk.expect_file_chooser() as chooser:
        tap_id(clerk, "loaner-photo")
    chooser.value.set_files(str(photo_file(tmp_path, "loaner.jpg", (800, 600))))
    wait_for(clerk, "已添加 1 张照片")
    tap_id(clerk, "loaner-return-save")
    wait_for(clerk, f"备用机 {loaner['serial']} 已归还入库")
    screens.shot(clerk, "loaner-back")
    back = next(u for u in demo.get("/loaners") if u["serial"] == loaner["serial"])
    assert back["status"] == "available"

    # The dashboard's numbers moved: one customer surveyed now.
    after = _surveyed(boss)
    assert _customers_surveyed(after) == surveyed_before + 1
    assert "技术员对比" in after  # the technicians side by side, as a chart
    chart = node(boss, "dashboard-chart")
    assert chart.count() == 1
    # One table row per technician; tapping 张伟 (tech1, whose sheet this was) opens his
    # every figure beside the overall ones.
    table = node(boss, "dashboard-technicians")
    click(boss, table.get_by_text("张伟", exact=True).first)
    cards = boss.locator("[flt-semantics-identifier^='figures-']")
    deadline = time.monotonic() + 30
    while cards.count() < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert cards.count() == 2, "a technician's row opens his figures"
    screens.shot(boss, "dashboard-after")


def test_a_decision_made_too_late_is_explained_in_words(
    browser: Browser, office: AppProcess, phone: Phone, screens: Screens,
    jobs: list[dict[str, Any]],
) -> None:  # fmt: skip
    ticket = jobs[2]["ticket_no"]
    sheet = phone.submit(ticket, 1)
    boss = _open(browser, office, TABLET, SUPERVISOR)
    wait_for(boss, ticket)
    tap_id(boss, f"row-{ticket}")
    wait_for(boss, "审批记录")
    phone.submit(ticket, 2, sheet_id=sheet["sheet_id"], symptoms="灯泡老化，已更换")
    tap_id(boss, "approve")
    late = wait_for(boss, "重新打开")
    assert "技术员" in late and "新的内容" in late
    screens.shot(boss, "too-late")
    tap_id(boss, "open-again")
    wait_for(boss, "版本之间的修改")
    tap_id(boss, "approve")
    wait_for(boss, "已审批通过")
    screens.shot(boss, "approved-after-reopening")


PLACES = {
    SUPERVISOR: (
        "审批",
        "工单",
        "回访",
        "客投",
        "备用机",
        "返修机",
        "客户通知",
        "统计",
        "核对纸质单",
    ),
    CLERK: ("工单", "回访", "客投", "备用机", "返修机", "客户通知", "核对纸质单"),
    ADMIN: ("账号", "审批", "回访", "客投"),
}


@pytest.mark.parametrize("size", [TABLET, DESKTOP], ids=["tablet", "desktop"])
def test_every_screen_for_every_role(
    browser: Browser, office: AppProcess, size: tuple[int, int], screens: Screens,
    centre_unit: str,
) -> None:  # fmt: skip
    page = browser.open(office.url, size)
    wait_for(page, "售后服务后台")
    screens.shot(page, "sign-in")
    type_into(page, "username", "clerk", delay_ms=15)
    type_into(page, "password", "wrong-password", delay_ms=15)
    tap_id(page, "sign-in")
    wait_for(page, "密码")
    screens.shot(page, "wrong-password")
    page.context.close()
    for who, places in PLACES.items():
        page = _open(browser, office, size, who)
        rail = semantics_text(page)
        count = {SUPERVISOR: 9, CLERK: 7, ADMIN: 10}[who]
        assert f"共 {count} 个" in rail, who  # the rail's tabs: "第 1 个标签，共 9 个"
        assert all(place in rail for place in places)
        for place in places:
            go(page, place)
            settle(page)
            if place == "返修机":
                assert "承诺" in wait_for(page, centre_unit)
            if who == ADMIN and place == "客投":
                assert node(page, "complaint-new").count() == 0  # admins read, never record
            screens.shot(page, f"{who[0]}-{place}")
        if who == CLERK:
            tap_id(page, "language")
            wait_for(page, "Follow-up calls")
            go(page, "Work orders")
            settle(page)
            screens.shot(page, "clerk-english")
        page.context.close()


def test_a_call_recorded_gets_its_ticket_and_is_assigned(
    browser: Browser, office: AppProcess, demo: DemoService, screens: Screens
) -> None:
    clerk = _open(browser, office, DESKTOP, CLERK)
    wait_for(clerk, "登记报修")
    _type(clerk, "call-customer-phone", "12")
    _type(clerk, "call-customer-name", "周子健")
    _type(clerk, "call-product-serial", "PJ52XXXX")
    wait_for(clerk, "手机号应为 11 位数字，现在是 2 位")
    wait_for(clerk, "机身编号应为 13 位")
    screens.shot(clerk, "call-checked-as-typed")
    _type(clerk, "call-product-serial", "X")
    clerk.keyboard.press("Backspace")  # the serial is optional: left empty
    _type(clerk, "call-customer-phone", "13912345678")
    _type(clerk, "call-customer-address", "上海市徐汇区漕溪北路 88 号")
    _type(clerk, "call-product-brand", "明辉")
    _type(clerk, "call-product-model", "MH-P520")
    _type(clerk, "call-reported_fault", "无法开机")
    screens.shot(clerk, "call-typed")
    tap_id(clerk, "call-record")
    text = wait_for(clerk, "报修单号告诉客户")
    ticket = node(clerk, "new-ticket").inner_text() or ""
    screens.shot(clerk, "call-recorded")
    orders = demo.get("/work-orders?limit=5")["items"]
    assert orders[0]["customer"]["name"] == "周子健"
    assert orders[0]["ticket_no"] in text or orders[0]["ticket_no"] == ticket

    boss = _open(browser, office, DESKTOP, SUPERVISOR)
    go(boss, "工单")
    number = orders[0]["ticket_no"]
    tap_id(boss, f"order-{number}")
    wait_for(boss, "各技术员的工作")
    screens.shot(boss, "assign")
    tap_id(boss, "assign-tech2")
    wait_for(boss, "已派给")
    assert demo.get(f"/work-orders/{number}")["status"] == "assigned"
    _type(boss, "cancel-reason", "客户已自行修好")
    tap_id(boss, "cancel-order")
    wait_for(boss, "工单已取消")
    assert demo.get(f"/work-orders/{number}")["status"] == "cancelled"


def test_an_admin_adds_an_account_disables_it_and_releases_a_phone(
    browser: Browser, office: AppProcess, demo: DemoService, screens: Screens
) -> None:
    # 刘洋 (tech2) signs in on a phone that is then handed over: the admin releases it.
    # A rerun (a hung renderer) finds the first try's account and phone in the module's
    # service: each try has its own.
    attempt = time.strftime("%H%M%S")
    username, handed_over = f"li.qiang{attempt}", f"phone-handed-over-{attempt}"
    login = requests.post(
        f"{demo.api}/auth/login",
        json={"username": "tech2", "password": "tech2-demo", "device_id": handed_over},
        timeout=10,
    )
    assert login.status_code == 200, login.text
    admin = _open(browser, office, TABLET, ADMIN)
    go(admin, "账号")
    listed = wait_for(admin, handed_over)
    # No 停用 on the admin's own row: nobody locks themselves out.
    assert "（本人）" in listed and node(admin, "account-disable-admin").count() == 0
    assert node(admin, "account-disable-clerk").count() == 1
    tap_id(admin, "account-add")
    _type(admin, "account-username", "Li Qiang")
    _type(admin, "account-display_name", "李强")
    _type(admin, "account-password", "first-pass-1")
    tap_id(admin, "account-save")
    wait_for(admin, "请选择角色")
    # The username's mistake, on its field (its text fades in where the hint was).
    wait_for(admin, "以字母或数字开头", timeout=5)
    kept = admin.locator("[flt-semantics-identifier='account-display_name'] input").first
    assert kept.input_value() == "李强"  # what was typed is still there
    screens.shot(admin, "account-mistakes")
    _type(admin, "account-username", username)
    tap_id(admin, "role-technician")
    # The role's message goes and the form moves up a line: tap 添加账号 where it now is.
    _until_gone(admin, "请选择角色")
    tap_id(admin, "account-save")
    wait_for(admin, f"账号 {username} 已添加")
    assert requests.post(
        f"{demo.api}/auth/login",
        json={"username": username, "password": "first-pass-1", "device_id": f"phone-{attempt}"},
        timeout=10,
    ).ok, "the new account signs in"
    screens.shot(admin, "account-added")

    tap_id(admin, f"account-disable-{username}")
    wait_for(admin, f"账号 {username} 已停用")
    node(admin, f"account-enable-{username}").wait_for(state="attached", timeout=15_000)

    tap_id(admin, f"release-{handed_over}")
    wait_for(admin, "确定吗")  # asked before a phone is signed out
    screens.shot(admin, "phone-release-asked")
    tap_id(admin, f"release-yes-{handed_over}")
    wait_for(admin, f"手机 {handed_over} 已解除登记")
    gone = requests.get(
        f"{demo.api}/work-orders",
        headers={"Authorization": f"Bearer {login.json()['access_token']}"},
        timeout=10,
    )
    assert gone.status_code == 401, "the released phone is signed out"
    screens.shot(admin, "phone-released")


def test_an_overdue_loaner_is_counted_and_gets_a_follow_up_call(
    browser: Browser, office: AppProcess, demo: DemoService, screens: Screens
) -> None:
    """The service refuses a due date in the past, so the loan is made due two days ago in
    the demo's database, as the calendar would have done."""
    orders = demo.get("/work-orders?limit=200")["items"]
    order = next(o for o in orders if o["status"] == "assigned" and o["customer"]["name"])
    pool = demo.get("/loaners")
    loaner = next(u for u in pool if u["status"] == "available")
    # A rerun finds the first try's loan still overdue.
    overdue_before = sum(1 for u in pool if (u["current_loan"] or {}).get("overdue_days", 0) > 0)
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    demo.post(
        f"/loaners/{loaner['serial']}/lend",
        {"ticket_no": order["ticket_no"], "due_date": (today + timedelta(days=3)).isoformat()},
        who=CLERK,
    )
    with sqlite3.connect(demo.folder / "fieldapp.sqlite3") as db:
        changed = db.execute(
            "UPDATE loans SET due_date = ? WHERE returned_at IS NULL AND loaner_id ="
            " (SELECT id FROM loaners WHERE serial = ?)",
            ((today - timedelta(days=2)).isoformat(), loaner["serial"]),
        ).rowcount
    assert changed == 1

    clerk = _open(browser, office, DESKTOP, CLERK)
    go(clerk, "备用机")
    said = wait_for(clerk, "逾期 2 天")
    assert loaner["serial"] in said and f"逾期 {overdue_before + 1} 台" in said
    screens.shot(clerk, "loaner-overdue")
    go(clerk, "回访")
    calls = wait_for(clerk, "备用机逾期未还")
    assert order["ticket_no"] in calls
    screens.shot(clerk, "overdue-loaner-call")
