"""The review queue (审批): supervisors list submitted sheets, open one, approve or return it.

A decision names the revision (and optionally the version) the supervisor looked at, so a
sheet that changed meanwhile is not approved unseen (409). Approval locks the revision, closes
a work order fixed on site and schedules the follow-up call (回访); a return sends the comment
to the technician's next pull.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, func, not_, or_, select
from sqlalchemy.orm import Session

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.order_status import status_after_review
from fieldapp.domain.work_order import WorkOrderStatus
from fieldapp.protocol.follow_ups import FollowUpReason
from fieldapp.protocol.pull import ChangeKind
from fieldapp.protocol.review import ReviewDecision as Decision
from fieldapp.protocol.review_queue import DecisionRequest, ReviewEntry, SheetStatus, SheetSummary
from fieldapp.protocol.sheet_detail import SheetDetail
from sync.core.db import utcnow
from sync.core.errors import (
    already_reviewed,
    conflict,
    not_submitted,
    stale_decision,
    unprocessable,
)
from sync.crud.attachments import missing_count, sheet_missing
from sync.crud.changes import record_change
from sync.crud.complaints import complaints_about_order
from sync.crud.follow_ups import schedule_call
from sync.crud.pull import review_result
from sync.crud.rules import rules_for_sheet
from sync.crud.sheet_changes import version_changes
from sync.crud.sheets import fixed_on_site
from sync.crud.work_orders import change_work_order
from sync.models.sheet import ReviewRow, SheetRow, SheetVersionRow
from sync.models.user import Role, UserRow
from sync.models.work_order import WorkOrderRow

_Query = TypeVar("_Query", bound="Select[*tuple[Any, ...]]")


@dataclass(frozen=True)
class QueueFilter:
    """The review queue's filters; None means "any"."""

    status: SheetStatus | None = SheetStatus.SUBMITTED
    technician_id: int | None = None
    visited_from: date | None = None
    visited_to: date | None = None
    service_level_missed: bool | None = None
    charged: bool | None = None
    max_rating: int | None = None
    new_revision: bool | None = None


def _filtered(query: _Query, f: QueueFilter, *, with_status: bool) -> _Query:
    if with_status and f.status is not None:
        query = query.where(SheetRow.status == f.status.value)
    if f.technician_id is not None:
        query = query.where(SheetRow.technician_id == f.technician_id)
    if f.visited_from is not None:
        query = query.where(SheetRow.visit_date >= f.visited_from)
    if f.visited_to is not None:
        query = query.where(SheetRow.visit_date <= f.visited_to)
    if f.service_level_missed is not None:
        # Missed when it was already missed on arrival, or an open deadline has passed since.
        now = utcnow()
        passed = and_(SheetRow.next_deadline_at.is_not(None), SheetRow.next_deadline_at < now)
        missed = or_(SheetRow.service_level_missed.is_(True), passed)
        kept = and_(SheetRow.service_level_missed.is_(False), not_(passed))
        query = query.where(missed if f.service_level_missed else kept)
    if f.charged is not None:
        query = query.where(SheetRow.charged.is_(f.charged))
    if f.max_rating is not None:
        query = query.where(SheetRow.rating <= f.max_rating)
    if f.new_revision is not None:
        query = query.where(SheetRow.new_revision.is_(f.new_revision))
    return query


def review_queue(
    session: Session, *, filters: QueueFilter, limit: int, offset: int
) -> tuple[list[SheetSummary], int, dict[str, int]]:
    """A page of sheets, oldest submitted first, the total, and counts per status."""
    query = _filtered(
        select(SheetRow, WorkOrderRow, UserRow, missing_count()), filters, with_status=True
    )
    query = query.join(WorkOrderRow, WorkOrderRow.id == SheetRow.work_order_id).join(
        UserRow, UserRow.id == SheetRow.technician_id
    )
    total = (
        session.scalar(
            _filtered(select(func.count()).select_from(SheetRow), filters, with_status=True)
        )
        or 0
    )
    rows = session.execute(
        query.order_by(SheetRow.submitted_at.asc(), SheetRow.received_at.asc(), SheetRow.sheet_id)
        .limit(limit)
        .offset(offset)
    ).all()
    counted = session.execute(
        _filtered(select(SheetRow.status, func.count()), filters, with_status=False).group_by(
            SheetRow.status
        )
    ).all()
    counts = {status.value: 0 for status in SheetStatus}
    counts.update({str(status): int(n) for status, n in counted})
    return [summary(s, o, u, missing=n) for s, o, u, n in rows], total, counts


