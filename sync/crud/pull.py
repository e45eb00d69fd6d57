"""A pull: the changes for one user since the cursor the service issued.

Without a cursor (a new phone, or a reset one) the reply is a snapshot instead of the whole
history: the user's open work orders, the review results of their returned sheets and every
reference file, with the cursor of the newest change. Later pulls page through the change log.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldapp.domain.order_status import WORKED_ON
from fieldapp.domain.work_order import WorkOrder
from fieldapp.protocol.pull import Change, PullPage, ReviewResultChange, WorkOrderChange
from fieldapp.protocol.review import ReviewDecision, ReviewResult
from fieldapp.protocol.review_queue import SheetStatus
from sync.crud.changes import (
    changes_since,
    current_position,
    issue_cursor,
    parse_cursor,
    reference_change,
)
from sync.crud.reference import reference_files
from sync.models.sheet import ReviewRow, SheetRow
from sync.models.user import UserRow
from sync.models.work_order import WorkOrderRow

OPEN = sorted(status.value for status in WORKED_ON)


def pull(session: Session, *, user: UserRow, cursor: str | None, limit: int) -> PullPage:
    """The next page of changes for ``user``."""
    position = parse_cursor(cursor)
    if position is None:
        return snapshot(session, user=user)
    return changes_since(session, user_id=user.id, cursor=position, limit=limit)


def snapshot(session: Session, *, user: UserRow) -> PullPage:
    """What a phone starting from nothing needs, and the cursor to continue from."""
    # The position is read first: anything committed after it comes again in the next pull.
    top = current_position(session)
    changes: list[Change] = [reference_change(ref) for ref in reference_files(session)]
    orders = session.scalars(
        select(WorkOrderRow)
        .where(WorkOrderRow.technician_id == user.id, WorkOrderRow.status.in_(OPEN))
        .order_by(WorkOrderRow.id)
    )
    changes += [
        WorkOrderChange(id=o.ticket_no, data=WorkOrder.model_validate(o.data)) for o in orders
    ]
    returned = session.scalars(
        select(SheetRow).where(
            SheetRow.technician_id == user.id, SheetRow.status == SheetStatus.RETURNED
        )
    )
    for sheet in returned:
        review = session.scalar(
            select(ReviewRow)
            .where(ReviewRow.sheet_id == sheet.sheet_id)
            .order_by(ReviewRow.id.desc())
            .limit(1)
        )
        if review is not None:
            reviewer = session.get(UserRow, review.reviewer_id)
            changes.append(
                ReviewResultChange(id=sheet.sheet_id, data=review_result(review, reviewer))
            )
    return PullPage(cursor=issue_cursor(session, top), has_more=False, changes=changes)


def review_result(review: ReviewRow, reviewer: UserRow | None) -> ReviewResult:
    """The ``review_result`` change's data a technician receives for their sheet."""
    return ReviewResult(
        sheet_id=review.sheet_id,
        revision=review.revision,
        version=review.version,
        decision=ReviewDecision(review.decision),
        comment=review.comment,
        reviewed_at=review.reviewed_at,
        reviewer=reviewer.display_name if reviewer is not None else "",
    )
