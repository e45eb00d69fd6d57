"""First run and sign-in: the service address, 用户名 and 密码, and each failure in words."""

from __future__ import annotations

import flet as ft

from fieldapp.ui.components.field import bound_field
from fieldapp.ui.hooks import use_model
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.services import use_services
from fieldapp.ui.theme import OVERDUE_COLOR, PAD, TOUCH_TARGET
from fieldapp.ui.viewmodels.sign_in_model import SignInModel


@ft.component
def SignInScreen() -> ft.Control:
    """The sign-in form, centred and no wider than a phone."""
    services = use_services()
    tr = use_translator()
    model = use_model(lambda: SignInModel.for_device(services.device, services.session.refresh))
    general = model.error if model.error_field is None else None
    expired = services.session.needs_password
    controls: list[ft.Control] = [
        ft.Icon(ft.Icons.HANDYMAN, size=48, color=ft.Colors.PRIMARY),
        ft.Text(tr.t("app.title"), size=24, weight=ft.FontWeight.BOLD),
        ft.Text(tr.t("sign_in.title"), size=16),
    ]
    if expired:
        controls.append(ft.Text(tr.t("sign_in.expired"), color=OVERDUE_COLOR))
    controls += [
        bound_field(
            label=tr.t("sign_in.service_url"),
            value=model.service_url,
            on_change=model.set_service_url,
            message=tr.text(model.message_for("service_url")),
            identifier="service-url",
            keyboard=ft.KeyboardType.URL,
        ),
        bound_field(
            label=tr.t("sign_in.username"),
            value=model.username,
            on_change=model.set_username,
            message=tr.text(model.message_for("username")),
            identifier="username",
        ),
        bound_field(
            label=tr.t("sign_in.password"),
            value=model.password,
            on_change=model.set_password,
            message=tr.text(model.message_for("password")),
            identifier="password",
            password=True,
            on_submit=model.submit,
        ),
    ]
    if general is not None:
        controls.append(ft.Text(tr.text(general), color=OVERDUE_COLOR))
    controls.append(
        ft.Button(
            tr.t("sign_in.busy") if model.busy else tr.t("sign_in.submit"),
            on_click=model.submit,
            disabled=model.busy,
            height=TOUCH_TARGET,
            width=float("inf"),
        )
    )
    return ft.Container(
        content=ft.Column(
            controls,
            spacing=16,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            scroll=ft.ScrollMode.AUTO,
        ),
        padding=PAD * 2,
        width=480,
        alignment=ft.Alignment.TOP_CENTER,
    )
