"""Starting one session of the technician app on a page (a phone, a window, a browser tab).

:func:`technician_main` sets the theme, the font and the locale, builds the session's
view-models around the process's :class:`~fieldapp.application.Device`, hands sync
status changes from the sync thread to the page's loop (FLET.md: a background thread
must not touch observables directly), and tells the device when the app comes back to
the foreground or the network changes, so that it checks the service at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

import flet as ft

from fieldapp.application import Device
from fieldapp.sync_client import SyncStatus
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

    bridge = _StatusBridge(page, sync, session, job_list, asyncio.get_running_loop())
    unsubscribe = device.subscribe(bridge.on_status)
    page.on_close = lambda _: unsubscribe()
    page.on_resize = lambda e: layout.resized(e.width)
    _watch_connectivity(page, device, lambda: bridge.show_here(device.status))
    page.render_views(TechnicianApp, services, session)


@dataclass
class _StatusBridge:
    """Hands each sync status, from whichever thread made it, to one page's view-models.

    Observables must change on the page's loop and in that page's context: Flet schedules
    an observable's re-render on the *current* page, so a status for this page must never
    be shown from another page's handler (nor this page's context be changed there).
    """

    page: ft.Page
    sync: SyncModel
    session: SessionModel
    job_list: JobListModel
    loop: asyncio.AbstractEventLoop  # Flet runs a synchronous main on the page's loop

    def on_status(self, status: SyncStatus) -> None:
        """A listener of the device (any thread)."""
        try:
            if _running_loop() is self.loop and _current_page() is self.page:
                # A change this page made (submitting a sheet): shown before the screen
                # that follows renders, so the sheet reads as queued from its first frame.
                self.show_here(status)
            else:
                # Scheduled as a plain callback, in a context of its own; no coroutine is
                # made here: one made for a tab that has gone was never awaited (Flet's
                # run_task makes it, then fails to schedule it).
                self.loop.call_soon_threadsafe(self._deliver, status)
        except RuntimeError:  # the loop is closed: the app is ending
            log.debug("status update dropped: the event loop is closed", exc_info=True)

    def show_here(self, status: SyncStatus) -> None:
        """Show ``status`` now (on the loop, in this page's context)."""
        if self._show(status) and _connected(self.page):
            self.page.run_task(self.job_list.load)

    def _deliver(self, status: SyncStatus) -> None:
        if _connected(self.page):  # a closed tab gets nothing; it catches up on reconnect
            self.page.run_task(self._show_status, status)

    async def _show_status(self, status: SyncStatus) -> None:
        if self._show(status):
            await self.job_list.load()

    def _show(self, status: SyncStatus) -> bool:
        """The indicator and the session; True when the lists may have changed (a round that
        succeeded may have pulled orders or sent sheets; a failed one changed nothing)."""
        synced = (
            status.last_success is not None
            and status.last_success != self.sync.summary.last_success
        )
        self.sync.show(status)
        self.session.refresh()
        return synced and not status.running and self.session.signed_in


def _watch_connectivity(page: ft.Page, device: Device, catch_up: Callable[[], None]) -> None:
    """Check the service at once when the app resumes, the tab reconnects or the network
    changes (whatever the platform reports): what waits goes out if it answers."""

    def lifecycle(event: ft.AppLifecycleStateChangeEvent) -> None:
        if event.state in (ft.AppLifecycleState.RESUME, ft.AppLifecycleState.SHOW):
            device.check_connection()

    def connected(_event: object) -> None:
        catch_up()
        device.check_connection()

    page.on_app_lifecycle_state_change = lifecycle
    page.on_connect = connected
    try:
        # Registered with the page as it is made. Flet drops a service nothing else
        # refers to, so the session keeps it.
        watcher = ft.Connectivity(on_change=lambda _event: device.check_connection())
        page.session.store.set("fieldapp.connectivity", watcher)
    except Exception:  # a client without the service: resume and reconnect still count
        log.warning("network change events are not available", exc_info=True)


def _connected(page: ft.Page) -> bool:
    try:
        return page.session.connection is not None
    except RuntimeError:  # the session was destroyed
        return False


def _current_page() -> ft.Page | None:
    try:
        return ft.context.page
    except RuntimeError:
        return None


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
