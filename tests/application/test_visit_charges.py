"""Charged work and the customer's agreement, on a real store: charged work waits for the
agreement; a charge that arises mid-repair is agreed while the work is stopped; no order of
taps leaves a charged visit that can never be signed (issue 16, defect 1)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from fieldapp.application import Device
from fieldapp.application.visit import ChangeRefused, Visit
from fieldapp.application.visit_forms import (
    add_charge,
    agree_charges,
    pause_repair,
    save_diagnosis,
    save_outcome,
    save_repair,
    set_shown,
    start_repair,
)
from fieldapp.application.visit_steps import VisitStep
from fieldapp.domain.serial import make_serial
from fieldapp.domain.signed_summary import signed_summary, summary_lines
from fieldapp.domain.signing import signature_matches
from fieldapp.store import ReviewDecision, ReviewResult
from tests.application.conftest import NOW, an_order
from tests.application.test_visit import open_visit, product, sign

OTHER_MODEL = make_serial("PJ88", date(2025, 8, 1), 77)  # a P880's serial: charged


@pytest.fixture
def phone(device: Device) -> Iterator[Device]:
    """A signed-in device (then offline), a clock a second on at each reading, one job."""
    device.sign_in("http://svc", "tech1", "right")
    device.close()
    clock = iter(NOW + timedelta(seconds=n) for n in range(100_000))
    offline = Device(device.store_dir, vault=device.vault, clock=lambda: next(clock))
    offline.store.apply_work_order(an_order(1, appointment=NOW))
    yield offline
    offline.close()


def ready_for_the_repair(visit: Visit, *, serial: str | None = None) -> None:
    """Arrival, etiquette, product check (``serial``: another model's makes it charged)."""
    set_shown(visit, "work_id_shown", True)
    set_shown(visit, "work_order_shown", True)
    for item in ("greeting", "clean_cloth", "shoe_covers"):
        visit.tick("five_ones", item, True)
    for item in ("tool_bag", "work_clothes", "work_badge"):
        visit.tick("appearance", item, True)
    assert product(visit, **({"serial_read": serial} if serial else {})) == []


def finish_and_sign(visit: Visit) -> None:
    assert save_repair(visit, {"actions": "更换灯泡组件", "labour_minutes": "40"}) == []
    assert save_outcome(visit, {"kind": "fixed"}) == []
    visit.tick("five_ones", "beauty", True)
    visit.attest_nine_rules(True)
    assert [g.missing.path for g in visit.gate()] == []
    assert sign(visit) == []
    assert visit.sheet.sign_off is not None and signature_matches(visit.sheet)


def gate_paths(visit: Visit) -> list[str]:
    return [g.missing.path for g in visit.gate()]


def test_charged_work_does_not_start_before_the_customer_agrees(phone: Device) -> None:
    visit = open_visit(phone)
    ready_for_the_repair(visit, serial=OTHER_MODEL)
    assert visit.verdict().charged
    save_diagnosis(visit, {"symptoms": "不开机", "cause": "unit_fault"})

    with pytest.raises(ChangeRefused) as no_lines:
        start_repair(visit)
    assert "收费" in no_lines.value.message.zh and "Charges" in no_lines.value.message.en
    add_charge(visit, "SV-VISIT")
    with pytest.raises(ChangeRefused) as not_agreed:
        start_repair(visit)  # 开始维修 before 用户同意收费: refused, in words
    assert "同意" in not_agreed.value.message.zh and "agree" in not_agreed.value.message.en
    assert visit.sheet.repair.started_at is None
    assert open_visit(phone).sheet.repair.started_at is None  # nothing was saved

    agree_charges(visit)
    start_repair(visit)
    assert visit.sheet.repair.started_at is not None
    assert not {"charges.customer_agreed_at", "repair.pauses"} & set(gate_paths(visit))
    finish_and_sign(visit)


def test_a_charge_that_arises_mid_repair_stops_the_work_until_the_customer_agrees(
    phone: Device,
) -> None:
    """In warranty, started; an outside cause found mid-repair makes it charged: the work
    stops, the customer agrees, the work restarts; the sheet keeps all three times."""
    visit = open_visit(phone)
    ready_for_the_repair(visit)
    save_diagnosis(visit, {"symptoms": "画面偏暗", "cause": "unit_fault"})
    assert not visit.verdict().charged
    start_repair(visit)
    started = visit.sheet.repair.started_at
    assert started is not None

    form = {"symptoms": "画面偏暗", "cause": "misuse", "cause_notes": "用户搬动时跌落"}
    assert save_diagnosis(visit, form) == []
    assert visit.verdict().charged
    add_charge(visit, "SV-VISIT")
    with pytest.raises(ChangeRefused) as under_way:
        agree_charges(visit)  # the work is going on: it stops first
    assert "暂停维修" in under_way.value.message.zh and "stop" in under_way.value.message.en
    assert visit.sheet.charges.customer_agreed_at is None

    pause_repair(visit)
    assert visit.sheet.repair.paused
    with pytest.raises(ChangeRefused):
        start_repair(visit)  # not restarted before the agreement either
    agree_charges(visit)
    start_repair(visit)  # 继续维修
    repair, agreed = visit.sheet.repair, visit.sheet.charges.customer_agreed_at
    assert repair.started_at == started and repair.under_way  # the first start is kept
    [pause] = repair.pauses
    assert agreed is not None and pause.resumed_at is not None
    assert started < pause.paused_at <= agreed <= pause.resumed_at
    assert "charges.customer_agreed_at" not in gate_paths(visit)
    finish_and_sign(visit)

    again = open_visit(phone)  # as stored, and what the customer read
    assert again.sheet.repair.pauses == [pause]
    zh = "\n".join(summary_lines(signed_summary(again.sheet, again.reference), "zh"))
    assert "开始维修时间：2026-11-23" in zh
    assert "暂停维修时间：" in zh and "继续维修时间：" in zh


def test_a_visit_stuck_by_an_agreement_after_the_start_has_a_way_forward(phone: Device) -> None:
    """A sheet saved by the earlier app: 开始维修 first, 用户同意收费 after. The gate names the
    repair step; stopping the work there, agreeing again and restarting clears it."""
    visit = open_visit(phone)
    ready_for_the_repair(visit, serial=OTHER_MODEL)
    save_diagnosis(visit, {"symptoms": "不开机", "cause": "unit_fault"})
    add_charge(visit, "SV-VISIT")
    repair = visit.sheet.repair.model_copy(update={"started_at": phone.clock()})
    visit.save(repair=repair)
    late = visit.sheet.charges.model_copy(update={"customer_agreed_at": phone.clock()})
    visit.save(charges=late)

    [stuck] = [g for g in visit.gate() if g.missing.path.startswith(("charges", "repair.p"))]
    assert stuck.missing.path == "repair.pauses" and stuck.step is VisitStep.REPAIR
    assert "暂停维修" in stuck.missing.text.zh

    pause_repair(visit)  # on the step the gate names
    agree_charges(visit)
    start_repair(visit)
    assert not {"charges.customer_agreed_at", "repair.pauses"} & set(gate_paths(visit))
    finish_and_sign(visit)


def test_charges_corrected_in_a_rework_are_agreed_without_stopping_anything(
    phone: Device,
) -> None:
    """A returned sheet's corrected charges are agreed after the repair, by necessity."""
    visit = open_visit(phone)
    ready_for_the_repair(visit, serial=OTHER_MODEL)
    save_diagnosis(visit, {"symptoms": "不开机", "cause": "unit_fault"})
    add_charge(visit, "LB-30")
    agree_charges(visit)
    start_repair(visit)
    finish_and_sign(visit)
    visit.submit()
    phone.store.mark_pushed(visit.sheet.sheet_id, phone.store.pending_sheets()[0].version)
    phone.store.apply_review_result(
        ReviewResult(
            sheet_id=visit.sheet.sheet_id, revision=1, decision=ReviewDecision.RETURNED,
            comment="收费漏了上门费", reviewed_at=NOW + timedelta(hours=3),
        )
    )  # fmt: skip

    returned = open_visit(phone)
    assert returned.editable and returned.step is VisitStep.CHARGES
    add_charge(returned, "SV-VISIT")
    agree_charges(returned)  # the repair is long done: no stop asked for
    assert returned.sheet.revision == 2 and not returned.sheet.repair.pauses
    assert gate_paths(returned) == []
    assert sign(returned) == []


def test_the_work_stops_only_once_it_started(phone: Device) -> None:
    visit = open_visit(phone)
    with pytest.raises(ChangeRefused) as refused:
        pause_repair(visit)
    assert "尚未开始" in refused.value.message.zh
    assert visit.sheet.repair.pauses == []
