"""The language switch: 中文 / English, for this session."""

from __future__ import annotations

import flet as ft

from fieldapp.ui.i18n import EN, ZH, apply_locale, use_translator


@ft.component
def LanguageSwitch() -> ft.Control:
    tr = use_translator()
    other = EN if tr.language == ZH else ZH

    def switch() -> None:
        tr.set_language(other)
        page = ft.context.page
        apply_locale(page, other)
        page.update()

    return ft.Semantics(
        identifier="language",
        content=ft.TextButton(
            tr.t("lang.en") if other == EN else tr.t("lang.zh"),
            icon=ft.Icons.TRANSLATE,
            on_click=switch,
        ),
    )
