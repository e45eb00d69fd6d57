"""Form pieces of the visit's steps, bound to the visit's view-model.

Every input is bound to ``VisitModel.forms`` (FLET.md: an unbound field loses what was
typed when its parent re-renders) and shows the domain's message for its field as the
error text, in the chosen language. Each piece carries a semantics identifier for tests.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

import flet as ft

from fieldapp.application.visit_steps import VisitStep
from fieldapp.ui.components.event_value import chosen, ticked, typed
from fieldapp.ui.i18n import Translator
from fieldapp.ui.theme import MUTED_COLOR, OK_COLOR, TOUCH_TARGET
from fieldapp.ui.viewmodels.visit_model import VisitModel


@ft.component
def BoundTextField(
    identifier: str,
    label: str,
    initial: str,
    on_value: Callable[[str], Awaitable[None]],
    error: str | None = None,
    multiline: bool = False,
    keyboard: ft.KeyboardType = ft.KeyboardType.TEXT,
    read_only: bool = False,
    key: str | None = None,
    select_on_focus: bool = False,
    on_left: Callable[[], Awaitable[None]] | None = None,
) -> ft.Control:
    """A text field that owns what is typed and hands each value on to be saved.

    The value is set in the same handler that receives the keystroke, so a re-render never
    sends back an older value while the person is still typing (which would reset the
    field under their fingers and lose a character); the save runs as its own task.

    ``select_on_focus``: the field holds what the app filled in (the reported fault, the
    customer's name). Tapped, it selects that whole, so what is typed replaces it instead
    of merging into it at the caret; a second tap places the caret to edit it. ``on_left``
    runs when the technician leaves the field (taps elsewhere).
    """
    value, set_value = ft.use_state(initial)
    selection, set_selection = ft.use_state(cast("ft.TextSelection | None", None))

    def changed(e: ft.Event[ft.TextField]) -> None:
        text = typed(e)
        set_value(text)
        set_selection(None)  # typing takes over: the client's own caret from here on
        ft.context.page.run_task(on_value, text)

    def focused(_e: ft.Event[ft.TextField]) -> None:
        if select_on_focus and value and not read_only:
            set_selection(ft.TextSelection(base_offset=0, extent_offset=_utf16_length(value)))

    async def blurred(_e: ft.Event[ft.TextField]) -> None:
        # Set only while it is the app's: sent again on a later render, it would select
        # the text anew under the technician's fingers.
        set_selection(None)
        if on_left is not None:
            await on_left()

    # The message is a Text under the field, not the field's own error text: a change to
    # any property of the field makes the web client rebuild it from the last value it was
    # sent, which under load drops the keys typed in between.
    field = ft.Semantics(
        identifier=identifier,
        content=ft.TextField(
            label=label,
            value=value,
            on_change=changed,
            multiline=multiline,
            min_lines=2 if multiline else None,
            keyboard_type=keyboard,
            read_only=read_only,
            selection=selection,
            on_focus=focused,
            on_blur=blurred,
        ),
    )
    if not error:
        return ft.Column([field], spacing=0)
    return ft.Column([field, ft.Text(error, color=ft.Colors.ERROR, size=12)], spacing=2)


def _utf16_length(value: str) -> int:
    """The length of ``value`` as the client counts it (UTF-16 code units): a character
    outside the basic plane (some rare characters in names) counts twice there."""
    return len(value.encode("utf-16-le")) // 2


def text_input(
    model: VisitModel,
    tr: Translator,
    step: VisitStep,
    name: str,
    label: str,
    *,
    multiline: bool = False,
    keyboard: ft.KeyboardType = ft.KeyboardType.TEXT,
) -> ft.Control:
    """A text field bound to ``forms[step][name]`` with the domain's message for it."""

    async def changed(value: str) -> None:
        await model.edit(step, name, value)

    problem = model.problem(step, name)
    identifier = f"{step.value}-{name}"

    async def left() -> None:
        await model.left(identifier)

    return BoundTextField(
        identifier,
        label,
        str(model.value(step, name, "")),
        changed,
        tr.text(problem) if problem else None,
        multiline,
        keyboard,
        not model.editable,
        # A value set from elsewhere (the date picker) remounts the field with it.
        key=f"{identifier}-{model.remounts.get(identifier, 0)}",
        select_on_focus=model.prefilled(step, name),
        on_left=left,
    )


def switch_input(model: VisitModel, step: VisitStep, name: str, label: str) -> ft.Control:
    """A checkbox bound to ``forms[step][name]``."""

    async def changed(e: ft.Event[ft.Checkbox]) -> None:
        await model.edit(step, name, ticked(e))

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
        value = chosen(e) or ""
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


def photo_status(model: VisitModel, tr: Translator, *targets: str) -> list[ft.Control]:
    """Under a step's photo buttons: a photo being stored (at once, with a spinner) and what
    the last one of this step came to — never another step's."""
    controls: list[ft.Control] = []
    saving = model.photo_saving(*targets)
    if saving:
        controls.append(
            ft.Semantics(
                identifier="photo-saving",
                content=ft.Row(
                    [
                        ft.ProgressRing(width=16, height=16, stroke_width=2),
                        ft.Text(tr.t("photo.saving", n=saving), size=13, color=OK_COLOR),
                    ],
                    spacing=8,
                ),
            )
        )
    stored = model.photo_notice(*targets)
    if stored is not None:
        controls.append(note(tr.text(stored), OK_COLOR))
    return controls


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


def named_icon(icon: ft.IconData, label: str) -> ft.Icon:
    """An icon for an icon button, carrying the button's name in words: the button the
    screen reader focuses (and a test finds by role and name) says what it does, where a
    tooltip names only a node around it."""
    return ft.Icon(icon, semantics_label=label)


def on_tap(
    action: Callable[..., Awaitable[object]], *args: object
) -> Callable[[object], Awaitable[None]]:
    """An async click handler that awaits ``action(*args)``.

    Flet awaits a handler only when it is itself a coroutine function; a lambda returning
    a coroutine would be called and its work silently never run.
    """

    async def handler(_e: object) -> None:
        await action(*args)

    return handler
