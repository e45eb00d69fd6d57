"""A complaint the customer lodges on the progress page: a complaint like one a clerk records.

It lands in ``complaints`` with the 24-hour answer deadline, the ticket and its technician,
and the phone number the clerk recorded for the job. It is recorded by the page's own
account (``progress-page``, "客户（进度页）"): disabled, without a usable password, so it
never signs in, and the back office shows who recorded the complaint truthfully.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fieldapp.protocol.complaints import ComplaintCause
from sync.core.db import utcnow
from sync.core.security import hash_password
from sync.crud.progress import customer_phone
from sync.models.complaint import ANSWER_WITHIN, ComplaintRow
from sync.models.user import Role, UserRow
from sync.models.work_order import WorkOrderRow

PAGE_ACCOUNT = "progress-page"
PAGE_ACCOUNT_NAME = "客户（进度页）"
# A customer may complain more than once, a script may not fill the clerks' list.
MAX_PER_DAY = 3


def page_account(session: Session) -> UserRow:
    """The account page complaints are recorded by (made on first use)."""
    found = session.scalar(select(UserRow).where(UserRow.username == PAGE_ACCOUNT))
    if found is not None:
        return found
    row = UserRow(
        username=PAGE_ACCOUNT,
        display_name=PAGE_ACCOUNT_NAME,
        role=Role.CLERK.value,
        password_hash=hash_password(secrets.token_urlsafe(32)),
        active=False,
        tokens_valid_from=utcnow(),
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:  # made by a simultaneous complaint
        return session.scalars(select(UserRow).where(UserRow.username == PAGE_ACCOUNT)).one()
    return row


def complaints_today(session: Session, *, order: WorkOrderRow, account: UserRow) -> int:
    since = utcnow() - timedelta(days=1)
    return (
        session.scalar(
            select(func.count()).where(
                ComplaintRow.work_order_id == order.id,
                ComplaintRow.recorded_by == account.id,
                ComplaintRow.received_at > since,
            )
        )
        or 0
    )


def lodge_complaint(
    session: Session, *, order: WorkOrderRow, name: str, cause: ComplaintCause, details: str
) -> ComplaintRow | None:
    """Record the customer's complaint about ``order``; None when today's are used up."""
    account = page_account(session)
    if complaints_today(session, order=order, account=account) >= MAX_PER_DAY:
        return None
    received = utcnow()
    row = ComplaintRow(
        customer_name=name,
        customer_phone=customer_phone(order)[:30],
        customer_address="",
        cause=cause.value,
        details=details,
        work_order_id=order.id,
        technician_id=order.technician_id,
        received_at=received,
        answer_due_at=received + ANSWER_WITHIN,
        recorded_by=account.id,
    )
    session.add(row)
    session.flush()
    return row
