"""A tick box that answers a tap without an animation: the checklists' box.

Flutter's ``Checkbox`` animates its mark and a splash for about 200 ms after a tap. In the
web client those frames are drawn on the page's one render thread, and the app's answer
(the count Python computes) waits behind them: a 「5个1」 tick's count showed 40–60 ms
after the tap, the same tick through this box about 20 ms after (docs/app.md, measured).
The box shows what the app holds: it flips when the app's answer arrives.

For screen readers and the browser tests it is a checkbox like Flutter's: a semantics
node with a checked state, named by its label.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from fieldapp.ui.theme import MUTED_COLOR, TOUCH_TARGET


def tick_box(
    label: str,
    ticked: bool,
    on_tap: Callable[[], Awaitable[None]] | None,
    expand: bool = False,
) -> ft.Control:
    """A box and its label, ``ticked`` or not; the whole line takes the tap (``on_tap``,
    None when it cannot be changed: drawn muted)."""

    async def tapped(_e: ft.Event[ft.Container]) -> None:
        if on_tap is not None:
            await on_tap()

    mark = ft.Icon(
        ft.Icons.CHECK_BOX if ticked else ft.Icons.CHECK_BOX_OUTLINE_BLANK,
        color=ft.Colors.PRIMARY if on_tap is not None else MUTED_COLOR,
        size=24,
    )
    words = ft.Text(label, color=None if on_tap is not None else MUTED_COLOR, expand=True)
    return ft.Semantics(
        checked=ticked,
        container=True,
        expand=expand,
        content=ft.Container(
            ft.Row([mark, words], spacing=12),
            on_click=tapped if on_tap is not None else None,
            ink=False,  # no ripple either: nothing to draw before the app's answer
            height=TOUCH_TARGET,
            padding=ft.Padding.only(left=12, right=8),
        ),
    )
