"""Application-layer fixtures: a real store on disk, a service played by a function."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldapp.application import Device, MemoryTokenVault
from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.serial import make_serial
from fieldapp.domain.work_order import (
    Customer,
    RegisteredProduct,
    Urgency,
    WorkOrder,
    WorkOrderStatus,
)
from tests.application.fake_service import session_for, technician_service

# A fixed "now": 2026-11-23 02:00 UTC is 10:00 in Shanghai, a Monday.
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
SERIAL = make_serial("PJ52", datetime(2025, 8, 1).date(), 4242)


def an_order(
    seq: int,
    *,
    appointment: datetime | None,
    name: str = "陈晓明",
    phone: str = "13801234567",
    urgency: Urgency = Urgency.NORMAL,
    status: WorkOrderStatus = WorkOrderStatus.ASSIGNED,
    reported_at: datetime | None = None,
    serial: str | None = SERIAL,
) -> WorkOrder:
    reported = reported_at or (appointment - timedelta(hours=2) if appointment else NOW)
    return WorkOrder(
        ticket_no=f"BX20261122-{seq:04d}",
        customer=Customer(name=name, phone=phone, address="上海市浦东新区张杨路 1500 号"),
        product=RegisteredProduct(brand="明辉", model="MH-P520", serial=serial),
        reported_fault="开机后画面偏暗",
        reported_at=reported,
        urgency=urgency,
        appointment=appointment,
        technician_id="u-tech1",
        status=status,
    )


def a_sheet(ticket_no: str, *, at: datetime = NOW) -> JobSheet:
    return JobSheet(
        sheet_id=str(uuid.uuid4()),
        ticket_no=ticket_no,
        technician_id="u-tech1",
        created_at=at,
        updated_at=at,
    )


@pytest.fixture
def device(tmp_path: Path) -> Iterator[Device]:
    """A device whose service is played by a function, its clock at :data:`NOW`."""
    made = Device(
        tmp_path / "store",
        vault=MemoryTokenVault(),
        session_factory=session_for(technician_service()),
        clock=lambda: NOW,
    )
    yield made
    made.close()
