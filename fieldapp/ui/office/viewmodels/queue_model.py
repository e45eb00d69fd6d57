"""The review queue's view-model: the filters, the counts per status, one page of rows."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import flet as ft

from fieldapp.domain.text import Text
from fieldapp.office import reviews
from fieldapp.office.client import OfficeClient
from fieldapp.office.reviews import PAGE_SIZE, QueueFilters
from fieldapp.protocol.auth import UserPublic
from fieldapp.protocol.review_queue import SheetStatus, SheetSummary
from fieldapp.ui.office.viewmodels.base import Failed, call


@ft.observable
@dataclass
class QueueModel:
    """What the supervisor filtered on and the page of sheets shown."""

    client: OfficeClient
    filters: QueueFilters = field(default_factory=QueueFilters)
    page: int = 0
    rows: list[SheetSummary] = field(default_factory=list)
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    technicians: list[UserPublic] = field(default_factory=list)
    loading: bool = True
    error: Text | None = None
    _request: int = 0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    async def load(self) -> None:
        """Read the page for the current filters (a newer request supersedes this one)."""
        self._request += 1
        request = self._request
        self.loading = True
        try:
            if not self.technicians:
                self.technicians = await call(reviews.technicians, self.client)
            page = await call(reviews.review_queue, self.client, self.filters, self.page)
        except Failed as exc:
            if request == self._request:
                self.error, self.loading = exc.message, False
            return
        if request == self._request:
            self.rows, self.total, self.counts = page.items, page.total, page.counts
            self.error, self.loading = None, False

    async def change(self, **changes: Any) -> None:
        """Change filters (back to the first page) and reload."""
        self.filters = replace(self.filters, **changes)
        self.page = 0
        await self.load()

    async def show_status(self, status: SheetStatus) -> None:
        await self.change(status=status)

    async def toggle(self, name: str) -> None:
        """Switch a yes/any filter (service level missed, charged, low rating, new revision)."""
        current = getattr(self.filters, name)
        if name == "low_rating":
            await self.change(low_rating=not current)
        else:
            await self.change(**{name: None if current else True})

    async def set_technician(self, technician_id: str | None) -> None:
        await self.change(technician_id=technician_id or None)

    async def set_days(self, first: date | None, last: date | None) -> None:
        await self.change(visited_from=first, visited_to=last)

    async def next_page(self, _event: object = None) -> None:
        if self.page + 1 < self.pages:
            self.page += 1
            await self.load()

    async def previous_page(self, _event: object = None) -> None:
        if self.page > 0:
            self.page -= 1
            await self.load()