def service_level_missed_now(sheet: SheetRow) -> bool | None:
    """Whether the job has missed a service level by now (None: the calendar cannot say)."""
    if sheet.next_deadline_at is not None and sheet.next_deadline_at < utcnow():
        return True
    return sheet.service_level_missed


def _signed_at(data: dict[str, Any]) -> datetime | None:
    """When the customer signed, from the sheet as the phone sent it (None: not signed)."""
    sign_off = data.get("sign_off")
    signed = sign_off.get("signed_at") if isinstance(sign_off, dict) else None
    try:
        return datetime.fromisoformat(signed) if isinstance(signed, str) else None
    except ValueError:
        return None


def summary(
    sheet: SheetRow, order: WorkOrderRow, technician: UserRow, *, missing: int
) -> SheetSummary:
    """The line of the review queue for one sheet; ``missing``: attachments not arrived."""
    product = sheet.data.get("product_check") or {}
    return SheetSummary(
        sheet_id=sheet.sheet_id,
        ticket_no=order.ticket_no,
        technician_id=technician.public_id,
        technician_name=technician.display_name,
        status=SheetStatus(sheet.status),
        revision=sheet.revision,
        version=sheet.version,
        new_revision=sheet.new_revision,
        approved_revision=sheet.approved_revision,
        customer_name=str(order.data.get("customer", {}).get("name", "")),
        product_model=str(product.get("model") or order.data.get("product", {}).get("model", "")),
        serial=sheet.serial,
        visit_date=sheet.visit_date,
        received_at=sheet.received_at,
        submitted_at=sheet.submitted_at,
        signed_at=_signed_at(sheet.data),
        charged=sheet.charged,
        total_fen=sheet.total_fen,
        rating=sheet.rating,
        service_level_missed=service_level_missed_now(sheet),
        complete=missing == 0,
    )


def _check_current(sheet: SheetRow, decision: DecisionRequest) -> None:
    """Refuse a decision on anything but the submitted version the supervisor looked at.

    The codes let a screen explain it: ``stale_decision`` (the technician sent a newer
    version meanwhile), ``already_reviewed`` (someone decided first), ``not_submitted``.
    """
    stale_version = decision.version is not None and decision.version != sheet.version
    if decision.revision != sheet.revision or stale_version:
        raise stale_decision(
            f"你的决定未保存：技术员在你打开之后又提交了新的内容（现为第 {sheet.revision} 版"
            f"修订、保存版本 {sheet.version}）。请重新打开，查看改动后再审批",
            "your decision was not saved: the technician sent a newer version after you "
            f"opened the sheet (now revision {sheet.revision}, version {sheet.version}); "
            "open it again, look at what changed, then decide",
        )
    if sheet.status in (SheetStatus.APPROVED, SheetStatus.RETURNED):
        done = "已审批通过" if sheet.status == SheetStatus.APPROVED else "已退回"
        done_en = "approved" if sheet.status == SheetStatus.APPROVED else "returned"
        raise already_reviewed(
            f"你的决定未保存：此报告单的这一版本已由他人处理（{done}）",
            f"your decision was not saved: this version was already {done_en} by someone else",
        )
    if sheet.status != SheetStatus.SUBMITTED:
        raise not_submitted(
            "此报告单尚未经客户签字提交，暂不能审批",
            "the sheet has not been signed and submitted yet; it cannot be reviewed",
        )


def _decide(
    session: Session, *, sheet: SheetRow, decision: DecisionRequest, reviewer: UserRow, outcome: str
) -> ReviewRow:
    now = utcnow()
    sheet.status = outcome
    sheet.reviewed_at = now
    sheet.reviewer_id = reviewer.id
    sheet.review_comment = decision.comment
    review = ReviewRow(
        sheet_id=sheet.sheet_id,
        revision=sheet.revision,
        version=sheet.version,
        decision=outcome,
        comment=decision.comment,
        reviewer_id=reviewer.id,
        reviewed_at=now,
    )
    session.add(review)
    session.flush()
    record_change(
        session,
        kind=ChangeKind.REVIEW_RESULT,
        entity_id=sheet.sheet_id,
        user_id=sheet.technician_id,
        payload=review_result(review, reviewer).model_dump(mode="json"),
    )
    return review


