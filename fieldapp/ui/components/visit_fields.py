"""Form pieces of the visit's steps, bound to the visit's view-model.

Every input is bound to ``VisitModel.forms`` (FLET.md: an unbound field loses what was
typed when its parent re-renders) and shows the domain's message for its field as the
error text, in the chosen language. Each piece carries a semantics identifier for tests.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from fieldapp.application.visit_steps import VisitStep
from fieldapp.ui.i18n import Translator
from fieldapp.ui.theme import MUTED_COLOR, TOUCH_TARGET
from fieldapp.ui.viewmodels.visit_model import VisitModel


def text_input(
    model: VisitModel,
    tr: Translator,
    step: VisitStep,
    name: str,
    label: str,
    *,
    multiline: bool = False,
    keyboard: ft.KeyboardType = ft.KeyboardType.TEXT,
    capitalize: bool = False,
) -> ft.Control:
    """A text field bound to ``forms[step][name]``."""

    async def changed(e: ft.Event[ft.TextField]) -> None:
        value = e.control.value or ""
        await model.edit(step, name, value.upper() if capitalize else value)

    problem = model.problem(step, name)
    return ft.Semantics(
        identifier=f"{step.value}-{name}",
        content=ft.TextField(
            label=label,
            value=str(model.value(step, name, "")),
            on_change=changed,
            error=tr.text(problem) if problem else None,
            error_max_lines=3,
            multiline=multiline,
            min_lines=2 if multiline else None,
            keyboard_type=keyboard,
            read_only=not model.editable,
        ),
    )


def switch_input(model: VisitModel, step: VisitStep, name: str, label: str) -> ft.Control:
    """A checkbox bound to ``forms[step][name]``."""

    async def changed(e: ft.Event[ft.Checkbox]) -> None:
        await model.edit(step, name, bool(e.control.value))

    return ft.Semantics(
        identifier=f"{step.value}-{name}",
        content=ft.Checkbox(
            label=label,
            value=bool(model.value(step, name, False)),
            on_change=changed,
            disabled=not model.editable,
            height=TOUCH_TARGET,
        ),
    )


def choice_input(
    model: VisitModel,
    tr: Translator,
    step: VisitStep,
    name: str,
    label: str,
    options: list[tuple[str, str]],
    on_chosen: Callable[[str], Awaitable[None]] | None = None,
) -> ft.Control:
    """Radio buttons (large targets) bound to ``forms[step][name]``."""

    async def changed(e: ft.Event[ft.RadioGroup]) -> None:
        value = str(e.control.value or "")
        if on_chosen is not None:
            await on_chosen(value)
        else:
            await model.edit(step, name, value)

    problem = model.problem(step, name)
    radios: list[ft.Control] = [
        ft.Radio(value=key, label=text, disabled=not model.editable) for key, text in options
    ]
    return ft.Semantics(
        identifier=f"{step.value}-{name}",
        content=ft.Column(
            [
                ft.Text(label, size=13, color=MUTED_COLOR),
                ft.RadioGroup(
                    content=ft.Column(radios, spacing=0),
                    value=str(model.value(step, name, "")) or None,
                    on_change=changed,
                ),
                *([ft.Text(tr.text(problem), color=ft.Colors.ERROR, size=12)] if problem else []),
            ],
            spacing=0,
        ),
    )


def heading(title: str) -> ft.Control:
    return ft.Text(title, size=16, weight=ft.FontWeight.BOLD)


def note(words: str, color: str | None = None) -> ft.Control:
    return ft.Text(words, size=13, color=color or MUTED_COLOR)


def action_button(
    label: str,
    identifier: str,
    on_click: Callable[..., object],
    *,
    icon: ft.IconData | None = None,
    primary: bool = False,
    enabled: bool = True,
) -> ft.Control:
    """A large button (touch target ≥ 48 px) with a test identifier."""
    style = (
        ft.ButtonStyle(bgcolor=ft.Colors.PRIMARY, color=ft.Colors.ON_PRIMARY) if primary else None
    )
    return ft.Semantics(
        identifier=identifier,
        content=ft.Button(
            label,
            icon=icon,
            on_click=on_click,
            height=TOUCH_TARGET,
            disabled=not enabled,
            style=style,
        ),
    )
