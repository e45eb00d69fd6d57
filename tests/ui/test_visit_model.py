"""The visit's view-model without a browser: each step's logic as the screens drive it."""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from fieldapp.application import Device, MemoryTokenVault
from fieldapp.application.visit_forms import add_charge, agree_charges, pause_repair, start_repair
from fieldapp.application.visit_steps import VisitStep
from fieldapp.domain.serial import make_serial
from fieldapp.domain.signed_summary import signed_summary, summary_lines
from fieldapp.domain.text import Text
from fieldapp.ui.components.phrase_card import phrases_for
from fieldapp.ui.viewmodels.pending_ticks import PendingTicks
from fieldapp.ui.viewmodels.visit_model import VisitModel
from fieldapp.ui.viewmodels.visit_signature_model import SignaturePadModel
from tests.application.conftest import NOW, SERIAL, an_order
from tests.application.fake_service import session_for, technician_service
from tests.support.aio import LoopThread, run_to_end

TICKET = "BX20261122-0001"


@pytest.fixture
def phone(tmp_path: Path) -> Iterator[Device]:
    clock = iter(NOW + timedelta(seconds=n) for n in range(100_000))
    device = Device(
        tmp_path / "store",
        vault=MemoryTokenVault(),
        session_factory=session_for(technician_service()),
        clock=lambda: next(clock),
    )
    device.sign_in("http://svc", "tech1", "right")
    device.store.apply_work_order(an_order(1, appointment=NOW))
    yield device
    device.close()


def run(coro: Any) -> None:
    run_to_end(coro)


def loaded(phone: Device) -> VisitModel:
    model = VisitModel(device=phone, ticket_no=TICKET)
    run(model.load())
    assert model.error is None and model.visit is not None
    return model


def test_opening_checks_in_and_starts_at_arrival(phone: Device) -> None:
    model = loaded(phone)
    assert model.step is VisitStep.ARRIVAL
    assert model.sheet is not None and model.sheet.arrival is not None
    assert model.gate  # much is missing before the customer may sign


def test_arrival_and_ticks_are_saved_with_their_time(phone: Device) -> None:
    model = loaded(phone)

    async def walk() -> None:
        await model.shown("work_id_shown", True)
        await asyncio.gather(
            *(model.tick("five_ones", i, True) for i in ("greeting", "clean_cloth", "shoe_covers"))
        )

    run(walk())
    assert model.sheet is not None and model.sheet.arrival is not None
    assert model.sheet.arrival.work_id_shown
    assert {t.item_id for t in model.sheet.etiquette.five_ones} == {
        "greeting", "clean_cloth", "shoe_covers"
    }  # fmt: skip
    assert model.is_ticked("five_ones", "shoe_covers") and not model.ticks.shown


def test_a_tap_turns_an_item_over_and_two_quick_taps_leave_it_as_it_was(phone: Device) -> None:
    model = loaded(phone)

    async def taps() -> None:
        await model.turn_over("five_ones", "greeting")  # ticked
        # Two taps before the first one's save returns: ticked, then unticked again.
        await asyncio.gather(
            model.turn_over("five_ones", "clean_cloth"), model.turn_over("five_ones", "clean_cloth")
        )

    run(taps())
    assert model.sheet is not None
    assert {t.item_id for t in model.sheet.etiquette.five_ones} == {"greeting"}
    assert model.is_ticked("five_ones", "greeting")
    assert not model.is_ticked("five_ones", "clean_cloth") and not model.ticks.shown


def test_a_tick_saved_while_a_later_tap_is_saving_does_not_flash_back() -> None:
    ticks = PendingTicks()
    ticks.set("five_ones", "greeting", True)
    ticks.set("five_ones", "greeting", False)  # a second tap before the first save returns
    ticks.saved("five_ones", "greeting", True)  # the first save returns: still unticked
    assert ticks.get("five_ones", "greeting") is False
    ticks.saved("five_ones", "greeting", False)  # the second: the sheet shows it from now on
    assert ticks.get("five_ones", "greeting") is None


