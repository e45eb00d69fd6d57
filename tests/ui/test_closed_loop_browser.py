"""The rework loop with two browsers against one real service: the technician's real app
(Chromium at phone size) submits a charged visit; the supervisor, in the back office
(Chromium at tablet size), returns it with a comment on the charges; the technician sees
the comment, the visit reopens at the charges, he adds the missing fee, the customer agrees
and signs again, and the revision goes out; the supervisor sees what changed and approves,
and the technician's app shows it approved.

The clerk's part of the loop (follow-up call, complaint, loaner back, dashboard) is in
``test_office_browser.py``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fieldapp.domain.serial import make_serial
from tests.ui.harness import PHONE, Browser, Screens, start_app, wait_for_text
from tests.ui.office_harness import SUPERVISOR, TABLET, go, start_office, wait_for
from tests.ui.office_harness import sign_in as office_sign_in
from tests.ui.visit_harness import (
    checked,
    choose,
    demo_service,
    open_job,
    sign_in,
    sign_on_pad,
    tap_id,
    tap_role,
    tick,
    type_into,
)
from tests.ui.visit_walk import (
    CUSTOMER,
    FIXED_CHECK,
    arrival_and_etiquette,
    outcome_departure_sign,
    repair_noted,
    service_holds_it_complete,
    start_visit,
)

pytestmark = pytest.mark.browser


def test_a_sheet_returned_for_its_charges_is_corrected_on_the_phone_and_approved(
    browser: Browser, screens: Screens, tmp_path: Path
) -> None:
    service = demo_service(tmp_path / "service")
    app = start_app(tmp_path / "app", service.url)
    office = start_office(tmp_path / "office", service.url)
    try:
        order = service.order_of(CUSTOMER)
        ticket = order["ticket_no"]
        phone = browser.open(app.url, PHONE)
        # 1. The technician's visit: another model on site, so charged; the call-out fee
        #    is forgotten — only the labour is charged.
        sign_in(phone)
        start_visit(phone, ticket, screens)
        arrival_and_etiquette(phone, screens)
        type_into(phone, "product-serial_read", make_serial("PJ88", date(2025, 3, 1), 321))
        choose(phone, "MH-P880 · 明辉 P880 商务激光投影机")
        wait_for_text(phone, "收费维修")
        tap_id(phone, "visit-next")
        wait_for_text(phone, "故障现象")
        choose(phone, "产品本身故障")
        tap_id(phone, "visit-next")
        wait_for_text(phone, "收费明细（按价目表）")
        tap_id(phone, "charge-LB-30")
        wait_for_text(phone, "合计 ¥40.00")
        tap_id(phone, "charges-agree")
        wait_for_text(phone, "用户已于")
        tap_id(phone, "visit-next")
        repair_noted(phone, screens, "检修电源板")
        outcome_departure_sign(phone, screens)
        first = service_holds_it_complete(service, ticket)
        assert [line["code"] for line in first["sheet"]["charges"]["lines"]] == ["LB-30"]

        # 2. The supervisor returns it, naming the charges.
        boss = browser.open(office.url, TABLET)
        office_sign_in(boss, SUPERVISOR)
        go(boss, "审批")
        wait_for(boss, ticket)
        tap_id(boss, f"row-{ticket}")
        wait_for(boss, "还没有审批")
        tap_id(boss, "return")
        tap_id(boss, "return-section-charges")
        type_into(boss, "return-comment", "上门费漏收，请补上", delay_ms=15)
        tap_id(boss, "return-send")
        wait_for(boss, "已退回给技术员")
        screens.shot(boss, "returned")

        # 3. The technician sees the comment, and the visit reopens at the charges.
        tap_role(phone, "tab", "待发送")
        tap_role(phone, "button", "立即同步")
        tap_role(phone, "tab", "今日工单")
        wait_for_text(phone, "上门费漏收", timeout=30)
        screens.shot(phone, "returned-in-list")
        open_job(phone, ticket)
        tap_id(phone, "start-visit")
        wait_for_text(phone, "收费明细（按价目表）", timeout=30)
        seen = wait_for_text(phone, "上门费漏收")
        assert "主管退回" in seen
        screens.shot(phone, "reopened-at-charges")
        tap_id(phone, "charge-SV-VISIT")
        wait_for_text(phone, "合计 ¥90.00")
        tap_id(phone, "charges-agree")  # the customer agrees to the corrected charges
        wait_for_text(phone, "用户已于")
        screens.shot(phone, "charges-corrected")
        for expected in ("开始维修：", "现场修复", "九不准"):
            tap_id(phone, "visit-next")
            wait_for_text(phone, expected, timeout=20)
        tap_id(phone, "visit-next")
        wait_for_text(phone, "全部完成，可以请用户验收签名", timeout=20)
        # What the customer signed changed: the signature is asked anew.
        if not checked(phone, FIXED_CHECK):
            tick(phone, FIXED_CHECK)
        choose(phone, "★★★★★")
        sign_on_pad(phone)
        tap_id(phone, "sign")
        wait_for_text(phone, "用户已签名", timeout=30)
        tap_id(phone, "submit")
        wait_for_text(phone, "报告单已提交", timeout=30)
        screens.shot(phone, "resubmitted")

        # 4. The supervisor sees what changed in the revision, and approves.
        tap_id(boss, "back-to-queue")
        wait_for(boss, ticket, timeout=60)
        tap_id(boss, f"row-{ticket}")
        changed = wait_for(boss, "上次审批后的修改", timeout=60)
        screens.shot(boss, "what-changed")
        since = changed[changed.index("上次审批后的修改") :][:800]
        assert "收费" in since and "50.00 元" in since, since  # the call-out fee, added
        tap_id(boss, "approve")
        wait_for(boss, "已审批通过")
        screens.shot(boss, "approved")
        held = service.get(f"/sheets/{first['sheet']['sheet_id']}")
        assert held["sheet"]["revision"] == 2
        assert [line["code"] for line in held["sheet"]["charges"]["lines"]] == [
            "LB-30",
            "SV-VISIT",
        ]

        # 5. The technician's app learns it was approved.
        tap_role(phone, "tab", "待发送")
        tap_role(phone, "button", "立即同步")
        tap_role(phone, "tab", "今日工单")
        open_job(phone, ticket)
        wait_for_text(phone, "已通过审批", timeout=30)
        screens.shot(phone, "approved-on-the-phone")
        go(boss, "审批")  # the office page stays usable to the end
    finally:
        office.stop()
        app.stop()
        service.stop()
