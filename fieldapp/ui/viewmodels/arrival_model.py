"""The arrival checklist's view-model (出示工作证, 出示工作单) with its count.

The tick shows at once; the save follows off the event loop. A failed save puts the tick
back and says why, so the screen never claims what the store does not hold.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

import flet as ft

from fieldapp.application import Device
from fieldapp.application.visit_start import ARRIVAL_ITEMS, tick_arrival
from fieldapp.domain.text import Text
from fieldapp.ui.i18n import message

log = logging.getLogger(__name__)


@ft.observable
@dataclass
class ArrivalModel:
    device: Device
    sheet_id: str
    ticks: dict[str, bool] = field(default_factory=dict)
    error: Text | None = None

    @property
    def done(self) -> int:
        return sum(1 for item in ARRIVAL_ITEMS if self.ticks.get(item))

    @property
    def total(self) -> int:
        return len(ARRIVAL_ITEMS)

    async def turn_over(self, item: str) -> None:
        """A tap on an item: ticked if it was not, unticked if it was (taps not yet saved
        included)."""
        await self.toggle(item, not self.ticks.get(item))

    async def toggle(self, item: str, done: bool) -> None:
        self.ticks = {**self.ticks, item: done}
        try:
            await asyncio.to_thread(tick_arrival, self.device.store, self.sheet_id, item, done)
            await asyncio.to_thread(self.device.changed_locally)
        except Exception as exc:
            log.exception("arrival tick not saved")
            self.ticks = {**self.ticks, item: not done}
            self.error = message("error.save", detail=exc)
            return
        # No sync per tick: the sheet is queued and goes with the next round (every few
        # minutes, at once on "Sync now"); a round per tick would compete with the taps.
        self.error = None