def test_product_typo_is_said_and_the_verdict_follows_the_fix(phone: Device) -> None:
    model = loaded(phone)
    typo = SERIAL[:-1] + ("X" if SERIAL[-1] != "X" else "Y")

    async def walk() -> None:
        await model.edit(VisitStep.PRODUCT, "serial_read", typo)
        assert model.serial_findings  # said on the spot, before any save
        await model.edit(VisitStep.PRODUCT, "serial_read", SERIAL)
        await model.edit(VisitStep.PRODUCT, "purchase_date", "2026-01-10")
        await model.edit(VisitStep.PRODUCT, "purchase_evidence", "invoice")

    run(walk())
    assert model.serial_findings == []
    assert model.verdict is not None and model.verdict.verdict is not None
    assert model.verdict.verdict.decision == "free"
    assert not model.charged and VisitStep.CHARGES not in model.steps


def test_an_accessory_repair_names_the_accessory_and_has_its_shorter_warranty(
    phone: Device,
) -> None:
    model = loaded(phone)
    decisions = []

    async def walk() -> None:
        await model.edit(VisitStep.PRODUCT, "serial_read", SERIAL)
        await model.edit(VisitStep.PRODUCT, "purchase_date", "2026-01-10")
        await model.edit(VisitStep.PRODUCT, "purchase_evidence", "invoice")
        assert model.verdict is not None and model.verdict.verdict is not None
        decisions.append(model.verdict.verdict.decision)  # the whole unit: 1 year
        await model.edit_many(VisitStep.PRODUCT, {"item": "accessory", "accessory_code": ""})

    run(walk())
    missing = model.problem(VisitStep.PRODUCT, "")
    assert missing is not None and "附件" in missing.zh  # which accessory, said on the form

    run(model.edit_many(VisitStep.PRODUCT, {"item": "accessory", "accessory_code": "RC-P"}))
    assert model.problem(VisitStep.PRODUCT, "") is None
    assert model.sheet is not None and model.sheet.product_check is not None
    assert model.sheet.product_check.accessory_code == "RC-P"
    assert model.verdict is not None and model.verdict.verdict is not None
    # An accessory has 6 months: bought in January, it is past its warranty in November.
    assert decisions == ["free"] and model.verdict.verdict.decision == "charged"
    assert VisitStep.CHARGES in model.steps


def test_a_bad_value_shows_the_domains_message_and_is_kept(phone: Device) -> None:
    model = loaded(phone)

    async def walk() -> None:
        await model.edit(VisitStep.REPAIR, "labour_minutes", "abc")
        await model.go(VisitStep.OUTCOME)  # leaving the step keeps what was typed

    run(walk())
    problem = model.problem(VisitStep.REPAIR, "labour_minutes")
    assert problem is not None and "整数" in problem.zh and "whole number" in problem.en
    again = loaded(phone)  # a restart
    assert again.step is VisitStep.OUTCOME
    assert again.value(VisitStep.REPAIR, "labour_minutes") == "abc"
    # and what it was told to fix is said again, before the field is touched
    assert again.problem(VisitStep.REPAIR, "labour_minutes") == problem


def test_after_a_restart_a_wrong_date_is_said_again_and_untyped_steps_say_nothing(
    phone: Device,
) -> None:
    model = loaded(phone)

    async def walk() -> None:
        await model.edit(VisitStep.PRODUCT, "purchase_date", "2026/13/01")
        await model.flush()

    run(walk())
    said = model.problem(VisitStep.PRODUCT, "purchase_date")
    assert said is not None and "YYYY-MM-DD" in said.zh
    sheet_before = phone.store.get_sheet(model.sheet.sheet_id) if model.sheet else None
    again = loaded(phone)  # a restart
    assert again.value(VisitStep.PRODUCT, "purchase_date") == "2026/13/01"
    assert again.problem(VisitStep.PRODUCT, "purchase_date") == said
    # steps never typed into have empty fields, not mistakes; opening saved nothing
    assert again.problems.keys() == {VisitStep.PRODUCT.value}
    assert sheet_before is not None and again.sheet == sheet_before


