"""When the runner syncs and when it checks that the service answers: its timetable.

Pure bookkeeping: no threads, no clock, no I/O. The runner reports what happened (a
round's outcome, whether a request reached the service, 立即同步, the app coming back to
the foreground) with the monotonic time, and asks what to do next and how long to wait.
Kept apart so that a test can step through a day of it in microseconds.

The rules (docs/sync-client.md, "When rounds run", gives the numbers and why):

- A connection that fails means **offline**, not an error to back off from: no round is
  planned until the service answers again. Meanwhile a check (``GET /health``, one small
  request) runs every ``Checks.queued`` seconds while something waits to be sent, every
  ``Checks.idle`` seconds otherwise. The first answer plans a round at once.
- An error the service **returns** (5xx, 429, an unreadable reply, a refusal) is backed off
  from: the next round waits the backoff delay, and the service answering a check, or
  coming back after being unreachable, does not cut that wait short.
- While online, the service is checked when nothing was heard from it for the check
  interval, so that "online" is never stale for longer than that; a round runs every
  ``interval`` seconds (the pull of new work).
- 立即同步 (and a sign-off) runs a round at once, whatever else is planned.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Checks:
    """How often the runner checks that the service answers, in seconds."""

    queued: float = 5.0  # while something waits to be sent
    idle: float = 60.0  # while nothing does
    timeout: float = 3.0  # a check's connect and read timeout


class Action(StrEnum):
    ROUND = "round"  # a sync round
    CHECK = "check"  # does the service answer?


@dataclass
class Timetable:
    """The runner's plan; every time is ``time.monotonic()`` seconds."""

    checks: Checks = field(default_factory=Checks)
    round_due: float | None = None  # None: not until the service answers
    not_before: float = -math.inf  # the end of the backoff after an error the service returned
    last_contact: float = -math.inf  # when a request last found out whether the service answers
    round_asked: bool = False
    check_asked: bool = False

    def next(self, now: float, *, queued: bool) -> tuple[Action | None, float]:
        """What to do at ``now``, or ``(None, seconds to wait before asking again)``."""
        if self.round_asked or (self.round_due is not None and now >= self.round_due):
            return Action.ROUND, 0.0
        check_at = self.last_contact + (self.checks.queued if queued else self.checks.idle)
        if self.check_asked or now >= check_at:
            return Action.CHECK, 0.0
        due = check_at if self.round_due is None else min(check_at, self.round_due)
        return None, due - now

    def ask_round(self) -> None:
        """A round as soon as possible (立即同步, a sign-off, the app start)."""
        self.round_asked = True

    def ask_check(self) -> None:
        """A check as soon as possible (the app resumed, the network changed)."""
        self.check_asked = True

    def round_started(self) -> None:
        self.round_asked = False

    def check_started(self) -> None:
        self.check_asked = False

    def heard(self, now: float, *, answered: bool, was_online: bool | None) -> None:
        """A request to the service got a reply (``answered``) or could not reach it."""
        self.last_contact = now
        if not answered:
            self.round_due = None  # checks find out when it answers again
        elif was_online is not True and self.round_due is None:
            self.round_due = max(now, self.not_before)  # it is back: send what waits

    def synced(self, now: float, interval: float) -> None:
        """A round completed: the next one in ``interval`` seconds."""
        self.last_contact = now
        self.not_before = -math.inf
        self.round_due = now + interval

    def unreachable(self, now: float) -> None:
        """A round failed for want of a connection."""
        self.heard(now, answered=False, was_online=None)

    def refused(self, now: float, delay: float | None) -> None:
        """The service answered the round with an error: try again after ``delay`` seconds
        (None: not by itself — e.g. until the technician signs in again)."""
        self.last_contact = now
        if delay is None:
            self.round_due = None
        else:
            self.round_due = self.not_before = now + delay
