"""The loaner pool (备用机): units per service centre, lent to a customer and returned.

A loan starts either at the counter (a clerk lends a unit against a 报修单号) or from a job
sheet whose loaner handover names a unit of the pool; the sheet's recorded return ends it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fieldapp.domain.job_sheet import LoanerHandover
from fieldapp.domain.serial import normalise_serial
from fieldapp.protocol.loaners import LoanerCreate, LoanerPublic, LoanerStatus, LoanPublic
from sync.core.db import utcnow
from sync.core.errors import attachments_missing, conflict, not_found
from sync.crud.attachments import missing_hashes
from sync.models.loaner import LoanerRow, LoanPhotoRow, LoanRow
from sync.models.user import Role, UserRow
from sync.models.work_order import WorkOrderRow


def add_loaner(session: Session, *, new: LoanerCreate) -> LoanerRow:
    if session.scalar(select(LoanerRow.id).where(LoanerRow.serial == new.serial)) is not None:
        raise conflict(
            f"备用机 {new.serial} 已在库中", f"loaner {new.serial} is already in the pool"
        )
    row = LoanerRow(
        serial=new.serial, model=new.model, service_centre=new.service_centre, notes=new.notes
    )
    session.add(row)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise conflict(
            f"备用机 {new.serial} 已在库中", f"loaner {new.serial} is already in the pool"
        ) from exc
    return row


def loaner_by_serial(session: Session, *, serial: str, lock: bool = False) -> LoanerRow:
    """The unit; ``lock`` it to lend or take it back (two clerks at once take turns)."""
    query = select(LoanerRow).where(LoanerRow.serial == serial)
    row = session.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise not_found(f"备用机 {serial}", f"Loaner {serial}")
    return row


def open_loan(session: Session, *, loaner: LoanerRow) -> LoanRow | None:
    return session.scalar(
        select(LoanRow)
        .where(LoanRow.loaner_id == loaner.id, LoanRow.returned_at.is_(None))
        .limit(1)
    )


def lend(
    session: Session,
    *,
    loaner: LoanerRow,
    order: WorkOrderRow,
    due_date: date,
    condition: str,
    clerk: UserRow | None,
    lent_at: datetime | None = None,
    sheet_id: str | None = None,
) -> LoanRow:
    """Lend an available unit to the customer of ``order`` until ``due_date``."""
    if loaner.status != LoanerStatus.AVAILABLE:
        raise conflict(
            f"备用机 {loaner.serial} 已借出", f"loaner {loaner.serial} is already lent out"
        )
    lent_at = lent_at or utcnow()
    if due_date < lent_at.date():
        raise conflict("归还日期不能早于借出日期", "the due date cannot be before the loan")
    loan = LoanRow(
        loaner_id=loaner.id,
        work_order_id=order.id,
        sheet_id=sheet_id,
        lent_at=lent_at,
        due_date=due_date,
        condition_out=condition,
        recorded_by=clerk.id if clerk else None,
    )
    loaner.status = LoanerStatus.LENT.value
    session.add(loan)
    session.flush()
    return loan


def give_back(
    session: Session,
    *,
    loaner: LoanerRow,
    condition: str,
    returned_at: datetime | None,
    photos: list[str] | None = None,
    returned_by: UserRow | None = None,
) -> LoanRow:
    """The unit came back: the loan ends and the unit is available again.

    ``photos`` (SHA-256) must have been uploaded first by ``returned_by``, the user recording
    the return: like a sheet's attachments, a file counts only for the user who uploaded it,
    so a hash someone else uploaded (or nobody) is refused, naming it, and a return is never
    recorded with a photo that will never arrive. Office staff then read them
    (:func:`sync.crud.attachments.readable_attachment`).
    """
    loan = open_loan(session, loaner=loaner)
    if loan is None:
        raise conflict(f"备用机 {loaner.serial} 未借出", f"loaner {loaner.serial} is not lent out")
    wanted = list(dict.fromkeys(photos or []))
    missing = (
        wanted
        if returned_by is None
        else missing_hashes(session, wanted, uploader_id=returned_by.id)
    )
    if missing:
        raise attachments_missing(
            f"照片尚未上传：{', '.join(missing)}；请先上传照片再记录归还",
            f"photos not uploaded yet: {', '.join(missing)}; upload them, then record the return",
        )
    loan.returned_at = returned_at or utcnow()
    loan.condition_in = condition
    loan.return_photos = wanted
    if returned_by is not None:
        session.add_all(
            LoanPhotoRow(loan_id=loan.id, sha256=sha, recorded_by=returned_by.id) for sha in wanted
        )
    loaner.status = LoanerStatus.AVAILABLE.value
    return loan


def follow_sheet(
    session: Session, *, order: WorkOrderRow, sheet_id: str, handover: LoanerHandover
) -> None:
    """Keep the pool in step with a sheet's loaner handover (units outside the pool are ignored)."""
    serial = normalise_serial(handover.loaner_serial)
    loaner = session.scalar(select(LoanerRow).where(LoanerRow.serial == serial).with_for_update())
    if loaner is None:
        return
    loan = open_loan(session, loaner=loaner)
    if loan is None and handover.returned is None and loaner.status == LoanerStatus.AVAILABLE:
        lend(
            session,
            loaner=loaner,
            order=order,
            due_date=handover.due_date,
            condition=handover.condition_notes,
            clerk=None,
            lent_at=handover.handed_over_at,
            sheet_id=sheet_id,
        )
    elif loan is not None and loan.work_order_id == order.id and handover.returned is not None:
        give_back(
            session,
            loaner=loaner,
            condition=handover.returned.condition_notes,
            returned_at=handover.returned.returned_at,
        )