def test_the_gate_links_to_steps_and_signing_waits_for_it(phone: Device) -> None:
    model = loaded(phone)
    pad = SignaturePadModel()
    pad.start(10, 10)
    pad.move(50, 40)
    pad.end()

    async def walk() -> bool:
        await model.edit(VisitStep.SIGN_OFF, "functions_checked", True)
        await model.edit(VisitStep.SIGN_OFF, "rating", "5")
        return await model.sign(pad.strokes, pad.width, pad.height)

    assert run_value(walk()) is False
    assert model.error is not None and "未完成" in model.error.zh
    steps = {item.step for item in model.gate}
    assert {VisitStep.ARRIVAL, VisitStep.PRODUCT, VisitStep.DIAGNOSIS} <= steps


def test_the_signature_pad_keeps_finished_and_live_strokes_apart() -> None:
    pad = SignaturePadModel()
    pad.start(1, 1)
    for i in range(10):
        pad.move(2 + i, 3)
    assert len(pad.live.points) == 11 and pad.strokes == []
    pad.end()
    assert len(pad.strokes) == 1 and pad.live.points == [] and pad.drawn
    pad.clear()
    assert not pad.drawn


def test_the_phrase_card_puts_the_steps_phrases_first(phone: Device) -> None:
    card = phone.jobs.reference.phrases
    first, rest = phrases_for(card, VisitStep.OUTCOME)
    assert [p.id for p in first] == ["another_visit", "return_to_centre"]
    assert len(first) + len(rest) == len(card.phrases)
    assert card.forbidden  # always listed


def run_value(coro: Any) -> object:
    return run_to_end(coro)


# -- issue 16: charged work waits for the agreement; an empty pad is said in words -------------

OTHER_MODEL = make_serial("PJ88", date(2025, 8, 1), 77)  # a P880's serial: charged
LEAKS = ("validation error", "Traceback", "pydantic", "Error(", "object at 0x")


def in_words(said: Text | None) -> Text:
    """A message shown on the step: Chinese and English words, no exception text."""
    assert said is not None
    for words in (said.zh, said.en):
        assert words.strip() and not any(leak in words for leak in LEAKS), words
    assert any("\u4e00" <= ch <= "\u9fff" for ch in said.zh)
    return said


def charged_until_the_repair(model: VisitModel) -> None:
    async def walk() -> None:
        await model.edit(VisitStep.PRODUCT, "serial_read", OTHER_MODEL)
        await model.edit(VisitStep.PRODUCT, "purchase_date", "2026-01-10")
        await model.edit(VisitStep.PRODUCT, "purchase_evidence", "invoice")
        await model.edit(VisitStep.DIAGNOSIS, "cause", "unit_fault")
        await model.flush()

    run(walk())
    assert model.charged and VisitStep.CHARGES in model.steps


def test_charged_work_says_why_it_cannot_start_and_leads_to_the_charges(phone: Device) -> None:
    model = loaded(phone)
    charged_until_the_repair(model)
    run(model.go(VisitStep.REPAIR))

    waits = in_words(model.repair_waits)  # the start button is disabled with this beside it
    assert "收费" in waits.zh
    run(model.run(start_repair))  # tapped anyway (an older screen): refused in words
    assert model.sheet is not None and model.sheet.repair.started_at is None
    assert "同意" in in_words(model.error).zh or "收费" in in_words(model.error).zh

    run(model.go(VisitStep.CHARGES))  # 去「收费」
    assert model.step is VisitStep.CHARGES and model.error is None
    run(model.run(add_charge, "SV-VISIT"))
    assert model.agreement_waits is None and not model.charges_agreed
    run(model.run(agree_charges))
    assert model.charges_agreed and model.repair_waits is None
    run(model.run(start_repair))
    assert model.sheet.repair.started_at is not None and model.error is None


