"""The technician app's entry point for ``flet run`` and ``flet build`` (phones, desktop).

``flet build apk`` packages this folder (see ``[tool.flet]`` in ``pyproject.toml``); the
app's data goes under ``FLET_APP_STORAGE_DATA``, which packaged apps set. For the demo
and the tests use ``fieldapp app`` (web mode), which runs the same code.
"""

from pathlib import Path

import flet as ft

from fieldapp.application import Device
from fieldapp.ui.runtime import technician_main

_device: Device | None = None


def main(page: ft.Page) -> None:
    """One session; the first one opens the device (store and sync) for the process."""
    global _device
    if _device is None:
        _device = Device()
        _device.start()
    technician_main(page, _device)


if __name__ == "__main__":
    # no_cdn: in web mode (FLET_FORCE_WEB_SERVER) an offline machine never leaves the splash.
    ft.run(main, assets_dir=str(Path(__file__).resolve().parent / "assets"), no_cdn=True)
