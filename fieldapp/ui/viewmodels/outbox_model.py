"""The outbox's view-model: the queued sheets and files, reloaded after each sync round."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

import flet as ft

from fieldapp.application import Device
from fieldapp.application.outbox import OutboxEntry, outbox_entries
from fieldapp.domain.text import Text
from fieldapp.ui.i18n import message

log = logging.getLogger(__name__)


@ft.observable
@dataclass
class OutboxModel:
    device: Device
    entries: list[OutboxEntry] = field(default_factory=list)
    loading: bool = True
    error: Text | None = None

    async def load(self) -> None:
        try:
            self.entries = await asyncio.to_thread(outbox_entries, self.device.store)
            self.error = None
        except Exception as exc:
            log.exception("outbox could not be read")
            self.error = message("error.read_outbox", detail=exc)
        finally:
            self.loading = False

    async def retry(self, sheet_id: str) -> None:
        """Send a refused sheet again as it is (after the cause was fixed on the service)."""
        await asyncio.to_thread(self.device.retry, sheet_id)
        await self.load()