def test_a_charge_mid_repair_stops_the_work_agrees_and_restarts(phone: Device) -> None:
    model = loaded(phone)
    run(model.edit(VisitStep.PRODUCT, "serial_read", SERIAL))
    run(model.edit_many(VisitStep.PRODUCT, {"purchase_date": "2026-01-10",
                                             "purchase_evidence": "invoice"}))  # fmt: skip
    assert not model.charged
    run(model.run(start_repair))
    run(model.edit_many(VisitStep.DIAGNOSIS, {"cause": "misuse", "symptoms": "跌落"}))
    assert model.charged  # found mid-repair
    run(model.run(add_charge, "SV-VISIT"))

    waits = in_words(model.agreement_waits)  # 用户同意收费 is disabled: stop the work first
    assert "暂停维修" in waits.zh
    run(model.run(pause_repair))
    assert model.agreement_waits is None
    run(model.run(agree_charges))
    assert model.charges_agreed and model.repair_waits is None
    run(model.run(start_repair))  # 继续维修
    assert model.sheet is not None and model.sheet.repair.under_way
    assert not {g.missing.path for g in model.gate} & {"charges.customer_agreed_at",
                                                       "repair.pauses"}  # fmt: skip
    assert model.error is None


def drawn(*strokes: list[tuple[float, float]]) -> SignaturePadModel:
    pad = SignaturePadModel()
    for stroke in strokes:
        pad.start(*stroke[0])
        for point in stroke[1:]:
            pad.move(*point)
        pad.end()
    return pad


@pytest.mark.parametrize("pad", [drawn(), drawn([(10.0, 10.0)])], ids=["empty", "a dot"])
def test_signing_an_empty_pad_says_so_beside_the_pad_in_words(
    phone: Device, pad: SignaturePadModel, caplog: pytest.LogCaptureFixture
) -> None:
    model = loaded(phone)

    async def walk() -> bool:
        await model.edit(VisitStep.SIGN_OFF, "functions_checked", True)
        await model.edit(VisitStep.SIGN_OFF, "rating", "5")
        return await model.sign(pad.strokes, pad.width, pad.height)

    with caplog.at_level(logging.INFO):
        assert run_value(walk()) is False
    assert model.error is None  # nothing at the top of the step
    said = in_words(model.problem(VisitStep.SIGN_OFF, "signature"))  # shown under the pad
    assert ("尚未签名" in said.zh and "not signed" in said.en) or "签名太短" in said.zh
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert model.sheet is not None and model.sheet.sign_off is None


def test_the_loaner_receipt_on_an_empty_pad_is_said_in_words(phone: Device) -> None:
    model = loaded(phone)
    values = {"loaner_serial": make_serial("PJ52", date(2024, 5, 1), 9), "accessories": [],
              "condition_notes": "外壳完好", "due_date": "2026-11-30",
              "loaner_model": "MH-P520"}  # fmt: skip
    pad = drawn()

    problems = run_value(model.hand_over_loaner(values, pad.strokes, pad.width, pad.height))

    assert isinstance(problems, list) and model.error is None
    [unsigned] = [p for p in problems if p.path == "customer_signature"]
    assert "签收" in in_words(unsigned.message).zh
    signed = drawn([(10.0, 10.0), (60.0, 40.0), (120.0, 30.0)])
    assert run_value(model.hand_over_loaner(values, signed.strokes, 320, 140)) == []
    assert model.sheet is not None and model.sheet.loaner is not None


def test_no_exception_text_reaches_the_step(phone: Device) -> None:
    model = loaded(phone)

    def broken(_visit: object) -> None:
        raise RuntimeError("boom: 'NoneType' object at 0x7f has no attribute 'zh'")

    def refused_by_the_domain(visit: Any) -> None:
        visit.save(repair={"labour_minutes": -5})

    run(model.run(broken))
    assert "boom" not in in_words(model.error).en
    run(model.run(refused_by_the_domain))
    said = in_words(model.error)
    assert "工时" in said.zh and "Labour" in said.en


