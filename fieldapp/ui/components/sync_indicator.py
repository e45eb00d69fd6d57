"""The sync indicator, on every screen: state, what is left to send, progress, Sync now.

It takes the session's :class:`SyncModel` as an argument, so a sync tick re-renders this
component only. ``compact`` fits an app bar; the full form (outbox, settings) adds the last
success, the last error in words and the 立即同步 button.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

import flet as ft

from fieldapp.application import SyncState, SyncSummary
from fieldapp.ui.i18n import Translator, use_translator
from fieldapp.ui.theme import MUTED_COLOR, OK_COLOR, OVERDUE_COLOR, WARNING_COLOR
from fieldapp.ui.viewmodels.sync_model import SyncModel

_ICONS = {
    SyncState.UNKNOWN: (ft.Icons.CLOUD_QUEUE, MUTED_COLOR),
    SyncState.OFFLINE: (ft.Icons.CLOUD_OFF, WARNING_COLOR),
    SyncState.ONLINE: (ft.Icons.CLOUD_DONE, OK_COLOR),
    SyncState.SYNCING: (ft.Icons.CLOUD_SYNC, ft.Colors.BLUE_700),
    SyncState.ATTENTION: (ft.Icons.ERROR_OUTLINE, OVERDUE_COLOR),
    SyncState.SIGN_IN: (ft.Icons.LOCK_CLOCK, OVERDUE_COLOR),
}

_STATE_KEYS = {
    SyncState.UNKNOWN: "sync.unknown",
    SyncState.OFFLINE: "sync.offline",
    SyncState.ONLINE: "sync.online",
    SyncState.SYNCING: "sync.syncing",
    SyncState.ATTENTION: "sync.online",
    SyncState.SIGN_IN: "sync.sign_in_required",
}


def state_words(summary: SyncSummary, tr: Translator) -> str:
    """One line: the state, then what is left to send or to look at."""
    parts = [tr.t(_STATE_KEYS[summary.state])]
    if summary.needs_attention:
        parts.append(tr.t("sync.attention", n=summary.needs_attention))
    if summary.pending:
        parts.append(tr.t("sync.pending", n=summary.pending))
    elif not summary.needs_attention and summary.state is SyncState.ONLINE:
        parts.append(tr.t("sync.all_sent"))
    return " · ".join(parts)


def local_time(value: datetime | None, tr: Translator, zone: tzinfo | None = None) -> str:
    """A moment in the service centre's time (as every time the app shows), short."""
    if value is None:
        return tr.t("sync.never")
    return value.astimezone(zone).strftime("%m-%d %H:%M")


@ft.component
def SyncIndicator(model: SyncModel, compact: bool = True, on_open: object = None) -> ft.Control:
    """The indicator; ``on_open`` (the outbox) is called when the compact form is tapped."""
    tr = use_translator()
    summary = model.summary
    icon, color = _ICONS[summary.state]
    words = state_words(summary, tr)
    bar = ft.ProgressBar(
        value=summary.progress,
        height=3,
        visible=summary.state is SyncState.SYNCING,
        color=ft.Colors.BLUE_700,
    )
    if compact:
        return ft.Semantics(
            identifier="sync-indicator",
            label=words,
            content=ft.Container(
                content=ft.Column(
                    [
                        ft.Row(
                            [
                                ft.Icon(icon, color=color, size=20),
                                ft.Text(words, size=13, color=color, no_wrap=True),
                            ],
                            spacing=4,
                            tight=True,
                        ),
                        bar,
                    ],
                    spacing=2,
                    tight=True,
                ),
                padding=ft.Padding.symmetric(horizontal=8, vertical=4),
                on_click=on_open,  # type: ignore[arg-type]
                ink=True,
                border_radius=8,
                height=48,
                alignment=ft.Alignment.CENTER_LEFT,
            ),
        )
    details: list[ft.Control] = [
        ft.Row([ft.Icon(icon, color=color), ft.Text(words, color=color, size=16)], wrap=True),
        bar,
    ]
    if summary.state is SyncState.SYNCING and summary.items_total:
        details.append(
            ft.Text(tr.t("sync.progress", done=summary.items_done, total=summary.items_total))
        )
    details.append(
        ft.Text(
            tr.t("sync.last_success", when=local_time(summary.last_success, tr, model.zone)),
            size=13,
        )
    )
    if summary.last_error is not None:
        details.append(ft.Text(tr.text(summary.last_error), color=OVERDUE_COLOR, size=13))
    details.append(
        ft.Button(
            tr.t("sync.now"),
            icon=ft.Icons.SYNC,
            on_click=model.sync_now,
            disabled=summary.state in (SyncState.SYNCING, SyncState.SIGN_IN),
            height=48,
        )
    )
    return ft.Semantics(
        identifier="sync-panel",
        content=ft.Container(
            content=ft.Column(details, spacing=6),
            padding=12,
            border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
            border_radius=8,
        ),
    )
