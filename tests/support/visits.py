"""Whole visits as the domain's records, for the job sheet documents and the media tests and
benches: a work order for a P520 projector, a charged visit to it (fixed on site, or back to
the service centre with a loaner), the customer's drawn signature, the sheet signed.
"""

from __future__ import annotations

from datetime import date, timedelta

from fieldapp.domain.job_sheet import (
    ChargeLine,
    Charges,
    ChecklistTick,
    Etiquette,
    FaultCause,
    JobSheet,
    LoanerHandover,
    PartUsed,
    Point,
    PurchaseEvidence,
    ReturnToCentre,
    Signature,
)
from fieldapp.domain.reference import ReferenceData
from fieldapp.domain.serial import make_serial
from fieldapp.domain.signing import SignOffDetails, sign
from fieldapp.domain.work_order import Customer, RegisteredProduct, WorkOrder
from tests.support.sheets import job_sheet
from tests.support.times import VISIT_DAY, at

P520_SERIAL = make_serial("PJ52", date(2026, 1, 1), 42)

# Signed with the content hash as the domain offers it (``sheet_content_hash``), keeping the
# signature's exact strokes; the domain's ``sign`` (which tests.support.sheets uses) builds
# the sign-off from details and could replace ``signed_by_customer``.
CUSTOMER_NAME = "张喆堃"  # characters outside GB2312 (喆, 堃): the bundled font must have them


def a_work_order(ticket_no: str = "BX20261122-0007") -> WorkOrder:
    """The customer's call for a P520 projector, bought on an invoice on 2 March 2026."""
    return WorkOrder(
        ticket_no=ticket_no,
        customer=Customer(
            name=CUSTOMER_NAME, phone="138 0013 8000", address="上海市徐汇区漕溪北路 88 号 3 室"
        ),
        product=RegisteredProduct(
            brand="MH", model="MH-P520", serial=P520_SERIAL, purchase_date=date(2026, 3, 2)
        ),
        reported_fault="投影机跌落后开机无图像",
        reported_at=at(date(2026, 11, 22), 9),
        service_centre="上海徐汇服务中心",
    )


def a_drawn_signature(width: int = 400, height: int = 160) -> Signature:
    """Two strokes across the pad: a zigzag on the left and a line on the right."""
    zigzag = [Point(x=20 + 15 * i, y=40 if i % 2 else 120) for i in range(11)]
    line = [Point(x=220 + 10 * i, y=60 + 5 * i) for i in range(15)]
    return Signature(width=width, height=height, strokes=[zigzag, line])


def a_charged_visit(
    reference: ReferenceData, order: WorkOrder, *, back_to_centre: bool = False
) -> JobSheet:
    """A visit to a dropped projector (misuse: charged), with parts and agreed charges.

    ``back_to_centre``: the unit goes to the service centre and a loaner is handed over,
    instead of being fixed on site.
    """
    arrived = at(VISIT_DAY, 10)
    checklists = reference.checklists
    phases = {"arrival"} if back_to_centre else {"arrival", "after_repair"}
    prices = reference.prices

    def charge(code: str, quantity: int) -> ChargeLine:
        item = prices.item(code)
        assert item is not None, code
        return ChargeLine(code=code, quantity=quantity, unit_price_fen=item.unit_price_fen)

    # The one sheet builder fills the visit; this adds what only a richer visit has.
    sheet = job_sheet(
        order.ticket_no,
        "tech-07",
        stage="complete",
        sheet_id="5d0c8a4e-1b2f-4c3d-8e9f-0a1b2c3d4e5f",
        visit=arrived,
        updated=arrived + timedelta(hours=1),
        brand="MH",
        model="MH-P520",
        serial=P520_SERIAL,
        purchase_date=date(2026, 3, 2),
        evidence=PurchaseEvidence.INVOICE,
        symptoms="跌落后开机无图像，灯泡碎裂",
        cause=FaultCause.MISUSE,
        cause_notes="用户搬动时跌落",
        actions="更换灯泡组件，清洁光路，试机正常",
        repair_started=arrived + timedelta(minutes=25),
        opened_unit=True,
        parts=[PartUsed(part_no="P520-LAMP", quantity=1)],
        labour_minutes=60,
        charges=Charges(
            lines=[charge("PT-P520-LAMP", 1), charge("LB-30", 2), charge("SV-VISIT", 1)],
            price_list_version=prices.version,
            customer_agreed_at=arrived + timedelta(minutes=20),
        ),
    )
    sheet = sheet.model_copy(
        update={
            "reference_versions": reference.versions(),
            "etiquette": Etiquette(
                five_ones=[
                    ChecklistTick(item_id=item.id, done_at=arrived + timedelta(minutes=5))
                    for item in checklists.five_ones
                    if item.phase.value in phases
                ],
                nine_rules_attested_at=arrived,
                appearance=[
                    ChecklistTick(item_id=item.id, done_at=arrived)
                    for item in checklists.appearance
                ],
            ),
        }
    )
    if not back_to_centre:
        return sheet
    return sheet.model_copy(
        update={
            "outcome": ReturnToCentre(
                reason="光机反射镜破裂，需返回服务中心更换",
                promised_by=date(2026, 11, 30),
                centre_phone="021-5888 1234",
            ),
            "loaner": LoanerHandover(
                loaner_serial=make_serial("PJ52", date(2025, 6, 1), 7),
                loaner_model="MH-P520",
                accessories=["RC-P", "PWR-CN"],
                condition_notes="外壳左侧有轻微划痕",
                handed_over_at=arrived + timedelta(minutes=50),
                due_date=date(2026, 12, 2),
                customer_signature=a_drawn_signature(),
            ),
        }
    )


def signed_by_customer(sheet: JobSheet, *, rating: int = 4, comment: str = "") -> JobSheet:
    """``sheet`` signed by the customer an hour after check-in, over its current content."""
    details = SignOffDetails(
        functions_checked=True,
        rating=rating,
        comment=comment,
        signer_name=CUSTOMER_NAME,
        signature=a_drawn_signature(),
        signed_at=sheet.created_at + timedelta(hours=1),
    )
    return sign(sheet, details)