def test_the_customer_reads_the_technicians_name_not_an_account_number(phone: Device) -> None:
    model = loaded(phone)
    assert model.sheet is not None and model.sheet.arrival is not None
    assert model.sheet.arrival.technician_name == "张伟"  # the signed-in account's name
    zh = "\n".join(summary_lines(signed_summary(model.sheet, phone.jobs.reference), "zh"))
    assert "技术员：张伟" in zh and model.sheet.technician_id not in zh


def test_a_change_in_the_visit_is_counted_as_waiting_at_once(phone: Device) -> None:
    """A tick saved in the visit is said at once as waiting to be sent (the indicator's
    count), not at the next round: with something queued the runner checks every few
    seconds that the service answers, so a stopped service is said offline within 10 s
    (issue 16, 8; the Chromium walk with the service stopped checks that end to end)."""
    model = loaded(phone)
    deadline = time.monotonic() + 20
    while phone.status.pending and time.monotonic() < deadline:
        time.sleep(0.05)  # the check-in goes out to the service
    assert phone.status.pending == 0
    run(model.tick("five_ones", "greeting", True))
    assert phone.status.pending == 1
    assert model.sheet is not None and model.sheet.sheet_id in phone.status.pending_sheets


FIVE_ONES_AT_ARRIVAL = ("greeting", "clean_cloth", "shoe_covers")


class TapsOnTheChecklist(RuleBasedStateMachine):
    """The 「5个1」 items tapped by machine: one at a time, in bursts quicker than their
    saves, the visit left and opened again. Each tap turns its item over once: what the
    screen shows and what the sheet holds always match the taps, and nothing is lost."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="taps-"))
        clock = iter(NOW + timedelta(seconds=n) for n in range(100_000))
        self.device = Device(
            self.folder / "store",
            vault=MemoryTokenVault(),
            session_factory=session_for(technician_service()),
            clock=lambda: next(clock),
        )
        self.device.sign_in("http://svc", "tech1", "right")
        self.device.store.apply_work_order(an_order(1, appointment=NOW))
        self.loop = LoopThread()  # one loop, as in the app: the model's lock stays on it
        self.model = self.opened()
        self.expected = dict.fromkeys(FIVE_ONES_AT_ARRIVAL, False)

    @rule(item=st.sampled_from(FIVE_ONES_AT_ARRIVAL), taps=st.integers(1, 3))
    def tap(self, item: str, taps: int) -> None:
        async def burst() -> None:  # every tap before the first one's save returns
            await asyncio.gather(*(self.model.turn_over("five_ones", item) for _ in range(taps)))

        self.loop.run(burst())
        self.expected[item] ^= taps % 2 == 1

    @rule()
    def leave_and_open_again(self) -> None:
        self.model = self.opened()

    def opened(self) -> VisitModel:
        model = VisitModel(device=self.device, ticket_no=TICKET)
        self.loop.run(model.load())
        return model

    @invariant()
    def screen_and_sheet_follow_the_taps(self) -> None:
        sheet = self.model.sheet
        assert sheet is not None and self.model.error is None
        saved = {t.item_id for t in sheet.etiquette.five_ones}
        assert saved == {item for item, on in self.expected.items() if on}
        for item, on in self.expected.items():
            assert self.model.is_ticked("five_ones", item) is on
        assert not self.model.ticks.shown  # every save has returned: nothing left pending

    def teardown(self) -> None:
        self.loop.close()
        self.device.close()
        shutil.rmtree(self.folder, ignore_errors=True)


TapsOnTheChecklist.TestCase.settings = settings(
    max_examples=20, stateful_step_count=12, deadline=None
)
test_taps_on_the_checklist_in_any_order = TapsOnTheChecklist.TestCase
