"""The loaner's receipt pad keeps each finished stroke on the device, as the sign-off pad
does (issue 16, 4): the app killed while the customer signs for the loaner shows their
strokes when the visit is opened again, and 清除重签 forgets them.

Rendered in a Flet session with no browser (tests/ui/test_field_focus.py).
"""

from __future__ import annotations

from typing import Any

import flet.canvas as cv

from fieldapp.application import Device
from fieldapp.application.visit_steps import VisitStep
from fieldapp.application.visit_strokes import keep_strokes, kept_strokes
from fieldapp.ui.screens.visit.visit_view import VisitBody
from fieldapp.ui.viewmodels.visit_model import VisitModel
from tests.support.aio import run_to_end
from tests.ui.test_field_focus import TICKET, Screen, _controls, _framed, phone, settle

__all__ = ["phone"]  # the fixture, shared with the focus tests

SIGNED = [[(10.0, 10.0), (60.0, 40.0), (120.0, 20.0)], [(30.0, 90.0), (150.0, 100.0)]]


def _pad_strokes(screen: Screen) -> int:
    """How many finished strokes the loaner's pad draws."""
    found: list[tuple[str | None, Any]] = []
    _controls(screen.session.page.views, None, found)
    drawn = [
        len(c.shapes)
        for i, c in found
        if i == "signature-pad" and isinstance(c, cv.Canvas) and c.shapes
    ]
    return max(drawn, default=0)


def test_the_loaners_pad_shows_the_strokes_kept_before_a_kill(phone: Device) -> None:
    model = VisitModel(device=phone, ticket_no=TICKET)

    async def scenario() -> tuple[int, int]:
        await model.load()
        assert model.visit is not None
        # What the pad kept as the customer drew, before the app was killed.
        keep_strokes(model.visit, "loaner", SIGNED)
        await model.go(VisitStep.OUTCOME)
        await model.edit_many(VisitStep.OUTCOME, {"kind": "return_to_centre"})
        screen = Screen(_framed(phone, lambda: VisitBody(model)))
        await settle()
        shown = _pad_strokes(screen)
        clear = next(
            c
            for _i, c in _found(screen)
            if getattr(c, "content", None) == "清除重签" or getattr(c, "text", None) == "清除重签"
        )
        await screen.session.dispatch_event(clear._i, "click", None)
        await settle()
        return shown, _pad_strokes(screen)

    shown, after_clearing = run_to_end(scenario())
    assert shown == len(SIGNED)
    assert after_clearing == 0
    assert model.visit is not None and kept_strokes(model.visit, "loaner") == []


def _found(screen: Screen) -> list[tuple[str | None, Any]]:
    found: list[tuple[str | None, Any]] = []
    _controls(screen.session.page.views, None, found)
    return found
