"""A job's messages, made in the outbox by the change that causes them (same transaction).

Each function here is called where the change happens (assigning a work order, accepting a
signed sheet, moving a unit at the centre) or, for the loaner reminder, by the worker's daily
look. A message is made once per (work order, event, occurrence): the change retried, a sheet
synced again, finds it there and makes nothing. The text is rendered when the message is made,
from the templates current then, with a signed link to the progress page.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fieldapp.domain.job_sheet import AnotherVisit, JobSheet, ReturnToCentre
from fieldapp.protocol.messages import MessageEvent
from sync.core.config import Settings
from sync.core.db import utcnow
from sync.crud.track_access import issue_link
from sync.messages.templates import current_templates, render
from sync.models.centre_unit import CentreUnitRow
from sync.models.loaner import LoanRow
from sync.models.message import CustomerMessageRow
from sync.models.sheet import SheetRow
from sync.models.user import UserRow
from sync.models.work_order import WorkOrderRow


@dataclass(frozen=True)
class LinkConfig:
    secret: str
    page_url: str
    link_ttl: timedelta
    zone: ZoneInfo


def _link_config(settings: Settings) -> LinkConfig:
    return LinkConfig(
        secret=settings.secret_key,
        page_url=settings.page_url,
        link_ttl=settings.track_link_ttl,
        zone=settings.zone,
    )


# The defaults until the service configures it (scripts using the crud functions directly).
_config = _link_config(Settings())


def configure(settings: Settings) -> None:
    """Use ``settings`` for the links and times in messages (the service calls it at start)."""
    global _config
    _config = _link_config(settings)


# Set when a transaction of this process committed a new message: the worker of this process
# sends it at once instead of at its next look (other processes' messages wait for that).
new_messages = threading.Event()


@event.listens_for(Session, "after_commit")
def _wake_the_worker(session: Session) -> None:
    if session.info.pop("new_messages", False):
        new_messages.set()


@event.listens_for(Session, "after_rollback")
def _nothing_new(session: Session) -> None:
    session.info.pop("new_messages", None)


def progress_link(ticket_no: str) -> str:
    """The progress page of ``ticket_no``, opened without typing until the link expires."""
    token = issue_link(
        secret=_config.secret, ticket_no=ticket_no, expires_at=utcnow() + _config.link_ttl
    )
    return f"{_config.page_url}/track?t={token}"


def enqueue(
    session: Session,
    *,
    order: WorkOrderRow,
    event: MessageEvent,
    occurrence: str,
    values: dict[str, str],
) -> CustomerMessageRow | None:
    """The message of this event, made unless it exists already; None when it did."""
    found = session.scalar(
        select(CustomerMessageRow.id).where(
            CustomerMessageRow.work_order_id == order.id,
            CustomerMessageRow.event == event.value,
            CustomerMessageRow.occurrence == occurrence,
        )
    )
    if found is not None:
        return None
    phone = str(order.data.get("customer", {}).get("phone", ""))
    link = progress_link(order.ticket_no)
    templates = current_templates(session)
    now = utcnow()
    row = CustomerMessageRow(
        work_order_id=order.id,
        ticket_no=order.ticket_no,
        event=event.value,
        occurrence=occurrence[:64],
        recipient=phone[:30],
        text=render(
            templates.templates[event], {"ticket_no": order.ticket_no, "link": link, **values}
        ),
        link=link[:500],
        template_version=templates.version,
        state="queued",
        attempts=0,
        next_try_at=now,
        created_at=now,
        last_error="",
        idempotency_key=uuid.uuid4().hex,
    )
    try:
        with session.begin_nested():  # a simultaneous change made the same message first
            session.add(row)
            session.flush()
    except IntegrityError:
        return None
    session.info["new_messages"] = True
    return row


def order_assigned(session: Session, *, order: WorkOrderRow, technician: UserRow) -> None:
    """已派工: the technician and the booked time."""
    appointment = order.data.get("appointment")
    values = {
        "technician": technician.display_name,
        "appointment": _when(datetime.fromisoformat(appointment)) if appointment else "待约定",
    }
    enqueue(
        session,
        order=order,
        event=MessageEvent.ASSIGNED,
        occurrence=technician.public_id,
        values=values,
    )


def sheet_signed(session: Session, *, order: WorkOrderRow, sheet: JobSheet) -> None:
    """Another visit booked, or the unit taken to the centre, by a signed sheet."""
    if sheet.sign_off is None:
        return
    outcome = sheet.outcome
    if isinstance(outcome, AnotherVisit):
        values = {"reason": outcome.reason, "next_visit": _when(outcome.proposed_at)}
        enqueue(
            session,
            order=order,
            event=MessageEvent.ANOTHER_VISIT,
            occurrence=sheet.sheet_id,
            values=values,
        )
    elif isinstance(outcome, ReturnToCentre):
        loaner = ""
        if sheet.loaner is not None:
            loaner = (
                f"备用机（{sheet.loaner.loaner_model}）请于 {_day(sheet.loaner.due_date)} 前归还。"
            )
        values = {
            "reason": outcome.reason,
            "promised_by": _day(outcome.promised_by),  # what the customer signed, as on the page
            "centre_phone": outcome.centre_phone,
            "loaner": loaner,
            "loaner_due": _day(sheet.loaner.due_date) if sheet.loaner is not None else "",
        }
        enqueue(
            session,
            order=order,
            event=MessageEvent.TO_CENTRE,
            occurrence=sheet.sheet_id,
            values=values,
        )


def unit_moved(session: Session, *, unit: CentreUnitRow, order: WorkOrderRow) -> None:
    """The unit repaired (ready) or back with the customer (returned)."""
    event = {"ready": MessageEvent.UNIT_READY, "returned": MessageEvent.UNIT_RETURNED}.get(
        unit.state
    )
    if event is None:
        return
    values = {"centre_phone": _centre_phone(session, sheet_id=unit.sheet_id)}
    enqueue(session, order=order, event=event, occurrence=str(unit.id), values=values)


def loaner_due_reminders(session: Session, *, today: date) -> int:
    """A reminder for each loan due back tomorrow and not yet returned; how many were made."""
    tomorrow = today + timedelta(days=1)
    made = 0
    loans = session.scalars(
        select(LoanRow).where(LoanRow.due_date == tomorrow, LoanRow.returned_at.is_(None))
    )
    for loan in list(loans):
        order = session.get(WorkOrderRow, loan.work_order_id)
        if order is None:
            continue
        phone = _centre_phone(session, sheet_id=loan.sheet_id) if loan.sheet_id else ""
        values = {"loaner_due": _day(loan.due_date), "centre_phone": phone}
        made += (
            enqueue(
                session,
                order=order,
                event=MessageEvent.LOANER_DUE,
                occurrence=str(loan.id),
                values=values,
            )
            is not None
        )
    return made


def _centre_phone(session: Session, *, sheet_id: str) -> str:
    data = session.scalar(select(SheetRow.data).where(SheetRow.sheet_id == sheet_id))
    outcome = (data or {}).get("outcome") or {}
    return str(outcome.get("centre_phone", ""))


def _when(at: datetime) -> str:
    local = at.astimezone(_config.zone)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def _day(day: date) -> str:
    return f"{day.month}月{day.day}日"
