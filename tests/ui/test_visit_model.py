"""The visit's view-model without a browser: each step's logic as the screens drive it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from fieldapp.application import Device, MemoryTokenVault
from fieldapp.application.visit_steps import VisitStep
from fieldapp.ui.components.phrase_card import phrases_for
from fieldapp.ui.viewmodels.visit_model import VisitModel
from fieldapp.ui.viewmodels.visit_signature_model import SignaturePadModel
from tests.application.conftest import NOW, SERIAL, an_order
from tests.application.fake_service import session_for, technician_service
from tests.support.aio import run_to_end

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
    assert model.is_ticked("five_ones", "shoe_covers") and not model.ticked


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
