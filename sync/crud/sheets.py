"""Job sheets arriving from the phones: one version of one sheet at a time.

:func:`accept_sheet_version` holds the rules the service enforces on every pushed sheet:
the sheet is the technician's own, for a work order assigned to them; a signed sheet's content
hash matches what the customer signed; an approved sheet is locked, and a change after the
approval must come as a new revision, which is flagged for review. It stores the sheet, keeps
every accepted version, links its attachments and moves the work order along.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldapp.domain.job_sheet import FixedOnSite, JobSheet
from fieldapp.domain.order_status import status_after_sheet
from fieldapp.domain.serial import normalise_serial
from fieldapp.domain.signing import signature_matches
from fieldapp.domain.text import Text, text
from fieldapp.domain.visit import visit_day
from fieldapp.domain.work_order import WorkOrderStatus
from fieldapp.protocol.review_queue import SheetStatus
from sync.core.db import utcnow
from sync.core.errors import not_found
from sync.crud.attachments import link_sheet, sheet_missing
from sync.crud.centre_units import register_from_sheet
from sync.crud.follow_ups import calls_for_sheet
from sync.crud.loaners import follow_sheet
from sync.crud.reference import reference_data
from sync.crud.rules import service_level_state
from sync.crud.work_orders import change_work_order
from sync.messages import events as messages
from sync.models.sheet import SheetRow, SheetVersionRow
from sync.models.user import Role, UserRow
from sync.models.work_order import WorkOrderRow


class SheetRefused(Exception):
    """This version of the sheet is not allowed; the push reports it as ``rejected``."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


@dataclass
class Accepted:
    """What became of an accepted version."""

    missing_attachments: list[str]
    message: Text | None = None
    changed: bool = True
    row: SheetRow | None = field(default=None, repr=False)


def accept_sheet_version(
    session: Session, *, user: UserRow, device_id: str, version: int, sheet: JobSheet
) -> Accepted:
    """Store ``version`` of ``sheet`` pushed by ``user``, or raise :class:`SheetRefused`."""
    if sheet.technician_id != user.public_id:
        raise SheetRefused(
            text(
                "报告单上的技术员不是当前登录的账号",
                "the sheet's technician is not the signed-in account",
            )
        )
    existing = session.get(SheetRow, sheet.sheet_id, with_for_update=True)
    if existing is not None and existing.technician_id != user.id:
        raise SheetRefused(
            text("此报告单编号属于另一位技术员", "this sheet id belongs to another technician")
        )
    order = _own_order(session, user=user, ticket_no=sheet.ticket_no)
    if existing is not None and existing.work_order_id != order.id:
        raise SheetRefused(
            text("报告单不能改到另一张工作单", "a sheet cannot move to another work order")
        )
    if existing is not None and version <= existing.version:
        # Already stored at this version or newer: accepted, nothing changes (idempotent).
        return Accepted(sheet_missing(session, sheet=existing), changed=False, row=existing)
    if sheet.sign_off is not None and not signature_matches(sheet):
        raise SheetRefused(
            text(
                "签署内容与客户签名时的内容不一致（内容校验值不符），请让客户重新签名",
                "the signed content no longer matches what the customer signed (content hash "
                "mismatch); ask the customer to sign again",
            )
        )
    new_revision = _check_lock(existing, sheet)
    message = _revision_words(existing, sheet) if new_revision else None
    row = _store(
        session,
        existing=existing,
        order=order,
        user=user,
        device_id=device_id,
        version=version,
        sheet=sheet,
    )
    if new_revision:
        row.new_revision = True
    missing = link_sheet(session, sheet=row, hashes=[ref.sha256 for ref in sheet.attachments()])
    _advance_order(session, order=order, sheet=row)
    row.service_level_missed, row.next_deadline_at = service_level_state(
        session, order=order, now=row.received_at
    )
    if sheet.loaner is not None:
        follow_sheet(session, order=order, sheet_id=sheet.sheet_id, handover=sheet.loaner)
    calls_for_sheet(session, sheet=sheet, work_order_id=order.id, now=row.received_at)
    register_from_sheet(session, order=order, sheet=sheet)
    messages.sheet_signed(session, order=order, sheet=sheet)  # the customer is told
    return Accepted(missing, message=message, row=row)


def _own_order(session: Session, *, user: UserRow, ticket_no: str) -> WorkOrderRow:
    # Locked: the push moves the order along, and a supervisor may be changing it meanwhile.
    order = session.scalar(
        select(WorkOrderRow).where(WorkOrderRow.ticket_no == ticket_no).with_for_update()
    )
    if order is None or order.technician_id != user.id:
        raise SheetRefused(
            text(
                f"工作单 {ticket_no} 不存在或未派给你",
                f"work order {ticket_no} does not exist or is not assigned to you",
            )
        )
    if order.status == WorkOrderStatus.CANCELLED:
        raise SheetRefused(
            text(f"工作单 {ticket_no} 已取消", f"work order {ticket_no} was cancelled")
        )
    return order


