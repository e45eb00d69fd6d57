"""The job list's view-model: the day shown, the search, the rows.

Reads run off the event loop; a newer request supersedes an older one still running (a
fast typist or a double tap on the day switch never shows stale rows).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

import flet as ft

from fieldapp.application.jobs import JobBook, JobCard, SearchResult
from fieldapp.domain.text import Text
from fieldapp.ui.i18n import message

log = logging.getLogger(__name__)


@ft.observable
@dataclass
class JobListModel:
    """Today's (or another day's) jobs, or the search results."""

    book: JobBook
    day: date = field(default_factory=date.today)
    query: str = ""
    cards: list[JobCard] = field(default_factory=list)
    more: bool = False
    loading: bool = True
    error: Text | None = None
    _request: int = 0

    @classmethod
    def for_today(cls, book: JobBook) -> JobListModel:
        return cls(book=book, day=book.today())

    @property
    def searching(self) -> bool:
        return bool(self.query.strip())

    @property
    def is_today(self) -> bool:
        return self.day == self.book.today()

    async def load(self) -> None:
        """Read the rows for the current day or search (after any change, or a sync)."""
        self._request += 1
        request = self._request
        self.loading = True
        try:
            if self.searching:
                result = await asyncio.to_thread(self.book.search, self.query)
            else:
                cards = await asyncio.to_thread(self.book.day, self.day)
                result = SearchResult(cards, False)
        except Exception as exc:  # shown in words; the previous rows stay
            log.exception("job list could not be read")
            if request == self._request:
                self.error, self.loading = message("error.read_jobs", detail=exc), False
            return
        if request == self._request:  # a newer request owns the screen
            self.cards, self.more, self.error, self.loading = result.cards, result.more, None, False

    async def show_day(self, day: date) -> None:
        self.day, self.query = day, ""
        await self.load()

    async def previous_day(self, _event: object = None) -> None:
        await self.show_day(self.day - timedelta(days=1))

    async def next_day(self, _event: object = None) -> None:
        await self.show_day(self.day + timedelta(days=1))

    async def today(self, _event: object = None) -> None:
        await self.show_day(self.book.today())

    async def search(self, query: str) -> None:
        self.query = query
        await self.load()
