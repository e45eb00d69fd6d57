"""Device settings kept by the store: small values in ``settings.json`` (TinyDB, atomic).

Known settings and their defaults are in :data:`DEFAULTS`; any other JSON value may be
stored under a new name. Secrets (the access token) do not belong here: they go to the
``flet-secure-storage`` extension.
"""

from __future__ import annotations

import json
from typing import Any

from fieldapp.store.records import DocumentFile

DEFAULTS: dict[str, Any] = {
    # Synced, approved jobs leave the active set this many days after their last activity.
    "archive_after_days": 30,
    # Unreferenced attachments younger than this are kept (a sheet may be about to use them).
    "attachment_grace_minutes": 24 * 60,
}


class Settings:
    """The settings document of a store."""

    def __init__(self, file: DocumentFile) -> None:
        self._file = file
        self._values: dict[str, Any] = file.load() or {}

    def get(self, name: str, default: Any = None) -> Any:
        """The value of ``name``: stored, else its default in :data:`DEFAULTS`, else ``default``."""
        if name in self._values:
            return self._values[name]
        return DEFAULTS.get(name, default)

    def set(self, name: str, value: Any) -> None:
        """Store ``value`` under ``name`` (must be JSON data); durable when this returns."""
        json.dumps(value)  # refuse what cannot be stored before touching the file
        values = {**self._values, name: value}
        self._file.save(values)
        self._values = values

    def all(self) -> dict[str, Any]:
        """Every setting, defaults included."""
        return {**DEFAULTS, **self._values}
