"""Sign-in: the service address (pre-filled), 用户名, 密码, each failure in words."""

from __future__ import annotations

import flet as ft

from fieldapp.ui.i18n import use_translator
from fieldapp.ui.office.components.widgets import error_line, field
from fieldapp.ui.office.screens.language import LanguageSwitch
from fieldapp.ui.office.viewmodels.session_model import OfficeSessionModel
from fieldapp.ui.theme import OVERDUE_COLOR, PAD, TOUCH_TARGET


@ft.component
def OfficeSignIn(session: OfficeSessionModel) -> ft.Control:
    tr = use_translator()
    general = session.error if session.error_field is None else None
    controls: list[ft.Control] = [
        ft.Row([LanguageSwitch()], alignment=ft.MainAxisAlignment.END),
        ft.Row(
            [ft.Icon(ft.Icons.SUPPORT_AGENT, size=56, color=ft.Colors.PRIMARY)],
            alignment=ft.MainAxisAlignment.CENTER,
        ),
        ft.Text(
            tr.t("office.title"),
            size=26,
            weight=ft.FontWeight.BOLD,
            text_align=ft.TextAlign.CENTER,
        ),
        ft.Text(tr.t("office.sign_in.title"), size=16, text_align=ft.TextAlign.CENTER),
    ]
    if session.expired:
        controls.append(ft.Text(tr.t("office.sign_in.expired"), color=OVERDUE_COLOR))
    controls += [
        field(
            tr.t("sign_in.service_url"),
            session.service_url,
            session.set_service_url,
            "service-url",
            message=tr.text(session.message_for("service_url")),
        ),
        field(
            tr.t("sign_in.username"),
            session.username,
            session.set_username,
            "username",
            message=tr.text(session.message_for("username")),
        ),
        field(
            tr.t("sign_in.password"),
            session.password,
            session.set_password,
            "password",
            message=tr.text(session.message_for("password")),
            password=True,
            on_submit=session.sign_in,
        ),
    ]
    if general is not None:
        controls.append(error_line(tr.text(general)))
    controls.append(
        ft.Semantics(
            identifier="sign-in",
            content=ft.FilledButton(
                tr.t("sign_in.busy") if session.busy else tr.t("sign_in.submit"),
                on_click=session.sign_in,
                disabled=session.busy,
                height=TOUCH_TARGET,
                width=float("inf"),
            ),
        )
    )
    controls.append(
        ft.Text(
            tr.t("office.sign_in.who"),
            size=13,
            color=ft.Colors.ON_SURFACE_VARIANT,
            text_align=ft.TextAlign.CENTER,
        )
    )
    return ft.Container(
        content=ft.Container(
            ft.Column(
                controls,
                spacing=16,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                scroll=ft.ScrollMode.AUTO,
            ),
            width=480,
            padding=PAD * 2,
        ),
        alignment=ft.Alignment.TOP_CENTER,
        expand=True,
        padding=ft.Padding.only(top=60),
    )
