"""Running the back office in web mode: one Flet process, one session per browser tab.

Unlike the technician app (one device per process), every tab here is its own member of
staff: the sign-in, the token and the screens live in the session, never in the process.
"""

from __future__ import annotations

import flet as ft

from fieldapp.office.client import DEFAULT_SERVICE_URL
from fieldapp.ui.i18n import EN, ZH, Translator, apply_locale, translate
from fieldapp.ui.launch import assets_dir
from fieldapp.ui.office.office_app import OfficeApp
from fieldapp.ui.office.services import OfficeServices
from fieldapp.ui.office.viewmodels.session_model import OfficeSessionModel
from fieldapp.ui.theme import apply_theme
from fieldapp.ui.viewmodels.session_model import LayoutModel
from fieldapp.ui.web_server import serve_web

DEFAULT_OFFICE_PORT = 8560


def office_main(page: ft.Page, service_url: str = DEFAULT_SERVICE_URL) -> None:
    """Render the back office on ``page`` (called by Flet once per session)."""
    page.title = f"{translate('office.title', ZH)} / {translate('office.title', EN)}"
    apply_theme(page)
    apply_locale(page, ZH)
    page.padding = 0
    services = OfficeServices(
        translator=Translator(language=ZH),
        session=OfficeSessionModel(service_url=service_url),
        layout=LayoutModel(width=float(page.width or 1024)),
    )
    page.on_resize = lambda e: services.layout.resized(e.width)
    page.render(OfficeApp, services, services.session)


def run_office(
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_OFFICE_PORT,
    service_url: str = DEFAULT_SERVICE_URL,
) -> None:
    """Serve the back office to browsers until interrupted."""
    print(f"{translate('office.title', ZH)} / back office: http://{host}:{port}/", flush=True)

    def main(page: ft.Page) -> None:
        office_main(page, service_url)

    serve_web(main, host=host, port=port, assets_dir=assets_dir())