def approve_sheet(
    session: Session,
    *,
    sheet: SheetRow,
    decision: DecisionRequest,
    reviewer: UserRow,
    follow_up_after: timedelta,
) -> ReviewRow:
    """Approve the revision: lock it, move the work order on, schedule the follow-up call."""
    _check_current(sheet, decision)
    missing = len(sheet_missing(session, sheet=sheet))
    if missing:
        raise conflict(
            f"还有 {missing} 个附件未上传，报告单不完整，暂不能审批",
            f"{missing} attachment(s) have not arrived; the sheet is incomplete",
        )
    review = _decide(
        session, sheet=sheet, decision=decision, reviewer=reviewer, outcome=SheetStatus.APPROVED
    )
    sheet.approved_revision = sheet.revision
    sheet.new_revision = False
    order = session.get(WorkOrderRow, sheet.work_order_id, with_for_update=True)
    assert order is not None
    fixed = fixed_on_site(JobSheet.model_validate(sheet.data))
    _move_order(session, order=order, approved=True, fixed=fixed)
    schedule_call(
        session,
        sheet_id=sheet.sheet_id,
        revision=sheet.revision,
        work_order_id=sheet.work_order_id,
        reason=FollowUpReason.APPROVED,
        due_at=review.reviewed_at + follow_up_after,
    )
    return review


def return_sheet(
    session: Session, *, sheet: SheetRow, decision: DecisionRequest, reviewer: UserRow
) -> ReviewRow:
    """Send the sheet back to its technician with the supervisor's comment."""
    _check_current(sheet, decision)
    if len(decision.comment) < 2:
        raise unprocessable("退回时请写明原因", "say why the sheet is returned (comment)")
    review = _decide(
        session, sheet=sheet, decision=decision, reviewer=reviewer, outcome=SheetStatus.RETURNED
    )
    order = session.get(WorkOrderRow, sheet.work_order_id, with_for_update=True)
    assert order is not None
    _move_order(session, order=order, approved=False, fixed=False)
    return review


def _move_order(session: Session, *, order: WorkOrderRow, approved: bool, fixed: bool) -> None:
    current = WorkOrderStatus(order.status)
    wanted = status_after_review(current, approved=approved, fixed_on_site=fixed)
    if wanted != current:
        change_work_order(session, row=order, status=wanted)


def sheet_reviews(session: Session, *, sheet_id: str) -> list[tuple[ReviewRow, UserRow]]:
    rows = session.execute(
        select(ReviewRow, UserRow)
        .join(UserRow, UserRow.id == ReviewRow.reviewer_id)
        .where(ReviewRow.sheet_id == sheet_id)
        .order_by(ReviewRow.id)
    ).all()
    return [(r, u) for r, u in rows]


def sheet_detail(
    session: Session, *, sheet: SheetRow, zone: ZoneInfo, viewer: UserRow
) -> SheetDetail:
    """One sheet opened: its work order, versions and what changed between them, decisions,
    missing files, the rules and (for office staff, never a technician) the job's complaints."""
    order = session.get(WorkOrderRow, sheet.work_order_id)
    technician = session.get(UserRow, sheet.technician_id)
    assert order is not None and technician is not None
    versions = session.scalars(
        select(SheetVersionRow.version)
        .where(SheetVersionRow.sheet_id == sheet.sheet_id)
        .order_by(SheetVersionRow.version)
    )
    decisions = sheet_reviews(session, sheet_id=sheet.sheet_id)
    reviews = [
        ReviewEntry(
            revision=r.revision,
            version=r.version,
            decision=Decision(r.decision),
            comment=r.comment,
            reviewer=u.display_name,
            reviewer_id=u.public_id,
            reviewed_at=r.reviewed_at,
        )
        for r, u in decisions
    ]
    changes, since = version_changes(
        session,
        sheet_id=sheet.sheet_id,
        decided_version=decisions[-1][0].version if decisions else None,
    )
    complaints = (
        None
        if viewer.role == Role.TECHNICIAN
        else complaints_about_order(session, work_order_id=order.id)
    )
    missing = sheet_missing(session, sheet=sheet)
    return SheetDetail(
        summary=summary(sheet, order, technician, missing=len(missing)),
        sheet=JobSheet.model_validate(sheet.data),
        work_order=order.order(),
        missing_attachments=missing,
        reviews=reviews,
        versions=list(versions),
        rules=rules_for_sheet(session, sheet=sheet, order=order, zone=zone),
        changes=changes,
        since_last_decision=since,
        complaints=complaints,
    )
