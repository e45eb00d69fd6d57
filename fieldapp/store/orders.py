"""Work order records: the TinyDB layout of one work order's file and its index summary.

A work order's file ``orders/<ticket_no>.<gen>.json`` holds the tables

- ``order``: the :class:`~fieldapp.domain.work_order.WorkOrder` (one document);
- ``removal``: present when the server took the order away from this technician
  (``work_order_removed``: reassigned, withdrawn), with the reason. The file is kept:
  sheets already filled for the order stay on the device until they are synced;
- ``meta``: kind, key, schema, generation, saved_at.

A cancelled order is simply a work order whose status is ``cancelled``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from tinydb import TinyDB

from fieldapp.domain.text import text
from fieldapp.domain.validation import explain
from fieldapp.domain.work_order import Urgency, WorkOrder, WorkOrderStatus
from fieldapp.store.records import get_doc, meta_of, put_doc
from fieldapp.store.storage import Tables, UnreadableFile

ORDER_TABLE = "order"
REMOVAL_TABLE = "removal"


@dataclass(frozen=True, slots=True)
class OrderRecord:
    """A work order as stored, with the removal reason when it was taken away."""

    order: WorkOrder
    removed_reason: str | None
    saved_at: datetime | None


@dataclass(frozen=True, slots=True)
class OrderSummary:
    """One work order as lists show it; read from the index without opening its file."""

    ticket_no: str
    status: WorkOrderStatus
    urgency: Urgency
    technician_id: str | None
    customer_name: str
    address: str
    product: str  # brand and model
    appointment: datetime | None
    reported_at: datetime
    day: date  # the appointment's date, or the call's when no time is booked yet
    removed_reason: str | None
    saved_at: datetime | None  # when this device last stored the order
    archived: bool = False

    @property
    def removed(self) -> bool:
        return self.removed_reason is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "urgency": self.urgency.value,
            "technician_id": self.technician_id,
            "customer_name": self.customer_name,
            "address": self.address,
            "product": self.product,
            "appointment": self.appointment.isoformat() if self.appointment else None,
            "reported_at": self.reported_at.isoformat(),
            "day": self.day.isoformat(),
            "removed_reason": self.removed_reason,
            "saved_at": self.saved_at.isoformat() if self.saved_at else None,
        }

    @classmethod
    def from_json(cls, key: str, data: dict[str, Any], *, archived: bool = False) -> OrderSummary:
        appointment, saved_at = data.get("appointment"), data.get("saved_at")
        return cls(
            ticket_no=key,
            status=WorkOrderStatus(data["status"]),
            urgency=Urgency(data["urgency"]),
            technician_id=data.get("technician_id"),
            customer_name=data["customer_name"],
            address=data["address"],
            product=data["product"],
            appointment=datetime.fromisoformat(appointment) if appointment else None,
            reported_at=datetime.fromisoformat(data["reported_at"]),
            day=date.fromisoformat(data["day"]),
            removed_reason=data.get("removed_reason"),
            saved_at=datetime.fromisoformat(saved_at) if saved_at else None,
            archived=archived,
        )


def summarize(record: OrderRecord, *, archived: bool = False) -> OrderSummary:
    """The index summary of a work order record."""
    order = record.order
    when = order.appointment or order.reported_at
    return OrderSummary(
        ticket_no=order.ticket_no,
        status=order.status,
        urgency=order.urgency,
        technician_id=order.technician_id,
        customer_name=order.customer.name,
        address=order.customer.address,
        product=f"{order.product.brand} {order.product.model}",
        appointment=order.appointment,
        reported_at=order.reported_at,
        day=when.date(),
        removed_reason=record.removed_reason,
        saved_at=record.saved_at,
        archived=archived,
    )


def decode(tables: Tables, path: Path) -> OrderRecord:
    """The work order record in a file's tables; :class:`UnreadableFile` if it is not one."""
    raw = tables.get(ORDER_TABLE, {}).get("1")
    if raw is None:
        raise UnreadableFile(path, text("缺少工作单内容", "the work order is missing"))
    try:
        order = WorkOrder.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(str(p) for p in explain(exc, WorkOrder)[:3])
        raise UnreadableFile(
            path, text(f"内容不符合工作单格式：{problems}", f"not a valid work order: {problems}")
        ) from exc
    removal = tables.get(REMOVAL_TABLE, {}).get("1")
    saved_at = meta_of(tables).get("saved_at")
    return OrderRecord(
        order,
        str(removal.get("reason", "")) if removal else None,
        datetime.fromisoformat(saved_at) if saved_at else None,
    )


def read_order(db: TinyDB) -> dict[str, Any] | None:
    """The stored order (as JSON data) inside an open record."""
    return get_doc(db.table(ORDER_TABLE))


def read_removal(db: TinyDB) -> dict[str, Any] | None:
    return get_doc(db.table(REMOVAL_TABLE))


def write_order(db: TinyDB, order: WorkOrder) -> None:
    put_doc(db.table(ORDER_TABLE), order.model_dump(mode="json"))


def write_removal(db: TinyDB, reason: str | None, at: str) -> None:
    """Mark the order removed (``reason``) or, with None, no longer removed."""
    if reason is None:
        if len(db.table(REMOVAL_TABLE)):
            db.table(REMOVAL_TABLE).truncate()
    else:
        put_doc(db.table(REMOVAL_TABLE), {"reason": reason, "at": at})
