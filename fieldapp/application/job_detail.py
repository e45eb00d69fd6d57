"""A job's detail: the work order, its deadlines, its sheets, the warranty verdict so far,
and the earlier visits to the same serial (from the service when online, kept for offline).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from fieldapp.application.countdown import Countdown, all_deadlines
from fieldapp.application.jobs import JobBook, returned_comment
from fieldapp.application.visit_start import NextVisit
from fieldapp.domain.service_levels import Deadline
from fieldapp.domain.text import Text, text
from fieldapp.domain.warranty import (
    WarrantyCase,
    WarrantyVerdict,
    warranty_case_for,
    warranty_verdict,
)
from fieldapp.domain.work_order import CustomerType, WorkOrder
from fieldapp.store import SheetSummary, Store
from fieldapp.sync_client import ApiClient, SyncError

log = logging.getLogger(__name__)

HISTORY_SETTING = "serial_history"  # {serial: {"fetched_at": iso, "visits": [...]}}


class HistoryVisit(BaseModel):
    """One visit as ``GET /serials/{serial}/history`` lists it (what a technician may see)."""

    model_config = ConfigDict(extra="ignore")

    visit_date: date
    opened_unit: bool
    resolved: bool


class HistoryReply(BaseModel):
    model_config = ConfigDict(extra="ignore")

    serial: str
    visits: list[HistoryVisit]


@dataclass(frozen=True)
class EarlierVisit:
    visit_date: date
    opened_unit: bool
    resolved: bool


@dataclass(frozen=True)
class SerialHistory:
    """Earlier visits to this unit; ``fetched_at`` None: never fetched."""

    serial: str | None
    visits: list[EarlierVisit]
    fetched_at: datetime | None
    from_cache: bool  # the service could not be asked just now


@dataclass(frozen=True)
class JobDetail:
    order: WorkOrder
    deadlines: list[tuple[Deadline, Countdown]]
    sheets: list[SheetSummary]
    returned_comment: str | None
    verdict: WarrantyVerdict | None
    verdict_problem: Text | None  # why no verdict could be made yet
    arrived_at: datetime | None  # the first check-in of this job (开始上门)
    open_sheet_id: str | None  # the sheet of the visit under way (not yet signed)
    arrival_ticks: dict[str, bool]  # 出示工作证 / 出示工作单 on that sheet
    next_visit: NextVisit  # what the job's screen offers next
    revisions: dict[str, int]  # each sheet's revision (第 n 版), by sheet id


def job_detail(book: JobBook, ticket_no: str) -> JobDetail | None:
    """Everything the job screen shows except the serial's history (blocking: disk)."""
    order = book.order(ticket_no)
    if order is None:
        return None
    sheets = book.sheets_of(ticket_no)
    full = book.full_sheets(ticket_no)
    verdict, problem = _verdict(book, order, full)
    unsigned = [s for s in full if s.sign_off is None and s.arrival is not None]
    current = max(unsigned, key=lambda s: s.created_at) if unsigned else None
    return JobDetail(
        order=order,
        deadlines=all_deadlines(order, full, calendar=book.reference.calendar, now=book.clock()),
        sheets=sorted(sheets, key=lambda s: s.created_at),
        returned_comment=returned_comment(sheets),
        verdict=verdict,
        verdict_problem=problem,
        arrived_at=min((s.arrival.checked_in_at for s in full if s.arrival), default=None),
        open_sheet_id=current.sheet_id if current else None,
        arrival_ticks={
            "work_id_shown": bool(current and current.arrival and current.arrival.work_id_shown),
            "work_order_shown": bool(
                current and current.arrival and current.arrival.work_order_shown
            ),
        },
        next_visit=book.next_visit(ticket_no),
        revisions={s.sheet_id: s.revision for s in full},
    )


def opened_job(
    store: Store, book: JobBook, ticket_no: str
) -> tuple[JobDetail, SerialHistory] | None:
    """What the job's screen shows when it opens: the detail and the serial's saved history
    (no request); None when the job is not there (blocking: disk)."""
    detail = job_detail(book, ticket_no)
    if detail is None:
        return None
    return detail, cached_history(store, detail.order.product.serial)


def job_at_once(
    store: Store, book: JobBook, ticket_no: str
) -> tuple[JobDetail, SerialHistory] | None:
    """:func:`opened_job` if the store is free this instant, so that the job's screen shows
    the job in its first render; None when a write holds the store (or the job is not
    there): read :func:`opened_job` on a thread then.

    Safe on the screens' event loop: it never waits for the store's lock, and what it
    reads takes well under a millisecond with 2,000 jobs on the device (small files)."""
    with store.unless_busy() as free:
        return opened_job(store, book, ticket_no) if free else None


def _verdict(
    book: JobBook, order: WorkOrder, sheets: list[Any]
) -> tuple[WarrantyVerdict | None, Text | None]:
    """The verdict as far as known: from the latest sheet, else from the registered product."""
    today = book.today()
    try:
        if sheets:
            latest = max(sheets, key=lambda s: s.updated_at)
            case = warranty_case_for(order, latest, today)
        else:
            customer = order.customer
            industry = customer.customer_type is CustomerType.INDUSTRY
            case = WarrantyCase(
                customer_type=customer.customer_type,
                contract_warranty_years=customer.contract_warranty_years if industry else None,
                registered_model=order.product.model,
                serial_read=order.product.serial,
                service_date=today,
            )
        return warranty_verdict(case, book.reference.catalogue), None
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        log.info("no warranty verdict for %s: %s", order.ticket_no, exc)
        return None, text("核对产品信息后给出保修判定", "the verdict follows the product check")


def cached_history(store: Store, serial: str | None) -> SerialHistory:
    """What was saved when last online (no request)."""
    if not serial:
        return SerialHistory(None, [], None, False)
    saved = (store.get_setting(HISTORY_SETTING) or {}).get(serial)
    if not isinstance(saved, dict):
        return SerialHistory(serial, [], None, True)
    visits = [
        EarlierVisit(
            date.fromisoformat(v["visit_date"]), bool(v["opened_unit"]), bool(v["resolved"])
        )
        for v in saved.get("visits", [])
    ]
    fetched = datetime.fromisoformat(saved["fetched_at"]) if saved.get("fetched_at") else None
    return SerialHistory(serial, visits, fetched, True)


def fetch_history(store: Store, api: ApiClient | None, serial: str | None) -> SerialHistory:
    """Ask the service for the serial's visits and keep them; the saved copy when offline."""
    if not serial or api is None:
        return cached_history(store, serial)
    try:
        reply = api.get(f"/serials/{serial}/history", HistoryReply)
    except SyncError as exc:
        log.info("serial history for %s not fetched: %s", serial, exc.message.en)
        return cached_history(store, serial)
    visits = [v.model_dump(mode="json") for v in reply.visits]
    now = datetime.now(UTC)
    saved = dict(store.get_setting(HISTORY_SETTING) or {})
    saved[serial] = {"fetched_at": now.isoformat(), "visits": visits}
    store.set_setting(HISTORY_SETTING, saved)
    return SerialHistory(
        serial,
        [
            EarlierVisit(date.fromisoformat(v["visit_date"]), v["opened_unit"], v["resolved"])
            for v in visits
        ],
        now,
        False,
    )
