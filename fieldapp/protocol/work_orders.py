"""The requests that record and change a work order (工作单), and a page of work orders.

The work order itself is the domain model :class:`fieldapp.domain.work_order.WorkOrder`.
"""

from __future__ import annotations

from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from fieldapp.domain.validation import label
from fieldapp.domain.work_order import (
    Customer,
    NewCustomer,
    RegisteredProduct,
    Urgency,
    WorkOrder,
)


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