def list_loaners(
    session: Session,
    *,
    service_centre: str | None,
    status: LoanerStatus | None,
    today: date,
    viewer: UserRow,
) -> list[LoanerPublic]:
    """The pool; a technician sees the loan (customer, ticket) only of their own work orders."""
    query = select(LoanerRow).order_by(LoanerRow.service_centre, LoanerRow.serial)
    if service_centre is not None:
        query = query.where(LoanerRow.service_centre == service_centre)
    if status is not None:
        query = query.where(LoanerRow.status == status)
    own_only = viewer.id if viewer.role == Role.TECHNICIAN else None
    return [
        loaner_public(session, row=row, today=today, technician_id=own_only)
        for row in session.scalars(query)
    ]


def overdue_loans(session: Session, *, today: date) -> list[tuple[LoanerRow, LoanPublic]]:
    """Loans not returned by their due date, longest overdue first."""
    rows = session.execute(
        select(LoanerRow, LoanRow, WorkOrderRow)
        .join(LoanRow, LoanRow.loaner_id == LoanerRow.id)
        .join(WorkOrderRow, WorkOrderRow.id == LoanRow.work_order_id)
        .where(LoanRow.returned_at.is_(None), LoanRow.due_date < today)
        .order_by(LoanRow.due_date, LoanRow.id)
    ).all()
    return [(loaner, loan_public(loan, order, today=today)) for loaner, loan, order in rows]


def loan_history(session: Session, *, loaner: LoanerRow, today: date) -> list[LoanPublic]:
    """Every loan of the unit, newest first."""
    rows = session.execute(
        select(LoanRow, WorkOrderRow)
        .join(WorkOrderRow, WorkOrderRow.id == LoanRow.work_order_id)
        .where(LoanRow.loaner_id == loaner.id)
        .order_by(LoanRow.lent_at.desc(), LoanRow.id.desc())
    ).all()
    return [loan_public(loan, order, today=today) for loan, order in rows]


def loaner_public(
    session: Session, *, row: LoanerRow, today: date, technician_id: int | None = None
) -> LoanerPublic:
    """The unit and its current loan; with ``technician_id``, only a loan of their orders."""
    loan = open_loan(session, loaner=row)
    current = None
    if loan is not None:
        order = session.get(WorkOrderRow, loan.work_order_id)
        assert order is not None
        if technician_id is None or order.technician_id == technician_id:
            current = loan_public(loan, order, today=today)
    return LoanerPublic(
        serial=row.serial,
        model=row.model,
        service_centre=row.service_centre,
        status=LoanerStatus(row.status),
        notes=row.notes,
        current_loan=current,
    )


def loan_public(loan: LoanRow, order: WorkOrderRow, *, today: date) -> LoanPublic:
    open_days = (today - loan.due_date).days if loan.returned_at is None else 0
    return LoanPublic(
        id=loan.id,
        ticket_no=order.ticket_no,
        customer_name=str(order.data.get("customer", {}).get("name", "")),
        lent_at=loan.lent_at,
        due_date=loan.due_date,
        returned_at=loan.returned_at,
        condition_out=loan.condition_out,
        condition_in=loan.condition_in,
        return_photos=list(loan.return_photos or []),
        overdue_days=max(open_days, 0),
    )
