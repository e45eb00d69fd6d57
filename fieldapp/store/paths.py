"""Where the store keeps its files on the device.

In order of precedence:

1. the ``path`` given to ``open_store``;
2. the ``FIELDAPP_STORE_DIR`` environment variable (tests, support staff, a second profile);
3. ``$FLET_APP_STORAGE_DATA/store``: set by ``flet run`` and by packaged apps, whose
   bundle is read-only;
4. ``<per-user data directory>/fieldapp/store`` under plain ``python``: ``%LOCALAPPDATA%``
   on Windows, ``~/Library/Application Support`` on macOS, ``$XDG_DATA_HOME`` (default
   ``~/.local/share``) elsewhere.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "fieldapp"
STORE_DIR_ENV = "FIELDAPP_STORE_DIR"
FLET_DATA_ENV = "FLET_APP_STORAGE_DATA"


def user_data_dir() -> Path:
    """The per-user data directory of the app on this operating system."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_NAME


def app_data_dir() -> Path:
    """The app's durable data directory: Flet's when packaged, else the per-user one."""
    flet_data = os.environ.get(FLET_DATA_ENV)
    if flet_data:
        return Path(flet_data)
    return user_data_dir()


def default_store_dir() -> Path:
    """The folder ``open_store()`` uses when no path is given."""
    override = os.environ.get(STORE_DIR_ENV)
    if override:
        return Path(override)
    return app_data_dir() / "store"
