"""Today's jobs, search and a job's detail: what the job screens show, from the store.

A day's list reads the store's index for that day (not every job on the device) and
then each of the day's work orders; a day is "today" in the service centre's time zone
(the working-day calendar's), whatever offset the service sent the times in.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from fieldapp.application.countdown import Countdown, next_countdown
from fieldapp.application.visit_start import NextVisit, next_visit
from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.reference import Catalogue, ReferenceData
from fieldapp.domain.text import Text, text
from fieldapp.domain.work_order import RegisteredProduct, Urgency, WorkOrder, WorkOrderStatus
from fieldapp.reference import bundled_reference
from fieldapp.store import OrderSummary, ReviewDecision, SheetSummary, Store

log = logging.getLogger(__name__)

SEARCH_LIMIT = 50
_ZONE = ZoneInfo("Asia/Shanghai")  # when the reference data has no calendar


@dataclass(frozen=True)
class JobCard:
    """One row of the job list."""

    ticket_no: str
    customer_name: str
    phone: str
    address: str
    appointment: datetime | None  # in the service centre's zone
    urgency: Urgency
    product: Text  # brand and model, the brand in each language (product_words)
    serial: str | None
    fault: str
    status: WorkOrderStatus
    countdown: Countdown | None
    unsynced: bool  # a sheet of this job waits to be sent (or needs attention)
    returned_comment: str | None  # a supervisor returned the latest sheet, saying this


@dataclass(frozen=True)
class SearchResult:
    cards: list[JobCard]
    more: bool  # more matched than were listed


def product_words(product: RegisteredProduct, catalogue: Catalogue) -> Text:
    """「明辉 MH-P520」: the brand as the catalogue names it in each language (Minghui in
    English), the model by its code; a brand the catalogue lacks as written."""
    brand = catalogue.brand_named(product.brand)
    zh, en = (brand.name.zh, brand.name.en) if brand is not None else (product.brand,) * 2
    return text(f"{zh} {product.model}", f"{en} {product.model}")


def _latest_sheet(sheets: list[SheetSummary]) -> SheetSummary | None:
    return max(sheets, key=lambda s: (s.created_at, s.sheet_id)) if sheets else None


def returned_comment(sheets: list[SheetSummary]) -> str | None:
    """The supervisor's comment when the latest sheet was returned and not saved again."""
    latest = _latest_sheet(sheets)
    if latest is None or latest.review_decision is not ReviewDecision.RETURNED:
        return None
    if latest.marks.version_at_review != latest.version:
        return None  # saved again since: the technician is on it
    return latest.review_comment or ""


