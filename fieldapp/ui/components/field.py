"""A text field bound to its view-model value, with its message under it.

Bound on purpose (FLET.md): an unbound field loses what was typed when its parent
re-renders. The message (the domain's or the sign-in's, already in the chosen language)
shows as the field's error text so it sits where the person is looking.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from fieldapp.ui.components.event_value import typed


def bound_field(
    *,
    label: str,
    value: str,
    on_change: Callable[[str], None],
    message: str | None = None,
    identifier: str | None = None,
    password: bool = False,
    keyboard: ft.KeyboardType = ft.KeyboardType.TEXT,
    on_submit: Callable[..., object] | None = None,
    autofocus: bool = False,
) -> ft.Control:
    """The field; ``identifier`` names it for tests (``flt-semantics-identifier``)."""
    field = ft.TextField(
        label=label,
        value=value,
        on_change=lambda e: on_change(typed(e)),
        error=message or None,
        error_max_lines=3,
        password=password,
        can_reveal_password=password,
        keyboard_type=keyboard,
        on_submit=on_submit,
        autofocus=autofocus,
    )
    if identifier is None:
        return field
    # Keyed by what it is: a message or a line appearing above it never makes it another
    # field (rebuilt from scratch, the focus and the keys in flight lost).
    return ft.Semantics(identifier=identifier, content=field, key=identifier)
