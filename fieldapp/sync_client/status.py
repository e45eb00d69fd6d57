"""What the screens show about sync: online or not, what is queued, progress, last outcome."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import datetime

from fieldapp.domain.text import Text


@dataclass(frozen=True)
class SyncStatus:
    """A snapshot of the sync state, safe to hand to a screen."""

    online: bool | None = None  # None until the first attempt
    running: bool = False
    pending: int = 0
    needs_attention: int = 0
    items_done: int = 0
    items_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    last_success: datetime | None = None
    last_error: Text | None = None
    sign_in_required: bool = False
    next_try_in: float | None = None


@dataclass
class StatusBoard:
    """Holds the current :class:`SyncStatus`; the sync thread updates it, screens read it."""

    _status: SyncStatus = field(default_factory=SyncStatus)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _listeners: list[object] = field(default_factory=list)

    @property
    def current(self) -> SyncStatus:
        with self._lock:
            return self._status

    def update(self, **changes: object) -> SyncStatus:
        """Replace some fields and notify listeners (callables taking the new status)."""
        with self._lock:
            self._status = replace(self._status, **changes)  # type: ignore[arg-type]
            status = self._status
            listeners = list(self._listeners)
        for listener in listeners:
            listener(status)  # type: ignore[operator]
        return status

    def subscribe(self, listener: object) -> None:
        with self._lock:
            self._listeners.append(listener)
