"""The sync indicator's view-model: the latest :class:`SyncSummary`, and "Sync now".

Every screen that states a sync state reads it here — the indicator, and one sheet's
:meth:`SyncModel.delivery` (the submitted step, the job's sheets) — so they cannot disagree,
and each re-renders when the summary changes.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import tzinfo

import flet as ft

from fieldapp.application import Delivery, Device, SyncSummary, summarise
from fieldapp.sync_client import SyncStatus


@ft.observable
@dataclass
class SyncModel:
    """What the indicator shows; changed only on the page's loop (see ``bridge``)."""

    device: Device
    summary: SyncSummary = field(default_factory=lambda: summarise(SyncStatus()))

    @property
    def zone(self) -> tzinfo:
        """Times are shown in the service centre's zone, like the jobs' times."""
        return self.device.jobs.zone

    def show(self, status: SyncStatus) -> None:
        """Take a new status; a status that looks the same changes nothing (no re-render)."""
        summary = summarise(status)
        if summary != self.summary:
            self.summary = summary

    def delivery(self, sheet_id: str) -> Delivery | None:
        """Where one sheet stands (None until the outbox was first counted)."""
        return self.summary.delivery(sheet_id)

    async def count(self) -> None:
        """Count the outbox again (a screen that states a sheet's state, when it opens);
        the new status arrives through :meth:`show`, like every other."""
        await asyncio.to_thread(self.device.count_outbox)

    async def sync_now(self) -> None:
        """Ask for a round; returns at once, the status shows the progress."""
        await asyncio.to_thread(self.device.sync_now)
