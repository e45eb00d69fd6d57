"""When sync runs: at start, after each sign-off, periodically while online, on "Sync now".

The runner owns one background thread that performs rounds of
:class:`~fieldapp.sync_client.engine.SyncEngine` one at a time. A failed round is
retried with exponential backoff and jitter (network errors, 5xx, 429); an expired
sign-in stops automatic rounds until the technician signs in again, keeping every
queued change.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from fieldapp.domain.text import Text, text
from fieldapp.sync_client.backoff import Backoff
from fieldapp.sync_client.engine import SyncEngine
from fieldapp.sync_client.errors import (
    NetworkError,
    RequestRefused,
    RetryableError,
    SignInRequired,
    offline_message,
)
from fieldapp.sync_client.round import RoundReport
from fieldapp.sync_client.status import StatusBoard

log = logging.getLogger(__name__)


@dataclass
class AttemptResult:
    """The outcome of one attempt: a report when the round completed, else the error."""

    report: RoundReport | None = None
    error: Text | None = None
    retry_in: float | None = None

    @property
    def ok(self) -> bool:
        return self.report is not None


@dataclass
class SyncRunner:
    """Schedules sync rounds in a background thread; see the module docstring."""

    engine: SyncEngine
    interval: float = 300.0
    backoff: Backoff = field(default_factory=Backoff)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    _wake: threading.Event = field(default_factory=threading.Event)
    _stop: threading.Event = field(default_factory=threading.Event)
    _round_lock: threading.Lock = field(default_factory=threading.Lock)
    _thread: threading.Thread | None = None

    def __post_init__(self) -> None:
        # What the last session ended with, so the screen shows it before the first round.
        state = self.engine.store.sync_state()
        last_error = state.last_error.message if state.last_error is not None else None
        self.board.update(last_success=state.last_success_at, last_error=last_error)

    @property
    def board(self) -> StatusBoard:
        return self.engine.board

    def attempt(self) -> AttemptResult:
        """Run one round now (at most one at a time) and record the outcome."""
        with self._round_lock:
            self._refresh_counts(running=True)
            try:
                report = self.engine.run_round()
            except SignInRequired as exc:
                self._failed(exc.message, sign_in_required=True, online=True)
                return AttemptResult(error=exc.message)
            except RetryableError as exc:
                delay = self.backoff.next_delay(exc.retry_after)
                message = offline_message() if isinstance(exc, NetworkError) else exc.message
                self._failed(message, online=not isinstance(exc, NetworkError), next_try_in=delay)
                return AttemptResult(error=message, retry_in=delay)
            except RequestRefused as exc:
                # A refusal outside any one item (e.g. the pull): report it, try again later.
                self._failed(exc.message, online=True, next_try_in=self.interval)
                return AttemptResult(error=exc.message, retry_in=self.interval)
            finally:
                self._refresh_counts(running=False)
            self.backoff.reset()
            problem = report.problems[-1] if report.problems else None
            now = self.clock()
            self.engine.store.record_sync_success(now)
            self.board.update(
                online=True,
                last_success=now,
                last_error=problem,
                next_try_in=None,
                sign_in_required=False,
            )
            return AttemptResult(report=report)

    def drain(self, max_attempts: int, sleep: Callable[[float], None]) -> bool:
        """Attempt rounds until nothing is pending (True) or ``max_attempts`` ran out."""
        for _ in range(max_attempts):
            result = self.attempt()
            if result.ok and not self.engine.store.pending_sheets():
                return True
            if self.board.current.sign_in_required:
                return False
            sleep(result.retry_in or 0.0)
        return False

    # -- the background thread ---------------------------------------------------------------

    def start(self) -> None:
        """Start the background thread; it syncs at once (app start)."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._wake.set()
        self._thread = threading.Thread(target=self._loop, name="fieldapp-sync", daemon=True)
        self._thread.start()

    def sync_now(self) -> None:
        """Ask for a round as soon as possible ("Sync now", after a sign-off)."""
        self._wake.set()

    def signed_in(self, token: str) -> None:
        """The technician signed in again: use the new token and sync what is queued."""
        self.engine.api.token = token
        self.board.update(sign_in_required=False, last_error=None)
        self.sync_now()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        wait: float | None = 0.0
        while not self._stop.is_set():
            self._wake.wait(timeout=wait)
            if self._stop.is_set():
                return
            self._wake.clear()
            if self.board.current.sign_in_required:
                wait = None  # nothing automatic until the technician signs in
                continue
            try:
                result = self.attempt()
            except Exception:  # a bug must not kill sync for the rest of the day
                log.exception("sync round failed unexpectedly")
                self.board.update(last_error=text("同步出错，稍后重试", "sync failed; will retry"))
                result = AttemptResult(retry_in=self.backoff.next_delay())
            wait = result.retry_in if result.retry_in is not None else self.interval

    def _failed(self, message: Text, **status: object) -> None:
        self.engine.store.record_sync_error(message, self.clock())
        self.board.update(last_error=message, **status)

    def _refresh_counts(self, running: bool) -> None:
        try:
            store = self.engine.store
            pending, attention = len(store.pending_sheets()), len(store.needs_attention())
        except Exception:  # counts are informative only
            pending, attention = self.board.current.pending, self.board.current.needs_attention
        self.board.update(running=running, pending=pending, needs_attention=attention)
