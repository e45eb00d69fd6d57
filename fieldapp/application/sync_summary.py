"""What the sync indicator shows, decided from the sync client's status.

One state word (offline / online / syncing / needs attention / sign in again), the count
to send, a progress fraction while a round runs, and the last success and error; and where
one sheet stands (:meth:`SyncSummary.delivery`), read from the same summary, so a screen
stating a sheet's sync state never contradicts the indicator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from fieldapp.domain.text import Text
from fieldapp.sync_client import SyncStatus


class Delivery(StrEnum):
    """Where one sheet stands on its way to the service centre."""

    WAITING_OFFLINE = "waiting_offline"  # queued; the service does not answer: goes when it does
    WAITING = "waiting"  # queued; goes with the next round
    SENDING = "sending"  # queued, and a round is running
    SIGN_IN = "sign_in"  # queued until the technician signs in again
    REFUSED = "refused"  # the service refused this version: see the outbox
    SENT = "sent"  # the service has this version with every photo and the signature


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
    pending_sheets: frozenset[str] = frozenset()
    attention_sheets: frozenset[str] = frozenset()
    counted: bool = False  # False: the outbox was not read yet, nothing can be said

    def delivery(self, sheet_id: str) -> Delivery | None:
        """Where the sheet ``sheet_id`` stands, by the same counts the indicator shows
        (None before the outbox was first counted)."""
        if not self.counted:
            return None
        if sheet_id in self.attention_sheets:
            return Delivery.REFUSED
        if sheet_id not in self.pending_sheets:
            return Delivery.SENT
        if self.state is SyncState.SIGN_IN:
            return Delivery.SIGN_IN
        if self.state is SyncState.SYNCING:
            return Delivery.SENDING
        if self.state is SyncState.OFFLINE:
            return Delivery.WAITING_OFFLINE
        return Delivery.WAITING


def summarise(status: SyncStatus) -> SyncSummary:
    """The indicator's view of ``status``."""
    if status.sign_in_required:
        state = SyncState.SIGN_IN
    elif status.running:
        state = SyncState.SYNCING
    elif status.online is None:
        state = SyncState.UNKNOWN
    elif not status.online:
        state = SyncState.OFFLINE  # also with sheets to look at: never "online" when it is not
    elif status.needs_attention:
        state = SyncState.ATTENTION
    else:
        state = SyncState.ONLINE
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
        pending_sheets=status.pending_sheets,
        attention_sheets=status.attention_sheets,
        counted=status.counted,
    )
