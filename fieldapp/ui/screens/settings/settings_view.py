"""Route ``/settings``: language, service address, technician and device, app version, data
size, export diagnostics, sign out.
"""

from __future__ import annotations

import flet as ft

from fieldapp.application.diagnostics import human_size
from fieldapp.ui.components.app_view import place_view
from fieldapp.ui.components.event_value import chosen
from fieldapp.ui.components.sync_indicator import SyncIndicator
from fieldapp.ui.hooks import use_model
from fieldapp.ui.i18n import EN, ZH, use_translator
from fieldapp.ui.screens.jobs.job_detail_pane import field_line, section
from fieldapp.ui.services import use_services
from fieldapp.ui.theme import OK_COLOR, OVERDUE_COLOR, TOUCH_TARGET
from fieldapp.ui.viewmodels.settings_model import SettingsModel


@ft.component
def SettingsBody() -> ft.Control:
    services = use_services()
    tr = use_translator()
    model = use_model(
        lambda: SettingsModel(
            device=services.device,
            translator=services.translator,
            on_signed_out=services.session.refresh,
        )
    )
    ft.use_effect(lambda: ft.context.page.run_task(model.load), [])
    device = services.device
    account = device.account

    async def language_changed(e: ft.Event[ft.RadioGroup]) -> None:
        await model.choose_language(chosen(e) or "", ft.context.page)

    def confirm_sign_out() -> None:
        page = ft.context.page

        async def yes() -> None:
            page.pop_dialog()
            await model.sign_out()

        page.show_dialog(
            ft.AlertDialog(
                content=ft.Text(tr.t("settings.sign_out_confirm")),
                actions=[
                    ft.TextButton(tr.t("common.cancel"), on_click=lambda: page.pop_dialog()),
                    ft.TextButton(tr.t("settings.sign_out"), on_click=yes),
                ],
            )
        )

    size = (
        tr.t("settings.data_size_value", jobs=model.size.jobs, size=human_size(model.size.bytes))
        if model.size
        else "…"
    )
    controls: list[ft.Control] = [
        section(
            tr.t("settings.language"),
            [
                ft.Semantics(
                    identifier="language",
                    content=ft.RadioGroup(
                        value=tr.language,
                        on_change=language_changed,
                        content=ft.Column(
                            [
                                ft.Radio(value=ZH, label=tr.t("lang.zh")),
                                ft.Radio(value=EN, label=tr.t("lang.en")),
                            ],
                            spacing=0,
                        ),
                    ),
                )
            ],
        ),
        SyncIndicator(services.sync, compact=False),
        section(
            tr.t("settings.title"),
            [
                field_line(tr.t("settings.service_url"), device.service_url or "—"),
                field_line(
                    tr.t("settings.technician"),
                    tr.t(
                        "settings.technician_value",
                        name=account.display_name,
                        username=account.username,
                    )
                    if account
                    else "—",
                ),
                field_line(tr.t("settings.device"), device.device_id),
                field_line(tr.t("settings.version"), model.version),
                field_line(tr.t("settings.data_size"), size),
            ],
        ),
        ft.OutlinedButton(
            tr.t("settings.export"),
            icon=ft.Icons.BUG_REPORT,
            on_click=model.export,
            height=TOUCH_TARGET,
        ),
    ]
    if model.message is not None:
        controls.append(ft.Text(tr.text(model.message), color=OK_COLOR))
    if model.problem is not None:
        controls.append(
            ft.Semantics(
                identifier="settings-problem",
                content=ft.Text(tr.text(model.problem), color=OVERDUE_COLOR),
            )
        )
    controls.append(
        ft.Button(
            tr.t("settings.sign_out"),
            icon=ft.Icons.LOGOUT,
            on_click=confirm_sign_out,
            disabled=model.busy,
            height=TOUCH_TARGET,
        )
    )
    return ft.ListView(controls, padding=12, spacing=10, expand=True)


@ft.component
def SettingsView() -> ft.View:
    return place_view("settings.title", SettingsBody(), selected=2)
