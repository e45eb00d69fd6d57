"""Starting one session of the technician app on a page (a phone, a window, a browser tab).

:func:`technician_main` sets the theme, the font and the locale, builds the session's
view-models around the process's :class:`~fieldapp.application.Device`, and hands sync
status changes from the sync thread to the page's loop (FLET.md: a background thread
must not touch observables directly).
"""

from __future__ import annotations

import logging

import flet as ft

from fieldapp.application import Device
from fieldapp.sync_client.status import SyncStatus
from fieldapp.ui.i18n import EN, ZH, Translator, apply_locale, normalise_language, translate
from fieldapp.ui.services import Services
from fieldapp.ui.technician_app import TechnicianApp
from fieldapp.ui.theme import apply_theme
from fieldapp.ui.viewmodels.job_list_model import JobListModel
from fieldapp.ui.viewmodels.session_model import LayoutModel, SessionModel
from fieldapp.ui.viewmodels.sync_model import SyncModel

log = logging.getLogger(__name__)


def technician_main(page: ft.Page, device: Device) -> None:
    """Render the app on ``page`` for ``device`` (called by Flet once per session)."""
    language = normalise_language(device.language)
    page.title = f"{translate('app.title', ZH)} / {translate('app.title', EN)}"
    apply_theme(page)
    apply_locale(page, language)
    translator = Translator(language=language)
    session = SessionModel(device=device)
    layout = LayoutModel(width=float(page.width or 390))
    session.refresh()
    sync = SyncModel(device=device)
    sync.show(device.status)
    job_list = JobListModel.for_today(device.jobs)
    services = Services(
        device=device,
        translator=translator,
        session=session,
        layout=layout,
        sync=sync,
        job_list=job_list,
    )

    async def show_status(status: SyncStatus) -> None:
        # A round that succeeded may have pulled orders or sent sheets: the rows may change.
        # A failed round (offline) changed nothing on the device.
        synced = (
            status.last_success is not None and status.last_success != sync.summary.last_success
        )
        sync.show(status)
        session.refresh()
        if synced and not status.running and session.signed_in:
            await job_list.load()

    def on_status(status: SyncStatus) -> None:
        try:
            page.run_task(show_status, status)
        except Exception:  # the session is gone; the next disconnect unsubscribes
            log.debug("status update for a closed session dropped", exc_info=True)

    unsubscribe = device.subscribe(on_status)
    page.on_close = lambda _: unsubscribe()
    page.on_resize = lambda e: layout.resized(e.width)
    page.render_views(TechnicianApp, services, session)
