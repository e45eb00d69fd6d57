"""What the sync indicator shows, decided from the sync client's status.

One state word (offline / online / syncing / needs attention / sign in again), the count
to send, a progress fraction while a round runs, and the last success and error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from fieldapp.domain.text import Text
from fieldapp.sync_client import SyncStatus


class SyncState(StrEnum):
    UNKNOWN = "unknown"  # no attempt yet (or not signed in)
    OFFLINE = "offline"
    ONLINE = "online"
    SYNCING = "syncing"
    ATTENTION = "attention"  # something the technician must look at
    SIGN_IN = "sign_in"  # the sign-in expired


@dataclass(frozen=True)
class SyncSummary:
    """The indicator's content; equal summaries mean nothing visible changed."""

    state: SyncState
    pending: int
    needs_attention: int
    progress: float | None  # 0..1 while syncing with a known total
    items_done: int
    items_total: int
    last_success: datetime | None
    last_error: Text | None


def summarise(status: SyncStatus) -> SyncSummary:
    """The indicator's view of ``status``."""
    if status.sign_in_required:
        state = SyncState.SIGN_IN
    elif status.running:
        state = SyncState.SYNCING
    elif status.needs_attention:
        state = SyncState.ATTENTION
    elif status.online is None:
        state = SyncState.UNKNOWN
    else:
        state = SyncState.ONLINE if status.online else SyncState.OFFLINE
    progress = None
    if status.running and status.items_total:
        progress = min(1.0, status.items_done / status.items_total)
    return SyncSummary(
        state=state,
        pending=status.pending,
        needs_attention=status.needs_attention,
        progress=progress,
        items_done=status.items_done,
        items_total=status.items_total,
        last_success=status.last_success,
        last_error=status.last_error,
    )
