"""Route ``/job/:ticket``: the job; on a wide screen beside the list, the job highlighted."""

from __future__ import annotations

import flet as ft

from fieldapp.ui.components.app_view import app_view
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.screens.jobs.job_detail_pane import JobDetailPane
from fieldapp.ui.screens.jobs.job_list import JobList
from fieldapp.ui.screens.jobs.jobs_view import side_by_side
from fieldapp.ui.services import use_layout, use_services


@ft.component
def JobView() -> ft.View:
    services = use_services()
    tr = use_translator()
    layout = use_layout()
    ticket = ft.use_route_params().get("ticket", "")
    # Keyed by ticket: another job (a row tapped on a tablet) mounts a fresh pane and model.
    body: ft.Control = JobDetailPane(ticket, key=ticket)
    if layout.wide:
        body = side_by_side(JobList(services.job_list, selected=ticket), body)
    return app_view(
        route=ft.use_view_path(),
        title=ticket,  # the ticket number is what the technician reads out; it fits at 360 px
        body=body,
        services=services,
        tr=tr,
        selected=None,
    )
