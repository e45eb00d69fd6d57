"""What the screens show about sync: online or not, what is queued, progress, last outcome.

The :class:`StatusBoard` holds the current :class:`SyncStatus` and tells listeners of each
change. **Listeners are called on the thread that changed the status**: the background
sync thread for rounds started by :meth:`SyncRunner.start` / ``sync_now``, the caller's
thread for ``attempt``, ``drain`` and ``signed_in``. A Flet screen must not touch its
controls from there; it hands the status to Flet's event loop, e.g.::

    def on_status(status: SyncStatus) -> None:       # sync thread
        page.run_task(show_status, status)          # show_status runs on Flet's loop

    runner.board.subscribe(on_status)

A listener must return quickly (the round waits for it); one that raises is logged and
does not stop sync or the other listeners.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from fieldapp.domain.text import Text
from fieldapp.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncStatus:
    """A snapshot of the sync state, safe to hand to a screen (immutable)."""

    online: bool | None = None  # None until the first request; False: the service did not answer
    running: bool = False
    pending: int = 0
    needs_attention: int = 0
    pending_sheets: frozenset[str] = frozenset()  # the ids of what ``pending`` counts
    attention_sheets: frozenset[str] = frozenset()  # and of what ``needs_attention`` counts
    counted: bool = False  # the four fields above were read from the store
    items_done: int = 0
    items_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    last_success: datetime | None = None
    last_error: Text | None = None
    sign_in_required: bool = False
    next_try_in: float | None = None


def outbox_counts(store: Store) -> dict[str, Any]:
    """The status fields that say what is queued, from the store's index (no sheet is read).

    The one count of the outbox: the runner takes it around each round, the device after
    each local change, so the indicator and every screen stating a sheet's sync state agree.
    """
    pending = frozenset(s.sheet_id for s in store.list_sheets(pending=True))
    attention = frozenset(s.sheet_id for s in store.needs_attention())
    return {
        "pending": len(pending),
        "needs_attention": len(attention),
        "pending_sheets": pending,
        "attention_sheets": attention,
        "counted": True,
    }


StatusListener = Callable[[SyncStatus], None]
"""Called with the new status after each change, on the thread that made it (see above)."""


@dataclass
class StatusBoard:
    """Holds the current :class:`SyncStatus`; the sync thread updates it, screens read it."""

    _status: SyncStatus = field(default_factory=SyncStatus)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _listeners: list[StatusListener] = field(default_factory=list)

    @property
    def current(self) -> SyncStatus:
        """The latest status (any thread)."""
        with self._lock:
            return self._status

    def update(self, **changes: Any) -> SyncStatus:
        """Replace some fields of the status and call every listener with the result."""
        with self._lock:
            self._status = replace(self._status, **changes)
            status = self._status
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(status)
            except Exception:  # a screen's bug must not stop sync
                log.exception("sync status listener %r failed", listener)
        return status

    def subscribe(self, listener: StatusListener) -> Callable[[], None]:
        """Call ``listener`` after every change; returns a function that unsubscribes it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe
