"""The customer's address with a copy button, and the phone number that calls when tapped."""

from __future__ import annotations

import flet as ft

from fieldapp.ui.i18n import Translator
from fieldapp.ui.theme import TOUCH_TARGET


def address_line(address: str, tr: Translator) -> ft.Control:
    """The address, and a 复制 button that puts it on the clipboard (for the map app)."""

    async def copy() -> None:
        await ft.Clipboard().set(address)
        ft.context.page.show_dialog(ft.SnackBar(ft.Text(tr.t("common.copied")), duration=1500))

    return ft.Row(
        [
            ft.Icon(ft.Icons.PLACE_OUTLINED, size=18),
            ft.Text(address, size=13, expand=True, max_lines=2, overflow=ft.TextOverflow.ELLIPSIS),
            ft.IconButton(
                ft.Icons.COPY,
                tooltip=tr.t("common.copy"),
                on_click=copy,
                icon_size=18,
                width=TOUCH_TARGET,
                height=TOUCH_TARGET,
            ),
        ],
        spacing=4,
        tight=True,
    )


def phone_button(phone: str, tr: Translator) -> ft.Control:
    """The phone number as a button that opens the dialler (``tel:``)."""
    number = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return ft.TextButton(
        phone,
        icon=ft.Icons.PHONE,
        url=f"tel:{number}",
        tooltip=tr.t("jobs.call", phone=phone),
        height=TOUCH_TARGET,
    )
