"""A photo taken on a step is said at once to be being stored, and what it came to is said
on that step only (issue 16, 11: a photo took 1–4 s to be counted with nothing on screen,
and the repair step showed the product step's notice beside 「0 张照片」).

The screens are rendered in a Flet session with no browser (tests/ui/test_field_focus.py);
storing the photo is held back on purpose so the moment in between can be looked at.
"""

from __future__ import annotations

import asyncio
import io
import threading
from typing import Any

import pytest
from PIL import Image

from fieldapp.application import Device
from fieldapp.application.visit_steps import VisitStep
from fieldapp.ui.screens.visit.visit_view import VisitBody
from fieldapp.ui.viewmodels import visit_model
from fieldapp.ui.viewmodels.visit_model import VisitModel
from tests.support.aio import run_to_end
from tests.ui.test_field_focus import TICKET, Screen, _framed, phone, settle

__all__ = ["phone"]  # the fixture, shared with the focus tests

SAVING = "正在保存照片"
STORED = "照片已压缩保存"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (180, 40, 40)).save(out, "JPEG")
    return out.getvalue()


def test_a_photo_is_said_to_be_saving_at_once_and_its_notice_stays_on_its_step(
    phone: Device, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real = visit_model.store_photo

    def held_back(*args: Any) -> Any:
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(visit_model, "store_photo", held_back)
    model = VisitModel(device=phone, ticket_no=TICKET)

    async def scenario() -> dict[str, str]:
        await model.load()
        screen = Screen(_framed(phone, lambda: VisitBody(model)))
        await model.go(VisitStep.PRODUCT)
        await settle()
        seen = {"before": screen.words()}
        storing = asyncio.ensure_future(model.add_photo("evidence", _jpeg()))
        await settle()
        seen["while"] = screen.words()
        release.set()
        await storing
        await settle()
        seen["after"] = screen.words()
        await model.go(VisitStep.REPAIR)
        await settle()
        seen["repair"] = screen.words()
        return seen

    seen = run_to_end(scenario())
    assert SAVING not in seen["before"] and STORED not in seen["before"]
    assert SAVING in seen["while"], seen["while"]  # at once, before the photo is stored
    assert "0 张照片" in seen["while"]
    assert SAVING not in seen["after"] and STORED in seen["after"]
    assert "1 张照片" in seen["after"]
    # The next step shows its own count, not the product step's notice.
    assert STORED not in seen["repair"] and "0 张照片" in seen["repair"]
