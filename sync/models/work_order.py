"""Work orders (工作单) as stored; the requests that change them are in
``fieldapp.protocol.work_orders``.

The work order itself is the domain model :class:`fieldapp.domain.work_order.WorkOrder`,
kept as a JSON document; the columns beside it (ticket number, technician, status) are
copies for queries and authorisation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from fieldapp.domain.work_order import WorkOrder
from sync.core.db import Base, JSONDoc, UTCDateTime, utcnow


class WorkOrderRow(Base):
    __tablename__ = "work_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_no: Mapped[str] = mapped_column(String(20), unique=True)
    technician_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    service_centre: Mapped[str] = mapped_column(String(60), default="")
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")
    # When a technician was first assigned: the service centre's answer to the request, the
    # start of the 24-hour (urgent: 2-hour) answer deadline's "done" side.
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    data: Mapped[dict[str, Any]] = mapped_column(JSONDoc)

    def order(self) -> WorkOrder:
        """The domain work order."""
        return WorkOrder.model_validate(self.data)


class TicketCounterRow(Base):
    """The last 报修单号 sequence issued on each day (the service centre's calendar)."""

    __tablename__ = "ticket_counters"

    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)
