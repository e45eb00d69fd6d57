"""Who may read a job's progress: the page's throttle and its signed, expiring links.

Ticket numbers are sequential, so the page answers a wrong ticket and wrong digits alike
and counts every wrong answer twice: per client address and per ticket. After the free
failures of a key each further try must wait, twice as long each time (as sign-ins do, see
:func:`sync.crud.users.sign_in`); the counts live in the database, so every service process
shares them. A key's count starts again a day after its last failure.

A link in a message opens the page without typing: ``t`` is the ticket and an expiry,
signed with the service's secret (a key of its own, derived from it, so a link is never a
bearer token and a bearer token never a link).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fieldapp.domain.work_order import is_ticket_no
from sync.models.message import TrackThrottleRow

FORGET_AFTER = timedelta(days=1)
_LINK_PREFIX = "tk1"


@dataclass(frozen=True)
class Limits:
    per_address: int
    per_ticket: int
    first_delay_seconds: int
    max_delay_seconds: int


def wait_seconds(session: Session, *, keys: list[str], now: datetime) -> int:
    """How long these keys must still wait (0: the try may go ahead); locks their rows."""
    wait = 0
    for key in sorted(keys):  # always in the same order: two requests cannot deadlock
        row = _locked(session, key=key, now=now)
        if row.blocked_until is not None and row.blocked_until > now:
            wait = max(wait, math.ceil((row.blocked_until - now).total_seconds()))
    return wait


def count_failure(session: Session, *, keys: dict[str, int], limits: Limits, now: datetime) -> None:
    """One more wrong answer for each key (key -> its free failures)."""
    for key, free in sorted(keys.items()):
        row = _locked(session, key=key, now=now)
        if now - row.last_failure_at > FORGET_AFTER:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        extra = row.failures - free
        if extra >= 0:
            delay = limits.first_delay_seconds * 2 ** min(extra, 20)
            row.blocked_until = now + timedelta(seconds=min(delay, limits.max_delay_seconds))


def forget(session: Session, *, key: str) -> None:
    """A right answer clears the ticket's count (the customer has it; a guesser does not)."""
    row = session.get(TrackThrottleRow, key)
    if row is not None:
        session.delete(row)


def _locked(session: Session, *, key: str, now: datetime) -> TrackThrottleRow:
    while True:
        row = session.get(TrackThrottleRow, key, with_for_update=True, populate_existing=True)
        if row is not None:
            return row
        try:
            with session.begin_nested():
                session.add(TrackThrottleRow(key=key, failures=0, last_failure_at=now))
                session.flush()
        except IntegrityError:  # a simultaneous try made it first
            pass


def prune(session: Session, *, now: datetime) -> int:
    """Forget the keys whose last wrong answer is a day old and that wait no more; how many."""
    stale = delete(TrackThrottleRow).where(
        TrackThrottleRow.last_failure_at < now - FORGET_AFTER,
        (TrackThrottleRow.blocked_until.is_(None)) | (TrackThrottleRow.blocked_until < now),
    )
    result = session.execute(stale)
    return int(getattr(result, "rowcount", 0) or 0)


def address_key(address: str) -> str:
    return f"addr:{address[:60]}"


def ticket_key(ticket_no: str) -> str:
    return f"ticket:{ticket_no[:20]}"


def issue_link(*, secret: str, ticket_no: str, expires_at: datetime) -> str:
    """The ``t`` of a link opening the progress of ``ticket_no`` until ``expires_at``."""
    body = _b64(f"{ticket_no}|{int(expires_at.timestamp())}".encode())
    return f"{_LINK_PREFIX}.{body}.{_sign(secret, body)}"


def read_link(token: str, *, secret: str, now: datetime) -> str | None:
    """The ticket a link opens, or None when it is forged, damaged or expired."""
    parts = token.split(".")
    if not token.isascii() or len(token) > 200 or len(parts) != 3 or parts[0] != _LINK_PREFIX:
        return None
    _, body, signature = parts
    if not hmac.compare_digest(signature, _sign(secret, body)):
        return None
    try:
        ticket_no, expiry = (
            base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode().split("|")
        )
        expires_at = datetime.fromtimestamp(int(expiry), UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return ticket_no if expires_at > now and is_ticket_no(ticket_no) else None


def _sign(secret: str, body: str) -> str:
    key = hmac.new(secret.encode(), b"fieldapp progress page links", hashlib.sha256).digest()
    return _b64(hmac.new(key, f"{_LINK_PREFIX}.{body}".encode(), hashlib.sha256).digest())


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def masked(value: str) -> str:
    """What a log may say of a value typed on the page: its length only, and no digit."""
    return "*" * min(len(value), 8)
