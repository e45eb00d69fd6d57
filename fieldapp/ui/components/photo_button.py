"""A photo button: the camera or the gallery through the platform's file picker.

Uses the button form ``action=ft.PickFiles(picker, with_data=True)`` (FLET.md: the one that
also works on iOS Safari); in web mode ``path`` is None and the bytes arrive with the
result. What happens to the bytes (downscaling off the event loop) is the caller's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

import flet as ft

from fieldapp.ui.theme import TOUCH_TARGET

Picked = Callable[[bytes, str], Awaitable[None]]


@ft.component
def PhotoButton(label: str, identifier: str, on_picked: Picked, enabled: bool = True) -> ft.Control:
    """A button that picks one image and hands its bytes to ``on_picked``."""
    handler = ft.use_ref(cast("Picked | None", None))
    handler.current = on_picked

    async def result(e: ft.FilePickerResultEvent) -> None:
        for picked in e.files or []:
            if picked.bytes and handler.current is not None:
                await handler.current(bytes(picked.bytes), picked.name)

    picker = ft.use_memo(lambda: ft.FilePicker(on_result=result), [])
    return ft.Semantics(
        identifier=identifier,
        content=ft.OutlinedButton(
            label,
            icon=ft.Icons.PHOTO_CAMERA,
            height=TOUCH_TARGET,
            disabled=not enabled,
            action=ft.PickFiles(picker, with_data=True, file_type=ft.FilePickerFileType.IMAGE),
        ),
    )
