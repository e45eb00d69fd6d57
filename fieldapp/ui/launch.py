"""Running the technician app: in a browser tab (web mode), a desktop window, or packaged.

Web mode serves the Flutter client from this process with ``no_cdn=True`` (offline
machines never leave the splash screen otherwise) and a single-threaded renderer
(``fieldapp.ui.web_server`` says why), and treats the process as one device:
every tab shows the same technician's data. The assets folder (the bundled CJK font) is
``assets/`` beside ``main.py`` at the repository root.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import flet as ft

from fieldapp.application import Device
from fieldapp.ui.i18n import ZH, translate
from fieldapp.ui.long_lived import settle_once
from fieldapp.ui.runtime import technician_main
from fieldapp.ui.web_server import serve_web

log = logging.getLogger(__name__)

ASSETS_ENV = "FIELDAPP_ASSETS_DIR"
DEFAULT_WEB_PORT = 8550


def assets_dir() -> Path:
    """``$FIELDAPP_ASSETS_DIR``, else ``assets/`` beside the package (the repository's)."""
    override = os.environ.get(ASSETS_ENV)
    if override:
        return Path(override)
    beside_package = Path(__file__).resolve().parents[2] / "assets"
    return beside_package if beside_package.is_dir() else Path.cwd() / "assets"


def log_to_file(path: Path) -> None:
    """Keep the app's log (for "export diagnostics"): a few rotating files of 1 MB."""
    from logging.handlers import RotatingFileHandler

    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=2, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    logging.getLogger("flet").setLevel(logging.WARNING)


def run_app(
    *,
    web: bool,
    host: str = "127.0.0.1",
    port: int = DEFAULT_WEB_PORT,
    store_dir: Path | None = None,
    service_url: str = "",
    assets: Path | None = None,
) -> None:
    """Run until interrupted; the device (store, sync) lives as long as the process."""
    device = Device(store_dir, default_service_url=service_url)
    log_to_file(device.log_file)
    device.start()

    def main(page: ft.Page) -> None:
        technician_main(page, device)
        settle_once()

    try:
        if web:
            print(
                f"{translate('app.title', ZH)} / technician app: http://{host}:{port}/", flush=True
            )
            serve_web(main, host=host, port=port, assets_dir=assets or assets_dir())
        else:
            ft.run(main, assets_dir=str(assets or assets_dir()))
    finally:
        device.close()
