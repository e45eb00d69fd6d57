"""Shared fixtures for the store tests: a real store in a temporary folder, and sample jobs.

Every test runs against real TinyDB files on disk (fsync included); nothing is mocked.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from fieldapp.domain.job_sheet import (
    AttachmentRef,
    Diagnosis,
    FaultCause,
    JobSheet,
    Repair,
)
from fieldapp.domain.work_order import Customer, RegisteredProduct, WorkOrder, WorkOrderStatus
from fieldapp.store import Store, open_store
from tests.builders import VISIT_DAY, at


def a_sheet(
    n: int = 1,
    *,
    ticket_no: str = "BX20261122-0007",
    day: date = VISIT_DAY,
    actions: str = "更换镇流器，试机正常",
    photos: list[AttachmentRef] | None = None,
) -> JobSheet:
    """A half-filled job sheet (diagnosis and repair done, not yet signed)."""
    started = at(day, 10)
    return JobSheet(
        sheet_id=str(uuid.UUID(int=n)),
        ticket_no=ticket_no,
        technician_id="tech-07",
        created_at=started,
        updated_at=started + timedelta(minutes=30),
        diagnosis=Diagnosis(symptoms="开机无图像", cause=FaultCause.UNIT_FAULT),
        repair=Repair(actions=actions, photos=photos or []),
    )


def edited(sheet: JobSheet, actions: str) -> JobSheet:
    """``sheet`` after the technician changed what was done."""
    return sheet.model_copy(update={"repair": sheet.repair.model_copy(update={"actions": actions})})


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


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    opened = open_store(store_path)
    yield opened
    opened.close()
