"""开始上门 / Start visit: the job sheet's first part, the arrival check-in.

Starting a visit creates the job sheet (or reopens the latest one not yet signed, or the
one a supervisor returned), records the check-in time, marks the work order in progress,
and queues the sheet for sync; the visit's steps then go on in :mod:`visit`.

A job whose sheet the customer has signed is done on the phone: it shows that sheet, and
a new visit starts only when that sheet's outcome was 再次上门 (another visit), after the
technician confirms it (:func:`next_visit`).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum

from fieldapp.application.account import stored_account
from fieldapp.application.visit_steps import STEP_SETTING, VisitStep
from fieldapp.domain.job_sheet import AnotherVisit, Arrival, JobSheet
from fieldapp.domain.reference import ReferenceData
from fieldapp.domain.text import text
from fieldapp.domain.work_order import WorkOrderStatus
from fieldapp.store import Store
from fieldapp.store.reviews import ReviewDecision


class VisitRefused(Exception):
    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def open_sheet(store: Store, ticket_no: str) -> JobSheet | None:
    """The latest sheet of the job that the customer has not signed yet, if any."""
    summaries = [s for s in store.list_sheets(ticket_no=ticket_no) if not s.signed]
    if not summaries:
        return None
    latest = max(summaries, key=lambda s: s.created_at)
    return store.get_sheet(latest.sheet_id)


def returned_sheet(store: Store, ticket_no: str) -> JobSheet | None:
    """The job's latest sheet when a supervisor returned it and it was not resubmitted
    since: going back to the job reopens that sheet (its rework), it does not start a new
    visit. Resubmitted means a newer revision submitted again (the kept step), so a save
    during the rework that left the signature in place still counts as the rework."""
    summaries = store.list_sheets(ticket_no=ticket_no)
    if not summaries:
        return None
    latest = max(summaries, key=lambda s: (s.created_at, s.sheet_id))
    if not latest.signed or latest.review_decision is not ReviewDecision.RETURNED:
        return None
    sheet = store.get_sheet(latest.sheet_id)
    reviews = store.reviews(latest.sheet_id)
    if sheet is None or not reviews:
        return None
    review = max(reviews, key=lambda r: (r.revision, r.reviewed_at))
    if resubmitted(sheet, review.revision, store.get_setting(STEP_SETTING + sheet.sheet_id)):
        return None
    return sheet


def resubmitted(sheet: JobSheet, returned_revision: int, step_kept: str | None) -> bool:
    """Whether a sheet returned at ``returned_revision`` was submitted again since: a newer
    revision, and the visit's kept step is 已提交 (a save during the rework is not enough)."""
    return sheet.revision > returned_revision and step_kept == VisitStep.SUBMITTED.value


class NextVisit(StrEnum):
    """What the job's screen offers next, from the job's sheets on the device."""

    START = "start"  # no sheet yet: 开始上门
    CONTINUE = "continue"  # a sheet the customer has not signed: 继续上门
    REWORK = "rework"  # the supervisor returned the sheet: 按退回意见修改
    SECOND_VISIT = "second_visit"  # signed with the outcome 再次上门: asks, then starts one
    SUBMITTED = "submitted"  # signed and done: the sheet is shown, nothing starts


def next_visit(store: Store, ticket_no: str) -> NextVisit:
    """What a technician can do next on the job ``ticket_no`` (blocking: disk)."""
    if returned_sheet(store, ticket_no) is not None:
        return NextVisit.REWORK
    summaries = store.list_sheets(ticket_no=ticket_no)
    if not summaries:
        return NextVisit.START
    if any(not s.signed for s in summaries):
        return NextVisit.CONTINUE
    latest = max(summaries, key=lambda s: (s.created_at, s.sheet_id))
    sheet = store.get_sheet(latest.sheet_id)
    if sheet is not None and isinstance(sheet.outcome, AnotherVisit):
        return NextVisit.SECOND_VISIT
    return NextVisit.SUBMITTED


def start_visit(
    store: Store,
    reference: ReferenceData,
    ticket_no: str,
    *,
    now: datetime | None = None,
    second_visit: bool = False,
) -> JobSheet:
    """Check in at the customer's (blocking: two atomic saves); returns the sheet.

    A job whose sheet is signed starts no new visit, except after a sheet whose outcome was
    another visit, and only with ``second_visit`` (the technician confirmed it).
    """
    now = now or datetime.now(UTC)
    account = stored_account(store)
    order = store.get_work_order(ticket_no)
    if account is None or order is None:
        raise VisitRefused(text("本机没有这张工单", "this job is not on the device"))
    if order.status in (WorkOrderStatus.CANCELLED, WorkOrderStatus.CLOSED):
        raise VisitRefused(text("工单已关闭或已取消", "the job is closed or cancelled"))
    following = next_visit(store, ticket_no)
    if following is NextVisit.SUBMITTED:
        raise VisitRefused(
            text(
                "这张工单的报告单已提交，无需再次上门",
                "this job's sheet is submitted; it needs no further visit",
            )
        )
    if following is NextVisit.SECOND_VISIT and not second_visit:
        raise VisitRefused(
            text(
                "上次上门约定了再次上门：请确认后再开始新的上门",
                "the last visit booked another visit: confirm before starting it",
            )
        )
    sheet = returned_sheet(store, ticket_no) or open_sheet(store, ticket_no)
    if sheet is None:
        sheet = JobSheet(
            sheet_id=str(uuid.uuid4()),
            ticket_no=ticket_no,
            technician_id=account.user_id,
            device_id=store.device_id,
            reference_versions=reference.versions(),
            created_at=now,
            updated_at=now,
        )
    # The customer signs for a person: the technician's name as the service knows the account.
    own = account.user_id == sheet.technician_id
    name = (account.display_name.strip()[:60] or None) if own else None
    if sheet.arrival is None:
        arrival = Arrival(checked_in_at=now, technician_name=name)
        sheet = sheet.model_copy(update={"arrival": arrival, "updated_at": now})
        store.save_sheet(sheet)
    elif sheet.arrival.technician_name is None and name is not None and sheet.sign_off is None:
        # A sheet checked in before the name was recorded: named before the customer signs.
        arrival = sheet.arrival.model_copy(update={"technician_name": name})
        sheet = sheet.model_copy(update={"arrival": arrival, "updated_at": now})
        store.save_sheet(sheet)
    if order.status is WorkOrderStatus.ASSIGNED:
        store.save_work_order(order.model_copy(update={"status": WorkOrderStatus.IN_PROGRESS}))
    return sheet


ARRIVAL_ITEMS = ("work_id_shown", "work_order_shown")


def tick_arrival(store: Store, sheet_id: str, item: str, done: bool) -> JobSheet:
    """Record 出示工作证 / 出示工作单 on the arrival (one atomic save, queued for sync)."""
    if item not in ARRIVAL_ITEMS:
        raise ValueError(f"unknown arrival item {item}")

    def apply(sheet: JobSheet) -> JobSheet:
        if sheet.arrival is None:
            raise VisitRefused(text("请先开始上门", "start the visit first"))
        arrival = sheet.arrival.model_copy(update={item: done})
        return sheet.model_copy(update={"arrival": arrival, "updated_at": datetime.now(UTC)})

    try:
        return store.update_sheet(sheet_id, apply)
    except KeyError:
        raise VisitRefused(text("请先开始上门", "start the visit first")) from None