def _revision_words(existing: SheetRow | None, sheet: JobSheet) -> Text | None:
    """What the technician is told about a revision made after an approval: the first time
    it arrives, that it is stored as a new 版 to review again; sent again after the
    supervisor returned it, that the change is in (not that the sheet "was approved")."""
    if existing is None or existing.approved_revision is None:
        return None
    approved = existing.approved_revision
    if existing.revision < sheet.revision:
        return text(
            f"第 {approved} 版已审批通过；本次作为第 {sheet.revision} 版修订保存，待主管重新审批",
            f"revision {approved} was approved; stored as new revision {sheet.revision}, "
            "flagged for review",
        )
    if existing.status == SheetStatus.RETURNED:
        return text(
            f"第 {sheet.revision} 版已按退回意见修改并重新提交，待主管审批",
            f"revision {sheet.revision} changed as the supervisor asked and sent again for review",
        )
    return None


def _check_lock(existing: SheetRow | None, sheet: JobSheet) -> bool:
    """Whether this is a new revision of an approved sheet; refuses a change to the approved one."""
    if existing is None or existing.approved_revision is None:
        return False
    if sheet.revision <= existing.approved_revision:
        raise SheetRefused(
            text(
                f"此报告单第 {existing.approved_revision} 版已审批锁定；如需修改，请新建修订版本",
                f"revision {existing.approved_revision} of this sheet is approved and locked; "
                "make a new revision to change it",
            )
        )
    return True


def _store(
    session: Session,
    *,
    existing: SheetRow | None,
    order: WorkOrderRow,
    user: UserRow,
    device_id: str,
    version: int,
    sheet: JobSheet,
) -> SheetRow:
    now = utcnow()
    data = sheet.model_dump(mode="json")
    row = existing or SheetRow(
        sheet_id=sheet.sheet_id, work_order_id=order.id, technician_id=user.id
    )
    signed = sheet.sign_off is not None
    row.device_id = device_id
    row.version = version
    row.revision = sheet.revision
    row.data = data
    row.status = SheetStatus.SUBMITTED if signed else SheetStatus.DRAFT
    row.content_hash = sheet.sign_off.content_hash if sheet.sign_off is not None else None
    row.serial = (
        normalise_serial(sheet.product_check.serial_read)[:32] if sheet.product_check else None
    )
    row.total_fen = min(sheet.charges.total_fen, 2**62)
    row.charged = row.total_fen > 0
    row.rating = sheet.sign_off.rating if sheet.sign_off is not None else None
    reference = reference_data(session)
    row.visit_date = visit_day(sheet, reference.zone)
    row.outcome = sheet.outcome.kind if sheet.outcome is not None else None
    five_ones = {item.id for item in reference.checklists.five_ones}
    ticked = {tick.item_id for tick in sheet.etiquette.five_ones}
    row.five_ones_complete = five_ones <= ticked
    row.nine_rules_attested = sheet.etiquette.nine_rules_attested_at is not None
    row.device_updated_at = sheet.updated_at
    row.received_at = now
    if signed and (existing is None or existing.status != SheetStatus.SUBMITTED):
        row.submitted_at = now
    if existing is None:
        session.add(row)
    session.add(
        SheetVersionRow(
            sheet_id=sheet.sheet_id,
            version=version,
            revision=sheet.revision,
            content_hash=row.content_hash,
            data=data,
            received_at=now,
        )
    )
    session.flush()
    return row


def _advance_order(session: Session, *, order: WorkOrderRow, sheet: SheetRow) -> None:
    """A visit under way makes the order 处理中; a signed sheet makes it 待审批."""
    current = WorkOrderStatus(order.status)
    wanted = status_after_sheet(current, signed=sheet.status == SheetStatus.SUBMITTED)
    if wanted != current:
        change_work_order(session, row=order, status=wanted)


def visible_sheet(session: Session, *, user: UserRow, sheet_id: str) -> SheetRow:
    """The sheet if this user may see it; a technician sees only their own (else 404)."""
    row = session.get(SheetRow, sheet_id) if len(sheet_id) <= 36 else None
    if row is None or (user.role == Role.TECHNICIAN and row.technician_id != user.id):
        raise not_found(f"报告单 {sheet_id}", f"Sheet {sheet_id}")
    return row


def visible_sheet_with_order(
    session: Session, *, user: UserRow, sheet_id: str
) -> tuple[SheetRow, WorkOrderRow]:
    """The sheet as :func:`visible_sheet` gives it, with its work order (for its PDF)."""
    row = visible_sheet(session, user=user, sheet_id=sheet_id)
    order = session.get(WorkOrderRow, row.work_order_id)
    assert order is not None  # a sheet's work order is never deleted
    return row, order


def fixed_on_site(sheet: JobSheet) -> bool:
    return isinstance(sheet.outcome, FixedOnSite)
