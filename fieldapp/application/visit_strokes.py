"""The strokes on a signature pad, kept as they are drawn.

A customer's signature is drawn stroke by stroke before the sheet is signed. Until then the
strokes are not on the sheet, so each finished stroke is saved on the device like any other
change (a store setting per sheet and pad, durable when the call returns): a killed or
restarted app shows the pad as the customer left it. Signing (or clearing the pad) ends
that; the sheet then holds the strokes themselves.
"""

from __future__ import annotations

from typing import Literal

from fieldapp.application.visit import Visit

Stroke = list[tuple[float, float]]
Pad = Literal["sign_off", "loaner"]  # the customer's signature, the loaner's receipt

STROKES_SETTING = "visit.strokes."


def _setting(visit: Visit, pad: Pad) -> str:
    return f"{STROKES_SETTING}{visit.sheet.sheet_id}.{pad}"


def kept_strokes(visit: Visit, pad: Pad) -> list[Stroke]:
    """The strokes drawn on ``pad`` and not yet signed with (empty when none)."""
    raw = visit.store.get_setting(_setting(visit, pad)) or []
    strokes: list[Stroke] = []
    for stroke in raw if isinstance(raw, list) else []:
        points = [(float(p[0]), float(p[1])) for p in stroke if isinstance(p, list | tuple)]
        if points:
            strokes.append(points)
    return strokes


def keep_strokes(visit: Visit, pad: Pad, strokes: list[Stroke]) -> None:
    """Save the pad's finished strokes (blocking: one durable write)."""
    value = [[[x, y] for x, y in stroke] for stroke in strokes if stroke]
    visit.store.set_setting(_setting(visit, pad), value)


def forget_strokes(visit: Visit, pad: Pad) -> None:
    """The pad was cleared or its signature is on the sheet: nothing left to keep."""
    visit.store.set_setting(_setting(visit, pad), [])
