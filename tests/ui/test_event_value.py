"""A change is read from what the client sent with it (fieldapp.ui.components.event_value).

The control object on the server holds what the screen last rendered; a render that ran
between the event's arrival and its handler writes the older value back into it. Read
from there, a tick became an untick and typed keys were dropped (seen in Chromium).
"""

from __future__ import annotations

import flet as ft

from fieldapp.ui.components.event_value import chosen, ticked, typed


def _event(control: ft.Control, data: object) -> ft.Event[ft.Control]:
    return ft.Event(name="change", control=control, data=data)


def test_a_tick_counts_even_when_a_render_wrote_the_old_state_back() -> None:
    box = ft.Checkbox(value=False)  # the render's older state
    assert ticked(_event(box, True)) is True
    assert ticked(_event(ft.Checkbox(value=True), False)) is False


def test_typed_text_counts_even_when_a_render_wrote_the_old_text_back() -> None:
    field = ft.TextField(value="")  # the render's older text
    assert typed(_event(field, "检修电源板")) == "检修电源板"
    assert typed(_event(ft.TextField(value="旧"), "")) == ""  # cleared on purpose


def test_a_choice_is_the_key_sent() -> None:
    group = ft.RadioGroup(value="unit_fault", content=ft.Column([]))
    assert chosen(_event(group, "signal")) == "signal"
    assert chosen(_event(ft.RadioGroup(content=ft.Column([])), "")) is None


def test_without_data_the_control_value_is_used() -> None:
    assert typed(_event(ft.TextField(value="已有"), None)) == "已有"
