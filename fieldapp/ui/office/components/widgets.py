"""Small pieces every back-office screen uses: headings, messages, cards, chips, bars."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from fieldapp.ui.components.event_value import chosen, typed
from fieldapp.ui.theme import MUTED_COLOR, OK_COLOR, OVERDUE_COLOR, PAD, TOUCH_TARGET


def heading(value: str, size: int = 20) -> ft.Text:
    return ft.Text(value, size=size, weight=ft.FontWeight.BOLD)


def keyed(key: str, row: ft.Control) -> ft.Control:
    """``row`` keyed by what it shows (a ticket, a serial, an id).

    A list whose rows come and go must not hand one row's node to another: the web client
    does not always re-read a reused node's identifier, and a tap or a screen reader would
    reach the wrong ticket.
    """
    return ft.Container(row, key=key)


def muted(value: str, size: int = 13) -> ft.Text:
    return ft.Text(value, size=size, color=MUTED_COLOR)


def error_line(value: str, identifier: str = "error") -> ft.Control:
    return ft.Semantics(
        identifier=identifier,
        content=ft.Container(
            ft.Row(
                [
                    ft.Icon(ft.Icons.ERROR_OUTLINE, color=OVERDUE_COLOR),
                    ft.Text(value, color=OVERDUE_COLOR, expand=True),
                ]
            ),
            bgcolor=ft.Colors.RED_50,
            padding=PAD,
            border_radius=8,
        ),
    )


def ok_line(value: str, identifier: str = "done") -> ft.Control:
    return ft.Semantics(
        identifier=identifier,
        content=ft.Container(
            ft.Row(
                [
                    ft.Icon(ft.Icons.CHECK_CIRCLE_OUTLINE, color=OK_COLOR),
                    ft.Text(value, color=OK_COLOR, expand=True),
                ]
            ),
            bgcolor=ft.Colors.GREEN_50,
            padding=PAD,
            border_radius=8,
        ),
    )


def card(controls: list[ft.Control], identifier: str | None = None, **kwargs: Any) -> ft.Control:
    kwargs.setdefault("bgcolor", ft.Colors.SURFACE)
    box = ft.Container(
        ft.Column(controls, spacing=8),
        padding=PAD + 4,
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
        border_radius=10,
        **kwargs,
    )
    return box if identifier is None else ft.Semantics(identifier=identifier, content=box)


def chip(
    label: str,
    selected: bool,
    on_click: Callable[..., Any],
    identifier: str | None = None,
) -> ft.Control:
    """A filter or choice button; filled when selected."""
    button: ft.Control
    if selected:
        button = ft.FilledButton(label, on_click=on_click, height=40, icon=ft.Icons.CHECK)
    else:
        button = ft.OutlinedButton(label, on_click=on_click, height=40)
    return button if identifier is None else ft.Semantics(identifier=identifier, content=button)


def action(
    label: str,
    on_click: Callable[..., Any],
    identifier: str,
    *,
    icon: ft.IconData | None = None,
    filled: bool = True,
    disabled: bool = False,
    color: str | None = None,
) -> ft.Control:
    cls = ft.FilledButton if filled else ft.OutlinedButton
    return ft.Semantics(
        identifier=identifier,
        content=cls(
            label,
            on_click=on_click,
            icon=icon,
            height=TOUCH_TARGET,
            disabled=disabled,
            style=ft.ButtonStyle(bgcolor=color) if color and filled else None,
        ),
    )


def pair(label: str, value: str, width: int = 170) -> ft.Control:
    """A labelled value on one line (the label in a fixed column)."""
    return ft.Row(
        [
            ft.Container(ft.Text(label, color=MUTED_COLOR, size=13), width=width),
            ft.Text(value, expand=True),
        ],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def bar(value: float, maximum: float, color: str, width: int = 260) -> ft.Control:
    """A horizontal bar for a number (the dashboard's charts)."""
    share = 0.0 if maximum <= 0 else max(0.0, min(1.0, value / maximum))
    return ft.Container(
        ft.Container(width=max(2.0, width * share), height=14, bgcolor=color, border_radius=4),
        width=width,
        height=14,
        bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST,
        border_radius=4,
        alignment=ft.Alignment.CENTER_LEFT,
    )


def field(
    label: str,
    value: str,
    on_change: Callable[[str], None],
    identifier: str,
    *,
    message: str | None = None,
    helper: str | None = None,
    multiline: bool = False,
    width: float | None = None,
    text_size: int | None = None,
    on_submit: Callable[..., Any] | None = None,
    password: bool = False,
    max_length: int | None = None,
    hint: str | None = None,
) -> ft.Control:
    """A bound text field (FLET.md: never lose what was typed) with its message under it.

    Keyed by its identifier: a line appearing above it (a message, a result) never makes
    it another field, rebuilt with the focus and the keys in flight lost. ``max_length`` is
    what the service takes: typing stops there and the count shows under the field. A
    multi-line field grows to 8 lines and then scrolls inside itself, so a long text never
    pushes the form's buttons out of sight."""
    return ft.Semantics(
        identifier=identifier,
        key=identifier,
        content=ft.TextField(
            label=label,
            value=value,
            on_change=lambda e: on_change(typed(e)),
            error=message or None,
            helper=helper,
            error_max_lines=6,  # a message in English runs longer: never cut off
            multiline=multiline,
            min_lines=3 if multiline else None,
            max_lines=8 if multiline else None,
            max_length=max_length,
            hint_text=hint,
            width=width,
            text_size=text_size,
            on_submit=on_submit,
            password=password,
            can_reveal_password=password,
        ),
    )


def dropdown(
    label: str,
    value: str | None,
    options: list[tuple[str, str]],
    on_change: Callable[[str | None], Any],
    identifier: str,
    *,
    message: str | None = None,
    width: float | None = 260,
) -> ft.Control:
    """A choice among ``options`` (key, text); the key goes to ``on_change``."""

    async def changed(e: ft.Event[ft.Dropdown]) -> None:
        result = on_change(chosen(e))
        if hasattr(result, "__await__"):
            await result

    return ft.Semantics(
        identifier=identifier,
        content=ft.Dropdown(
            label=label,
            value=value,
            options=[ft.DropdownOption(key=k, text=t) for k, t in options],
            on_select=changed,
            error_text=message or None,
            width=width,
        ),
    )


def do(function: Callable[..., Any], *args: Any) -> Callable[..., Any]:
    """A click handler that awaits ``function(*args)`` (a view-model's async action)."""

    async def handler(_event: object = None) -> None:
        await function(*args)

    return handler


def pick(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[[], None]:
    """A click handler calling ``function(*args, **kwargs)``; Flet's event is not passed on
    (a ``lambda x=x:`` would receive the event in place of ``x``)."""

    def handler() -> None:
        function(*args, **kwargs)

    return handler
