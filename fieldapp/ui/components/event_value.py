"""What a person entered, read from the event itself.

A change event carries the value the client sent (the text typed, the tick, the choice).
The handler must use that, not ``e.control.value``: the control object on the server is
the screen as it was last rendered, and a render that runs between the event's arrival
and its handler (a save finishing, a sync round's status) writes the older value back
into it. Read from there, a tick became an untick and typed text went back to what it
was, and the person's input was lost (seen in Chromium under load: ticks of the 5个1
undone, the first keys after 开始维修 dropped).
"""

from __future__ import annotations

from typing import Any

import flet as ft


def sent_value(e: ft.Event[Any]) -> Any:
    """The value sent with the event; the control's own only when the event has none."""
    return e.control.value if e.data is None else e.data


def typed(e: ft.Event[Any]) -> str:
    """The text a text field held when the person typed (never ``None``)."""
    value = sent_value(e)
    return "" if value is None else str(value)


def ticked(e: ft.Event[Any]) -> bool:
    """Whether a checkbox or switch was ticked by this tap."""
    value = sent_value(e)
    if isinstance(value, str):  # some clients send the state as text
        return value.lower() == "true"
    return bool(value)


def chosen(e: ft.Event[Any]) -> str | None:
    """The key of the option chosen in a radio group or a dropdown (``None``: none)."""
    value = sent_value(e)
    return None if value in (None, "") else str(value)
