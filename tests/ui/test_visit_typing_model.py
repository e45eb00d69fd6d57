"""The visit's view-model while the technician types (issue 16), without a browser: a value
the app filled in is known as such until it is typed over; a serial is judged once it is
complete or its field is left, never half-typed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from fieldapp.application import Device, MemoryTokenVault
from fieldapp.application.visit_steps import VisitStep
from fieldapp.ui.viewmodels import visit_model
from fieldapp.ui.viewmodels.visit_model import VisitModel
from tests.application.conftest import NOW, SERIAL, an_order
from tests.application.fake_service import session_for, technician_service
from tests.support.aio import run_to_end

TICKET = "BX20261122-0001"
P, D, S = VisitStep.PRODUCT, VisitStep.DIAGNOSIS, VisitStep.SIGN_OFF


@pytest.fixture
def phone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Device]:
    monkeypatch.setattr(visit_model, "SAVE_DELAY", 0.01)
    clock = iter(NOW + timedelta(seconds=n) for n in range(100_000))
    device = Device(
        tmp_path / "store",
        vault=MemoryTokenVault(),
        session_factory=session_for(technician_service()),
        clock=lambda: next(clock),
    )
    device.sign_in("http://svc", "tech1", "right")
    device.store.apply_work_order(an_order(1, appointment=NOW, name="赵丽华"))
    yield device
    device.close()


def loaded(phone: Device) -> VisitModel:
    model = VisitModel(device=phone, ticket_no=TICKET)
    run_to_end(model.load())
    assert model.error is None and model.visit is not None
    return model


def run(coro: Any) -> Any:
    return run_to_end(coro)


def test_a_value_the_app_filled_in_is_known_until_it_is_typed_over(phone: Device) -> None:
    model = loaded(phone)
    assert model.value(D, "symptoms") == "开机后画面偏暗" and model.prefilled(D, "symptoms")
    assert model.value(S, "signer_name") == "赵丽华" and model.prefilled(S, "signer_name")
    assert not model.prefilled(D, "cause_notes")  # empty: nothing to replace
    assert not model.prefilled(P, "serial_read")
    run(model.edit(D, "symptoms", "开机后画面偏暗，有异响"))
    assert not model.prefilled(D, "symptoms")  # the technician's own words now
    again = loaded(phone)  # and after a restart too
    assert not again.prefilled(D, "symptoms") and again.prefilled(S, "signer_name")


def test_a_half_typed_serial_waits_to_be_judged_until_it_is_left_or_complete(
    phone: Device,
) -> None:
    model = loaded(phone)
    seen: dict[str, Any] = {}

    async def walk() -> None:
        for end in range(1, 7):  # PJ5225, key by key
            await model.edit(P, "serial_read", SERIAL[:end])
        await model.flush()
        seen["typing"] = (list(model.serial_findings), model.problem(P, "serial_read"))
        seen["verdict typing"] = model.verdict
        await model.left("product-serial_read")
        seen["left"] = [f.code for f in model.serial_findings]
        typo = SERIAL[:-1] + ("X" if SERIAL[-1] != "X" else "Y")
        await model.edit(P, "serial_read", typo)  # all 13 typed: judged as typed
        seen["typo"] = [f.code for f in model.serial_findings]

    run(walk())
    findings, problem = seen["typing"]
    assert findings == [] and problem is None
    verdict = seen["verdict typing"]
    said = " ".join(p.zh for p in verdict.problems) if verdict is not None else ""
    if verdict is not None and verdict.verdict is None:
        assert "13 位" not in said, said  # the banner does not judge it either
    assert seen["left"] == ["serial_length"]
    assert seen["typo"] == ["serial_check_character"]
    assert model.value(P, "serial_read").startswith(SERIAL[:12])  # nothing typed is lost
