"""Accounts (admins): everyone who can sign in, with role, service centre and state.
Adding and disabling accounts stays with ``fieldapp user`` and the API for now."""

from __future__ import annotations

import flet as ft

from fieldapp.office.client import OfficeClient
from fieldapp.ui.hooks import use_model
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.office.components.widgets import error_line, muted
from fieldapp.ui.office.viewmodels.desk_models import AccountsModel
from fieldapp.ui.theme import MUTED_COLOR, OK_COLOR, PAD


@ft.component
def AccountsScreen(client: OfficeClient) -> ft.Control:
    tr = use_translator()
    model = use_model(lambda: AccountsModel(client=client))
    ft.use_effect(lambda: ft.context.page.run_task(model.load), [])
    controls: list[ft.Control] = [muted(tr.t("accounts.how_to_add"))]
    if model.error is not None:
        controls.append(error_line(tr.text(model.error)))
    for user in model.users:
        controls.append(
            ft.Container(
                ft.Row(
                    [
                        ft.Container(ft.Text(user.username, weight=ft.FontWeight.BOLD), width=160),
                        ft.Container(ft.Text(user.display_name), width=200),
                        ft.Container(ft.Text(tr.t(f"office.role.{user.role.value}")), width=120),
                        ft.Container(ft.Text(user.service_centre or "—"), width=200),
                        ft.Text(
                            tr.t("accounts.active" if user.active else "accounts.disabled"),
                            color=OK_COLOR if user.active else MUTED_COLOR,
                        ),
                    ]
                ),
                padding=PAD,
                border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
            )
        )
    return ft.Column(controls, expand=True, spacing=0, scroll=ft.ScrollMode.AUTO)