class JobBook:
    """The job screens' questions, answered from one device's store (blocking: disk)."""

    def __init__(
        self,
        store: Callable[[], Store],
        *,
        reference: ReferenceData | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._store = store
        self.reference = reference or bundled_reference()
        self.clock = clock
        self._orders: dict[str, tuple[datetime | None, WorkOrder]] = {}

    @property
    def zone(self) -> ZoneInfo:
        calendar = self.reference.calendar
        return calendar.zone if calendar is not None else _ZONE

    def today(self) -> date:
        """Today in the service centre's time zone."""
        return self.clock().astimezone(self.zone).date()

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    # -- lists ----------------------------------------------------------------------------

    def day(self, day: date) -> list[JobCard]:
        """The jobs booked on ``day`` (or called in that day when not yet booked)."""
        store = self._store()
        found: list[OrderSummary] = []
        for near in (day - timedelta(days=1), day, day + timedelta(days=1)):
            found += store.list_work_orders(day=near)
        mine = [o for o in found if self._local_day(o) == day]
        return self._cards(store, mine)

    def search(self, query: str, limit: int = SEARCH_LIMIT) -> SearchResult:
        """Jobs whose ticket, customer, phone or serial contains ``query`` (any day)."""
        needle = _fold(query)
        if not needle:
            return SearchResult([], False)
        store = self._store()
        matches: list[OrderSummary] = []
        for summary in store.list_work_orders():
            if needle in _fold(summary.ticket_no) or needle in _fold(summary.customer_name):
                matches.append(summary)
                continue
            order = self._order(store, summary)
            if order is not None and (
                needle in _fold(order.customer.phone) or needle in _fold(order.product.serial or "")
            ):
                matches.append(summary)
        matches.sort(key=lambda o: o.appointment or o.reported_at, reverse=True)
        return SearchResult(self._cards(store, matches[:limit]), len(matches) > limit)

    def order(self, ticket_no: str) -> WorkOrder | None:
        return self._store().get_work_order(ticket_no)

    def sheets_of(self, ticket_no: str) -> list[SheetSummary]:
        return self._store().list_sheets(ticket_no=ticket_no)

    def full_sheets(self, ticket_no: str) -> list[JobSheet]:
        store = self._store()
        found = [store.get_sheet(s.sheet_id) for s in store.list_sheets(ticket_no=ticket_no)]
        return [s for s in found if s is not None]

    def next_visit(self, ticket_no: str) -> NextVisit:
        """What the job's screen offers next (start, continue, rework, another visit, none)."""
        return next_visit(self._store(), ticket_no)

    def card(self, ticket_no: str) -> JobCard | None:
        store = self._store()
        summaries = [o for o in store.list_work_orders(include_removed=True)
                     if o.ticket_no == ticket_no]  # fmt: skip
        cards = self._cards(store, summaries)
        return cards[0] if cards else None

    # -- internals --------------------------------------------------------------------------

    def _local_day(self, summary: OrderSummary) -> date:
        return (summary.appointment or summary.reported_at).astimezone(self.zone).date()

    def _order(self, store: Store, summary: OrderSummary) -> WorkOrder | None:
        """The full work order, cached until the store saves it again."""
        cached = self._orders.get(summary.ticket_no)
        if cached is not None and cached[0] == summary.saved_at:
            return cached[1]
        try:
            order = store.get_work_order(summary.ticket_no)
        except Exception:  # a damaged file was moved aside and is reported by the store
            log.warning("work order %s could not be read", summary.ticket_no, exc_info=True)
            return None
        if order is not None:
            self._orders[summary.ticket_no] = (summary.saved_at, order)
        return order

    def _cards(self, store: Store, summaries: list[OrderSummary]) -> list[JobCard]:
        if not summaries:
            return []
        wanted = {s.ticket_no for s in summaries}
        by_ticket: dict[str, list[SheetSummary]] = defaultdict(list)
        for sheet in store.list_sheets():
            if sheet.ticket_no in wanted:
                by_ticket[sheet.ticket_no].append(sheet)
        now = self.clock()
        cards = []
        for summary in summaries:
            order = self._order(store, summary)
            if order is None:
                continue
            sheets = by_ticket.get(summary.ticket_no, [])
            full = [s for s in (store.get_sheet(x.sheet_id) for x in sheets) if s is not None]
            cards.append(self._card(order, sheets, full, now))
        return cards

    def _card(
        self, order: WorkOrder, sheets: list[SheetSummary], full: list[JobSheet], now: datetime
    ) -> JobCard:
        return JobCard(
            ticket_no=order.ticket_no,
            customer_name=order.customer.name,
            phone=order.customer.phone,
            address=order.customer.address,
            appointment=self.local(order.appointment) if order.appointment else None,
            urgency=order.urgency,
            product=product_words(order.product, self.reference.catalogue),
            serial=order.product.serial,
            fault=order.reported_fault,
            status=order.status,
            countdown=next_countdown(order, full, calendar=self.reference.calendar, now=now),
            unsynced=any(s.pending or s.needs_attention for s in sheets),
            returned_comment=returned_comment(sheets),
        )


def _fold(value: str) -> str:
    """Case- and space-insensitive form for matching what a person types."""
    return "".join(value.split()).casefold().replace("-", "")
