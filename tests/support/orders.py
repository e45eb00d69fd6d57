"""Work orders as a phone receives them, for the store's tests and bench."""

from __future__ import annotations

from datetime import date, timedelta

from fieldapp.domain.work_order import Customer, RegisteredProduct, WorkOrder, WorkOrderStatus
from tests.support.times import VISIT_DAY, at


def an_order(
    seq: int = 7,
    *,
    day: date = VISIT_DAY,
    hour: int = 10,
    status: WorkOrderStatus = WorkOrderStatus.ASSIGNED,
) -> WorkOrder:
    """A work order booked at ``hour`` on ``day`` (called in the day before)."""
    called = at(day - timedelta(days=1), 9)
    return WorkOrder(
        ticket_no=f"BX{called:%Y%m%d}-{seq:04d}",
        customer=Customer(
            name="王女士", phone="138 0013 8000", address="上海市徐汇区漕溪北路 88 号"
        ),
        product=RegisteredProduct(brand="MH", model="MH-P520"),
        reported_fault="开机后无图像",
        reported_at=called,
        appointment=at(day, hour),
        technician_id="tech-07",
        status=status,
    )
