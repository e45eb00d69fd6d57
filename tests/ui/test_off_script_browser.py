"""Off the scripted walks, at phone size in Chinese (issue 16): what a technician types is
what the field keeps, the charges count and name what they charge.

- the job search keeps every key typed into the empty box (it kept only the first);
- a value the app filled in (故障现象 from the reported fault, 用户姓名 from the customer) is
  replaced by what is typed over it, never merged into it at the caret;
- a half-typed serial is not called wrong in red; its length is said once the field is left;
- a charge line counts in the price list's unit (× 2 of 30 minutes), other models' parts
  come last and say whose they are, and the line's buttons are named in words.

One service and one app process for the module (its tests in order, one xdist group); a
screenshot of each screen under ``test-artifacts/screens/``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from fieldapp.domain.serial import make_serial
from tests.support.service import PASSWORD, LiveService
from tests.ui.conftest import book_jobs, service_root
from tests.ui.harness import PHONE, AppProcess, Browser, Screens, run_js, start_app, wait_for_text
from tests.ui.visit_harness import (
    choose,
    click,
    node,
    screen_text,
    scroll_to,
    show,
    tap_id,
    type_into,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("off_script")]

CUSTOMER = "赵丽华"
P880_SERIAL = make_serial("PJ88", date(2025, 3, 1), 321)  # the unit on site: charged


@pytest.fixture(scope="module")
def tickets(live: LiveService) -> list[str]:
    return book_jobs(live, "tech_a", (CUSTOMER, "周志强"))


@pytest.fixture(scope="module")
def app(
    live: LiveService, tickets: list[str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppProcess]:
    running = start_app(tmp_path_factory.mktemp("off-script-app"), service_root(live))
    yield running
    running.stop()


def opened(browser: Browser, app: AppProcess) -> Any:
    """The app at phone size, signed in (once per app: the phone remembers it)."""
    page = browser.open(app.url, PHONE)
    seen = screen_text(page)
    deadline = time.monotonic() + 30
    while "技术员登录" not in seen and "今日工单" not in seen and time.monotonic() < deadline:
        time.sleep(0.2)
        seen = screen_text(page)
    if "技术员登录" in seen:
        # Each key checked kept (a fast fill can lose one on this shared machine's load).
        type_into(page, "username", "tech_a", delay_ms=80)
        type_into(page, "password", PASSWORD, delay_ms=80)
        tap_role_named(page, "登录")
    wait_for_text(page, "今日工单", timeout=60)  # the first sign-in pulls the day's jobs
    return page


def focused_value(page: Any, identifier: str) -> str | None:
    """What the focused field holds, or None when the focus is not in ``identifier``."""
    return run_js(  # type: ignore[no-any-return]
        page,
        """(id) => { const a = document.activeElement;
             return a && a.closest(`[flt-semantics-identifier='${id}']`) ? a.value : null; }""",
        identifier,
    )


def field_box(page: Any, identifier: str) -> Any:
    target = page.locator(
        f"[flt-semantics-identifier='{identifier}'] input, "
        f"[flt-semantics-identifier='{identifier}'] textarea"
    ).first
    target.wait_for(state="attached", timeout=30_000)
    return scroll_to(page, target)


def type_over(page: Any, identifier: str, x_offset: float, words: str) -> str | None:
    """Tap ``x_offset`` px into the field (inside what it shows), pause as a person does,
    type ``words`` a key at a time; what the field then holds."""
    box = field_box(page, identifier)
    page.mouse.click(box["x"] + x_offset, box["y"] + min(box["height"], 56) / 2)
    time.sleep(0.6)
    page.keyboard.type(words, delay=150)
    time.sleep(0.8)  # each key's round trip, and the save a moment after the last
    return focused_value(page, identifier)


def test_the_job_search_keeps_every_key_typed(
    browser: Browser, screens: Screens, app: AppProcess, tickets: list[str]
) -> None:
    page = opened(browser, app)
    wanted = tickets[1][-4:]  # e.g. 0002: the first key turns the list into search results
    box = field_box(page, "search")
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    time.sleep(0.4)
    page.keyboard.type(wanted, delay=150)
    time.sleep(0.8)
    screens.shot(page, "search-typed")
    assert focused_value(page, "search") == wanted  # every key, and still in the box
    seen = wait_for_text(page, tickets[1])
    assert "找到" in seen


def test_typing_over_what_the_app_filled_in_and_a_charge_counted_in_its_unit(
    browser: Browser, screens: Screens, app: AppProcess, tickets: list[str]
) -> None:
    page = opened(browser, app)
    tap_id(page, f"job-{tickets[0]}", timeout=30)
    tap_id(page, "start-visit", timeout=30)
    node(page, "visit-next").wait_for(state="attached", timeout=30_000)

    # A half-typed serial is not wrong yet; the field left, its length is said.
    tap_id(page, "step-product")
    wait_for_text(page, "机身编号（按铭牌输入）")
    box = field_box(page, "product-serial_read")
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    time.sleep(0.4)
    page.keyboard.type(P880_SERIAL[:6], delay=150)
    time.sleep(1.2)  # past the save of the burst
    typing = screen_text(page)
    screens.shot(page, "serial-half-typed")
    assert focused_value(page, "product-serial_read") == P880_SERIAL[:6]
    assert "应为 13 位" not in typing, typing[-1500:]
    page.keyboard.press("Tab")  # on to the next control: the serial field is left
    wait_for_text(page, "机身编号应为 13 位，现为 6 位")
    screens.shot(page, "serial-left")
    type_into(page, "product-serial_read", P880_SERIAL)
    choose(page, "MH-P880 · 明辉 P880 商务激光投影机")
    wait_for_text(page, "收费维修")

    # 故障现象, filled in from the reported fault: tapped inside its text and typed over.
    tap_id(page, "step-diagnosis")
    wait_for_text(page, "故障原因")  # (a value the app filled in is not in the page's text)
    assert type_over(page, "diagnosis-symptoms", 40, "不开机") == "不开机"
    screens.shot(page, "symptoms-typed-over")

    # Charges: in the price list's unit and quantity; other models' parts last, said so.
    tap_id(page, "step-charges")
    seen = wait_for_text(page, "收费明细（按价目表）")
    # This unit's model first, then the other models' parts under their heading.
    assert seen.index("激光光源模组") < seen.index("其他机型的项目") < seen.index("液晶屏组件")
    assert "MH-P880，请核对）" in seen and "（用于" in seen
    tap_id(page, "charge-LB-30")
    wait_for_text(page, "合计 ¥40.00")
    tap_role_named(page, "增加 1：维修工时费（每30分钟）")
    seen = wait_for_text(page, "合计 ¥80.00")
    assert "× 2" in seen and "= ¥80.00" in seen
    tap_id(page, "charge-PT-D65-PANEL")
    wait_for_text(page, "此项用于 MH-D65，本机为 MH-P880：请核对")
    show(page, "charge-line-PT-D65-PANEL")
    screens.shot(page, "charges-other-model")
    tap_role_named(page, "移除收费项目：D65 液晶屏组件")
    seen = wait_for_text(page, "合计 ¥80.00")
    assert "此项用于" not in seen  # gone from the charges, offered again
    screens.shot(page, "charges-counted")

    # 用户姓名, filled in from the customer: tapped inside the name and typed over.
    tap_id(page, "step-sign_off")
    wait_for_text(page, "用户姓名")
    assert type_over(page, "sign_off-signer_name", 25, "李明") == "李明"
    screens.shot(page, "signer-typed-over")


def tap_role_named(page: Any, name: str) -> None:
    """Tap the button whose accessible name is ``name`` (it must have one, in words)."""
    target = page.get_by_role("button", name=name, exact=True).first
    target.wait_for(state="attached", timeout=15_000)
    click(page, target)
