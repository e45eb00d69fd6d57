"""Route ``/``: today's jobs; on a wide screen, the list beside an empty job pane."""

from __future__ import annotations

import flet as ft

from fieldapp.ui.components.app_view import app_view
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.screens.jobs.job_list import JobList
from fieldapp.ui.services import use_layout, use_services
from fieldapp.ui.theme import MUTED_COLOR

LIST_WIDTH = 420


def side_by_side(left: ft.Control, right: ft.Control) -> ft.Control:
    return ft.Row(
        [
            ft.Container(left, width=LIST_WIDTH),
            ft.VerticalDivider(width=1),
            ft.Container(right, expand=True),
        ],
        spacing=0,
        expand=True,
        vertical_alignment=ft.CrossAxisAlignment.STRETCH,
    )


@ft.component
def JobsView() -> ft.View:
    services = use_services()
    tr = use_translator()
    layout = use_layout()
    body: ft.Control = JobList(services.job_list)
    if layout.wide:
        hint = ft.Container(
            ft.Text(tr.t("job.select"), color=MUTED_COLOR), alignment=ft.Alignment.CENTER
        )
        body = side_by_side(body, hint)
    return app_view(
        route=ft.use_view_path(),
        title=tr.t("jobs.title"),
        body=body,
        services=services,
        tr=tr,
        selected=0,
    )
