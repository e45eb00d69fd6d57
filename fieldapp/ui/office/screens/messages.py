"""Messages to customers: the failed ones with a resend, or one ticket's messages with their
state (queued, sent, failed), for the clerk who answers "I was never told"."""

from __future__ import annotations

import flet as ft

from fieldapp.office.client import OfficeClient
from fieldapp.office.sheet_view import show_time
from fieldapp.protocol.messages import MessagePublic
from fieldapp.ui.hooks import use_model
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.office.components.widgets import action, do, error_line, field, keyed, muted
from fieldapp.ui.office.viewmodels.messages_model import MessagesModel
from fieldapp.ui.theme import OK_COLOR, OVERDUE_COLOR, PAD

STATE_COLORS = {"sent": OK_COLOR, "failed": OVERDUE_COLOR}


@ft.component
def MessageRow(message: MessagePublic, model: MessagesModel) -> ft.Control:
    tr = use_translator()
    state = tr.t(f"messages.state.{message.state}", n=message.attempts)
    when = show_time(message.sent_at or message.created_at)
    line: list[ft.Control] = [
        ft.Text(message.ticket_no, weight=ft.FontWeight.BOLD),
        ft.Text(tr.text(message.event_name)),
        ft.Text(state, color=STATE_COLORS.get(message.state), weight=ft.FontWeight.BOLD),
        muted(when),
    ]
    controls: list[ft.Control] = [ft.Row(line, wrap=True), ft.Text(message.text, size=14)]
    if message.last_error:
        controls.append(muted(tr.t("messages.last_error", error=message.last_error)))
    if message.state == "failed" and model.can_write:
        controls.append(
            action(
                tr.t("messages.resend"),
                do(model.resend, message.id),
                f"message-{message.id}-resend",
                filled=False,
                disabled=model.busy,
            )
        )
    return ft.Semantics(
        identifier=f"message-{message.id}",
        content=ft.Container(
            ft.Column(controls, spacing=4),
            padding=PAD,
            border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
        ),
    )


@ft.component
def MessagesScreen(client: OfficeClient, can_write: bool) -> ft.Control:
    tr = use_translator()
    model = use_model(lambda: MessagesModel(client=client, can_write=can_write))
    ft.use_effect(lambda: ft.context.page.run_task(model.load), [])
    search = ft.Row(
        [
            field(
                tr.t("messages.ticket"),
                model.ticket,
                model.type_ticket,
                "messages-ticket",
                width=260,
                on_submit=do(model.look_up),
                hint=tr.t("messages.ticket_hint"),
            ),
            action(tr.t("messages.look_up"), do(model.look_up), "messages-look-up"),
        ],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )
    title = (
        tr.t("messages.failed")
        if model.shown_ticket is None
        else tr.t("messages.of_ticket", ticket=model.shown_ticket)
    )
    page = f"{client.base_url.rstrip('/')}/track"
    controls: list[ft.Control] = [
        ft.Semantics(
            identifier="messages-progress-page",
            content=ft.Text(tr.t("messages.progress_page", url=page)),
        ),
        search,
        ft.Text(title, size=16, weight=ft.FontWeight.BOLD),
    ]
    if model.error is not None:
        controls.append(error_line(tr.text(model.error)))
    controls += [keyed(f"message-{m.id}", MessageRow(m, model)) for m in model.items]
    if not model.items and not model.loading:
        controls.append(muted(tr.t("messages.none"), 16))
    return ft.Column(controls, expand=True, spacing=6, scroll=ft.ScrollMode.AUTO)
