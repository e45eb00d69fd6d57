"""Shared fixtures for the domain tests: the bundled reference data and a full visit.

``complete_sheet`` is a job sheet a customer may sign (fixed on site, free); tests
change one thing in it with ``model_copy(update=...)`` and look at what that breaks.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from fieldapp.domain.job_sheet import (
    Arrival,
    ChecklistTick,
    Diagnosis,
    Etiquette,
    FaultCause,
    FixedOnSite,
    JobSheet,
    Point,
    ProductCheck,
    PurchaseEvidence,
    Repair,
    Signature,
    SignOffDetails,
)
from fieldapp.domain.reference import Catalogue, ReferenceData
from fieldapp.domain.serial import make_serial
from fieldapp.domain.service_levels import WorkingCalendar
from fieldapp.domain.signing import sign
from fieldapp.domain.work_order import Customer, RegisteredProduct, WorkOrder
from fieldapp.reference import bundled_reference
from tests.builders import VISIT_DAY, at

P520_SERIAL = make_serial("PJ52", date(2026, 1, 1), 42)


def a_signature() -> Signature:
    return Signature(
        width=300, height=120, strokes=[[Point(x=10, y=80), Point(x=60, y=20), Point(x=120, y=70)]]
    )


def signed(sheet: JobSheet, when: datetime) -> JobSheet:
    """``sheet`` signed by the customer at ``when`` (with the content hash of what they saw)."""
    details = SignOffDetails(
        functions_checked=True,
        rating=5,
        signer_name="王女士",
        signature=a_signature(),
        signed_at=when,
    )
    return sign(sheet, details)


@pytest.fixture(scope="session")
def reference() -> ReferenceData:
    return bundled_reference()


@pytest.fixture(scope="session")
def catalogue(reference: ReferenceData) -> Catalogue:
    return reference.catalogue


@pytest.fixture(scope="session")
def calendar(reference: ReferenceData) -> WorkingCalendar:
    assert reference.calendar is not None, "fieldapp/data/reference/calendar.json is bundled"
    return reference.calendar


@pytest.fixture
def order() -> WorkOrder:
    return WorkOrder(
        ticket_no="BX20261122-0007",
        customer=Customer(
            name="王女士", phone="138 0013 8000", address="上海市徐汇区漕溪北路 88 号"
        ),
        product=RegisteredProduct(
            brand="MH", model="MH-P520", serial=P520_SERIAL, purchase_date=date(2026, 3, 2)
        ),
        reported_fault="开机后无图像",
        reported_at=at(date(2026, 11, 22), 9),
    )


@pytest.fixture
def complete_sheet(reference: ReferenceData) -> JobSheet:
    """A sheet of a unit fixed on site for free, with everything the gate asks for."""
    arrived = at(VISIT_DAY, 10)
    checklists = reference.checklists
    five_ones = [
        ChecklistTick(item_id=item.id, done_at=arrived + timedelta(minutes=40))
        for item in checklists.five_ones
        if item.phase.value != "departure"
    ]
    appearance = [ChecklistTick(item_id=item.id, done_at=arrived) for item in checklists.appearance]
    return JobSheet(
        sheet_id="0b6f2c9e-3f4a-4d8e-9a1b-2c3d4e5f6a7b",
        ticket_no="BX20261122-0007",
        technician_id="tech-07",
        created_at=arrived,
        updated_at=arrived + timedelta(hours=1),
        arrival=Arrival(checked_in_at=arrived, work_id_shown=True, work_order_shown=True),
        etiquette=Etiquette(
            five_ones=five_ones, nine_rules_attested_at=arrived, appearance=appearance
        ),
        product_check=ProductCheck(
            brand="MH",
            model="MH-P520",
            serial_read=P520_SERIAL,
            purchase_date=date(2026, 3, 2),
            purchase_evidence=PurchaseEvidence.INVOICE,
        ),
        diagnosis=Diagnosis(symptoms="开机无图像，灯泡不亮", cause=FaultCause.UNIT_FAULT),
        repair=Repair(
            started_at=arrived + timedelta(minutes=15),
            actions="更换镇流器，试机正常",
            opened_unit=True,
        ),
        outcome=FixedOnSite(),
    )
