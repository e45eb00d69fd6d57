"""Accounts (admins): everyone who can sign in, with role, service centre and state; add an
account (checked as typed), disable or enable one; the registered phones, and releasing one
(asked twice: it signs that phone out)."""

from __future__ import annotations

import flet as ft

from fieldapp.office.accounts import ACCOUNT_LIMITS, ROLES
from fieldapp.office.client import OfficeClient
from fieldapp.office.sheet_view import show_time
from fieldapp.protocol.auth import DevicePublic, UserPublic
from fieldapp.ui.hooks import use_model
from fieldapp.ui.i18n import Translator, use_translator
from fieldapp.ui.office.components.widgets import (
    action,
    card,
    chip,
    do,
    error_line,
    field,
    heading,
    muted,
    ok_line,
    pick,
)
from fieldapp.ui.office.viewmodels.desk_models import AccountsModel
from fieldapp.ui.theme import MUTED_COLOR, OK_COLOR, OVERDUE_COLOR, PAD, TOUCH_TARGET


def _add_form(tr: Translator, model: AccountsModel) -> ft.Control:
    values, problems = model.form.values, model.problems

    def text_field(name: str, *, password: bool = False, helper: str | None = None) -> ft.Control:
        return field(
            tr.t(f"accounts.field.{name}"),
            values[name],
            lambda value: model.set_value(name, value),
            f"account-{name}",
            message=tr.text(problems.get(name)),
            helper=helper,
            password=password,
            width=320,
            max_length=ACCOUNT_LIMITS.get(name),
        )

    controls: list[ft.Control] = [
        heading(tr.t("accounts.add_title"), 16),
        ft.Row(
            [
                text_field("username", helper=tr.t("accounts.username_hint")),
                text_field("display_name"),
            ],
            wrap=True,
        ),
        muted(tr.t("accounts.field.role")),
        ft.Row(
            [
                chip(
                    tr.t(f"office.role.{r.value}"),
                    model.form.role is r,
                    pick(model.set_role, r.value),
                    f"role-{r.value}",
                )
                for r in ROLES
            ],
            wrap=True,
            spacing=6,
        ),
    ]
    if "role" in problems:
        controls.append(ft.Text(tr.text(problems["role"]), color=OVERDUE_COLOR))
    controls += [
        text_field("service_centre"),
        text_field("password", password=True, helper=tr.t("accounts.password_hint")),
    ]
    if model.error is not None:
        controls.append(error_line(tr.text(model.error)))
    controls.append(
        ft.Row(
            [
                action(tr.t("accounts.add"), model.add, "account-save", icon=ft.Icons.PERSON_ADD),
                action(tr.t("common.cancel"), model.stop, "account-cancel", filled=False),
            ]
        )
    )
    return card(controls, "account-form", width=700)


def _user_row(tr: Translator, model: AccountsModel, user: UserPublic, me: str | None) -> ft.Control:
    switch: ft.Control
    if user.id == me:
        # An admin cannot lock themselves out (the service refuses it too): no button.
        switch = ft.Container(
            muted(tr.t("accounts.yourself")),
            height=TOUCH_TARGET,
            width=80,
            alignment=ft.Alignment.CENTER_LEFT,
        )
    else:
        identifier = f"account-{'enable' if not user.active else 'disable'}-{user.username}"
        switch = action(
            tr.t("accounts.enable" if not user.active else "accounts.disable"),
            do(model.set_active, user, not user.active),
            identifier,
            filled=False,
            disabled=model.busy,
        )
        # Keyed by what it does: the web client does not always re-read a reused node's
        # identifier, and 停用 turning into 启用 must be found by its new name.
        switch.key = identifier
    return ft.Container(
        key=f"user-{user.id}",
        content=ft.Row(
            [
                ft.Container(ft.Text(user.username, weight=ft.FontWeight.BOLD), width=150),
                ft.Container(ft.Text(user.display_name), width=140),
                ft.Container(ft.Text(tr.t(f"office.role.{user.role.value}")), width=100),
                ft.Container(ft.Text(user.service_centre or "—"), width=140),
                ft.Container(
                    ft.Text(
                        tr.t("accounts.active" if user.active else "accounts.disabled"),
                        color=OK_COLOR if user.active else MUTED_COLOR,
                    ),
                    width=80,
                ),
                switch,
            ],
            wrap=True,
        ),
        padding=PAD,
        border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
    )


def _phone_row(tr: Translator, model: AccountsModel, phone: DevicePublic) -> ft.Control:
    asked = model.releasing == phone.device_id
    buttons: list[ft.Control]
    if asked:
        buttons = [
            ft.Text(tr.t("accounts.release_ask", name=phone.display_name), color=OVERDUE_COLOR),
            action(
                tr.t("accounts.release_yes"),
                do(model.release, phone.device_id),
                f"release-yes-{phone.device_id}",
                color=OVERDUE_COLOR,
            ),
            action(
                tr.t("common.cancel"),
                pick(model.ask_release, None),
                f"release-no-{phone.device_id}",
                filled=False,
            ),
        ]
    else:
        buttons = [
            action(
                tr.t("accounts.release"),
                pick(model.ask_release, phone.device_id),
                f"release-{phone.device_id}",
                filled=False,
                icon=ft.Icons.PHONELINK_ERASE,
            )
        ]
    seen = show_time(phone.last_seen_at)
    return ft.Container(
        key=f"phone-{phone.device_id}",
        content=ft.Row(
            [
                ft.Container(ft.Text(phone.device_id, weight=ft.FontWeight.BOLD), width=220),
                ft.Container(
                    ft.Text(
                        tr.t("accounts.owner", name=phone.display_name, username=phone.username)
                        if phone.username
                        else "—"
                    ),
                    width=200,
                ),
                ft.Container(muted(tr.t("accounts.last_seen", when=seen)), width=200),
                *buttons,
            ],
            wrap=True,
        ),
        padding=PAD,
        border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
    )


@ft.component
def AccountsScreen(client: OfficeClient, me: str | None) -> ft.Control:
    """The accounts and phones; ``me`` is the signed-in admin's own account id."""
    tr = use_translator()
    model = use_model(lambda: AccountsModel(client=client))
    ft.use_effect(lambda: ft.context.page.run_task(model.load), [])
    controls: list[ft.Control] = []
    if model.done is not None:
        # Keyed by what it says: a new message is a new line (read anew by screen readers).
        said = tr.text(model.done)
        controls.append(ft.Container(ok_line(said), key=f"done-{said}"))
    if model.adding:
        controls.append(_add_form(tr, model))
    else:
        if model.error is not None:
            controls.append(error_line(tr.text(model.error)))
        controls.append(
            action(
                tr.t("accounts.add"), model.start_adding, "account-add", icon=ft.Icons.PERSON_ADD
            )
        )
    controls.append(heading(tr.t("accounts.people"), 16))
    controls += [_user_row(tr, model, user, me) for user in model.users]
    controls.append(ft.Container(height=12))
    controls.append(heading(tr.t("accounts.phones"), 16))
    controls.append(muted(tr.t("accounts.phones_hint"), 12))
    if not model.phones and not model.loading:
        controls.append(muted(tr.t("accounts.no_phones")))
    controls += [_phone_row(tr, model, phone) for phone in model.phones]
    return ft.Column(controls, expand=True, spacing=6, scroll=ft.ScrollMode.AUTO)
