"""Work orders (工作单) as stored, and the requests that change them.

The work order itself is the domain model :class:`fieldapp.domain.work_order.WorkOrder`,
kept as a JSON document; the columns beside it (ticket number, technician, status) are
copies for queries and authorisation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from fieldapp.domain.validation import label
from fieldapp.domain.work_order import (
    Customer,
    NewCustomer,
    RegisteredProduct,
    Urgency,
    WorkOrder,
)
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


def _checked_anew(value: Any) -> Any:
    """A ``Customer`` made in Python (the demo, a bench) is checked as a new customer is."""
    return value.model_dump() if isinstance(value, Customer) else value


class WorkOrderCreate(BaseModel):
    """A customer's call as the clerk records it; the service issues the 报修单号."""

    model_config = ConfigDict(extra="forbid", title="Work order")

    customer: NewCustomer = Field(**label("客户", "Customer"))
    product: RegisteredProduct = Field(**label("产品", "Product"))
    reported_fault: str = Field(min_length=2, max_length=500, **label("故障描述", "Reported fault"))
    reported_at: AwareDatetime | None = Field(default=None, **label("报修时间", "Reported at"))
    urgency: Urgency = Field(default=Urgency.NORMAL, **label("紧急程度", "Urgency"))
    appointment: AwareDatetime | None = Field(default=None, **label("预约时间", "Appointment"))
    service_centre: str = Field(default="", max_length=60, **label("服务中心", "Service centre"))

    _customer_checked = field_validator("customer", mode="before")(_checked_anew)


class WorkOrderUpdate(BaseModel):
    """Corrections by the clerk or supervisor; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid", title="Work order")

    customer: NewCustomer | None = Field(default=None, **label("客户", "Customer"))
    product: RegisteredProduct | None = Field(default=None, **label("产品", "Product"))
    reported_fault: str | None = Field(
        default=None, min_length=2, max_length=500, **label("故障描述", "Reported fault")
    )
    urgency: Urgency | None = Field(default=None, **label("紧急程度", "Urgency"))
    appointment: AwareDatetime | None = Field(default=None, **label("预约时间", "Appointment"))
    service_centre: str | None = Field(
        default=None, max_length=60, **label("服务中心", "Service centre")
    )

    _customer_checked = field_validator("customer", mode="before")(_checked_anew)


class AssignRequest(BaseModel):
    """The supervisor assigns (or reassigns) a technician."""

    model_config = ConfigDict(extra="forbid", title="Assignment")

    technician_id: str = Field(pattern=r"^[0-9]{1,9}$", **label("技术员", "Technician"))


class CancelRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Cancellation")

    reason: str = Field(min_length=2, max_length=200, **label("取消原因", "Reason"))


class WorkOrderList(BaseModel):
    items: list[WorkOrder]
    total: int
    # The name of each technician the listed orders are assigned to (by ``technician_id``):
    # a clerk, who cannot list accounts, sees who has the job.
    technician_names: dict[str, str] = {}
