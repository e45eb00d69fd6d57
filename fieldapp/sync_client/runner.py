"""When sync runs: at start, after each sign-off, periodically, on "Sync now", and as soon as
the service answers again after it could not be reached.

The runner owns one background thread that performs rounds of
:class:`~fieldapp.sync_client.engine.SyncEngine` one at a time, and in between checks
cheaply whether the service answers (:meth:`ApiClient.answers`), following its
:class:`~fieldapp.sync_client.timetable.Timetable`. A connection that fails is "offline":
the service is checked every few seconds while something is queued and the queue goes out
at the first answer. An error the service returns (5xx, 429, an unreadable reply) is
retried with exponential backoff and jitter; an expired sign-in stops automatic rounds
until the technician signs in again, keeping every queued change. Every request of the
runner's client (and of the device's one-off clients, through :meth:`SyncRunner.heard`)
tells the status whether the service answered, so "online" is never a stale claim.
"""

from __future__ import annotations

import logging
import threading
import time
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
from fieldapp.sync_client.status import StatusBoard, SyncStatus, outbox_counts
from fieldapp.sync_client.timetable import Action, Checks, Timetable

log = logging.getLogger(__name__)


@dataclass
class AttemptResult:
    """The outcome of one attempt: a report when the round completed, else the error."""

    report: RoundReport | None = None
    error: Text | None = None
    retry_in: float | None = None
    unreachable: bool = False  # the service could not be reached (offline), not an error

    @property
    def ok(self) -> bool:
        return self.report is not None


@dataclass
class SyncRunner:
    """Schedules sync rounds in a background thread; see the module docstring."""

    engine: SyncEngine
    interval: float = 300.0  # a round (the pull of new work) this often while online
    checks: Checks = field(default_factory=Checks)
    backoff: Backoff = field(default_factory=Backoff)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    monotonic: Callable[[], float] = field(default=time.monotonic)
    _wake: threading.Event = field(default_factory=threading.Event)
    _stop: threading.Event = field(default_factory=threading.Event)
    _round_lock: threading.Lock = field(default_factory=threading.Lock)
    _plan_lock: threading.Lock = field(default_factory=threading.Lock)
    _thread: threading.Thread | None = None
    _unsubscribe: Callable[[], None] | None = None
    _queued: bool = False
    _timetable: Timetable = field(init=False)

    def __post_init__(self) -> None:
        self._timetable = Timetable(self.checks)
        # Every request of this client says whether the service answered.
        self.engine.api.on_reach = self.heard
        # What the last session ended with, so the screen shows it before the first round.
        state = self.engine.store.sync_state()
        last_error = state.last_error.message if state.last_error is not None else None
        self.board.update(last_success=state.last_success_at, last_error=last_error)

    @property
    def board(self) -> StatusBoard:
        return self.engine.board

    def attempt(self) -> AttemptResult:
        """Run one round now (at most one at a time), record the outcome and plan the next."""
        with self._round_lock:
            with self._plan_lock:
                self._timetable.round_started()
            result = self._round()
            with self._plan_lock:
                now = self.monotonic()
                if result.ok:
                    self._timetable.synced(now, self.interval)
                elif result.unreachable:
                    self._timetable.unreachable(now)
                else:
                    self._timetable.refused(now, result.retry_in)
            return result

    def _round(self) -> AttemptResult:
        self._refresh_counts(running=True)
        try:
            report = self.engine.run_round()
        except SignInRequired as exc:
            self._failed(exc.message, sign_in_required=True, online=True)
            return AttemptResult(error=exc.message)
        except NetworkError:
            # Offline: not an error to back off from; checks find out when it answers.
            message = offline_message()
            self._failed(message, online=False, next_try_in=self.checks.queued)
            return AttemptResult(error=message, retry_in=self.checks.queued, unreachable=True)
        except RetryableError as exc:
            delay = self.backoff.next_delay(exc.retry_after)
            self._failed(exc.message, online=True, next_try_in=delay)
            return AttemptResult(error=exc.message, retry_in=delay)
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

    def heard(self, answered: bool) -> None:
        """A request to the service got a reply (any, an error too) or could not reach it.

        Called by the runner's own client after each request, and by the device for its
        one-off requests (a serial's history): the status says offline at the first failed
        request and online at the first reply, and a reply after being offline starts the
        round that sends what waits.
        """
        with self._plan_lock:
            was_online = self.board.current.online
            self._timetable.heard(self.monotonic(), answered=answered, was_online=was_online)
        if was_online is not answered:
            self.board.update(online=answered)
        self._wake.set()

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
        self._queued = self.board.current.pending > 0
        self._unsubscribe = self.board.subscribe(self._status_changed)
        self.sync_now()
        self._thread = threading.Thread(target=self._loop, name="fieldapp-sync", daemon=True)
        self._thread.start()

    def sync_now(self) -> None:
        """Ask for a round as soon as possible ("Sync now", after a sign-off)."""
        with self._plan_lock:
            self._timetable.ask_round()
        self._wake.set()

    def check_now(self) -> None:
        """Find out at once whether the service answers (the app came back to the
        foreground, the network changed); a reply after being offline starts a round."""
        with self._plan_lock:
            self._timetable.ask_check()
        self._wake.set()

    def signed_in(self, token: str) -> None:
        """The technician signed in again: use the new token and sync what is queued."""
        self.engine.api.token = token
        self.board.update(sign_in_required=False, last_error=None)
        self.sync_now()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            # Cleared before planning: a wake-up that arrives meanwhile plans again.
            self._wake.clear()
            status = self.board.current
            if status.sign_in_required:
                self._wake.wait()  # nothing automatic until the technician signs in
                continue
            with self._plan_lock:
                action, wait = self._timetable.next(self.monotonic(), queued=status.pending > 0)
            if action is None:
                self._wake.wait(timeout=wait)
                continue
            try:
                if action is Action.ROUND:
                    self.attempt()
                else:
                    self._check()
            except Exception:  # a bug must not kill sync for the rest of the day
                log.exception("sync %s failed unexpectedly", action.value)
                self.board.update(last_error=text("同步出错，稍后重试", "sync failed; will retry"))
                with self._plan_lock:
                    self._timetable.refused(self.monotonic(), self.backoff.next_delay())

    def _check(self) -> None:
        """Does the service answer? (``heard`` takes the outcome, from the client.)"""
        with self._round_lock:  # one request at a time on the session
            with self._plan_lock:
                self._timetable.check_started()
            self.engine.api.answers(self.checks.timeout)

    def _status_changed(self, status: SyncStatus) -> None:
        # Something was queued or the queue emptied: the check interval changes.
        queued = status.pending > 0
        if queued != self._queued:
            self._queued = queued
            self._wake.set()

    def _failed(self, message: Text, **status: object) -> None:
        self.engine.store.record_sync_error(message, self.clock())
        self.board.update(last_error=message, **status)

    def _refresh_counts(self, running: bool) -> None:
        try:
            counts = outbox_counts(self.engine.store)
        except Exception:  # counts are informative only
            log.exception("could not count the outbox")
            counts = {}
        self.board.update(running=running, **counts)
