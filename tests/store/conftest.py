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
    JobSheet,
)
from fieldapp.store import Store, open_store
from tests.support.sheets import job_sheet
from tests.support.times import VISIT_DAY, at


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
    return job_sheet(
        ticket_no,
        "tech-07",
        stage="started",
        sheet_id=str(uuid.UUID(int=n)),
        visit=started,
        updated=started + timedelta(minutes=30),
        device_id="",
        symptoms="开机无图像",
        explained=False,
        actions=actions,
        photos=photos or [],
    )


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    opened = open_store(store_path)
    yield opened
    opened.close()
