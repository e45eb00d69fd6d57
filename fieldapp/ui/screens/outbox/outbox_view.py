"""Route ``/outbox``: the sync panel (立即同步, last success, the error in words) and every
queued sheet and file with its state and the service's message.
"""

from __future__ import annotations

import flet as ft

from fieldapp.application.diagnostics import human_size
from fieldapp.application.outbox import OutboxEntry
from fieldapp.ui.components.app_view import place_view
from fieldapp.ui.components.sync_indicator import SyncIndicator
from fieldapp.ui.hooks import use_model
from fieldapp.ui.i18n import Translator, use_translator
from fieldapp.ui.services import use_services
from fieldapp.ui.theme import (
    MUTED_COLOR,
    OK_COLOR,
    OVERDUE_COLOR,
    TOUCH_TARGET,
    WARNING_COLOR,
)
from fieldapp.ui.viewmodels.outbox_model import OutboxModel
from fieldapp.ui.viewmodels.sync_model import SyncModel

_FILE_COLOURS = {"refused": OVERDUE_COLOR, "lost": OVERDUE_COLOR, "sent": OK_COLOR}


def _entry(entry: OutboxEntry, tr: Translator, model: OutboxModel) -> ft.Control:
    attention = entry.state == "attention"
    state = tr.t("outbox.state.attention" if attention else "outbox.state.pending")
    lines: list[ft.Control] = [
        ft.Text(
            tr.t("outbox.sheet", ticket=entry.ticket_no, version=entry.version),
            weight=ft.FontWeight.BOLD,
        ),
        ft.Text(state, color=OVERDUE_COLOR if attention else WARNING_COLOR),
    ]
    if entry.message is not None:
        lines.append(ft.Text(tr.text(entry.message), color=OVERDUE_COLOR))
    for file in entry.files:
        name = tr.t("outbox.file", name=file.caption, size=human_size(file.size))
        state = tr.t(f"outbox.file.{file.state}", why=tr.text(file.message))
        lines.append(
            ft.Text(
                f"· {name} — {state}",
                size=13,
                color=_FILE_COLOURS.get(file.state, MUTED_COLOR),
            )
        )
    if attention:

        async def retry() -> None:
            await model.retry(entry.sheet_id)

        lines.append(ft.OutlinedButton(tr.t("outbox.retry"), on_click=retry, height=TOUCH_TARGET))
    return ft.Semantics(
        identifier=f"outbox-{entry.sheet_id}",
        content=ft.Container(
            ft.Column(lines, spacing=4),
            padding=10,
            border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
        ),
    )


@ft.component
def OutboxList(model: OutboxModel, sync: SyncModel) -> ft.Control:
    """The entries, reloaded whenever the sync status shows a different queue."""
    tr = use_translator()
    summary = sync.summary
    tick = (summary.pending, summary.needs_attention, summary.state)
    ft.use_effect(lambda: ft.context.page.run_task(model.load), [tick])
    if model.error is not None:
        return ft.Text(tr.text(model.error), color=OVERDUE_COLOR)
    if not model.entries and not model.loading:
        return ft.Text(tr.t("outbox.empty"), color=MUTED_COLOR)
    return ft.Column(
        [_entry(e, tr, model) for e in model.entries],
        spacing=0,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )


@ft.component
def OutboxBody() -> ft.Control:
    services = use_services()
    model = use_model(lambda: OutboxModel(device=services.device))
    return ft.ListView(
        [SyncIndicator(services.sync, compact=False), OutboxList(model, services.sync)],
        padding=12,
        spacing=12,
        expand=True,
    )


@ft.component
def OutboxView() -> ft.View:
    return place_view("outbox.title", OutboxBody(), selected=1)
