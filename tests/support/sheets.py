"""The one job-sheet builder, and the photo and signature files a sheet references.

:func:`job_sheet` fills a sheet the way a visit goes, as far as ``stage`` says:

- ``"started"``: opened on the phone, diagnosis and repair notes written, nobody checked in
  yet (the store's tests save and edit these);
- ``"complete"``: checked in, product checked, diagnosed, repaired, outcome chosen — what the
  completion gate asks for, when ``checklists`` are given for the etiquette ticks;
- ``"signed"`` (default): complete and signed by the customer through the domain's
  :func:`~fieldapp.domain.signing.sign`, so the content hash is right.

Defaults describe the service tests' usual visit (an hour ago, a 明辉 MH-P520 bought
2025-09-15 with an invoice, fixed on site); each test suite passes what its cases need.
:func:`pushed_sheet` is the same sheet as the JSON a phone pushes.
"""

from __future__ import annotations

import hashlib
import random
import struct
import uuid
import zlib
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from fieldapp.domain.job_sheet import (
    AnotherVisit,
    Arrival,
    AttachmentKind,
    AttachmentRef,
    ChargeLine,
    Charges,
    ChecklistTick,
    Diagnosis,
    Etiquette,
    FaultCause,
    FixedOnSite,
    JobSheet,
    PartUsed,
    Point,
    ProductCheck,
    PurchaseEvidence,
    Repair,
    ReturnToCentre,
    Signature,
    SignOffDetails,
)
from fieldapp.domain.reference import Checklists, Phase
from fieldapp.domain.serial import make_serial
from fieldapp.domain.signing import sign
from fieldapp.reference import bundled_reference

Stage = Literal["started", "complete", "signed"]

TICKET_NO = "BX20261122-0007"
SERIAL = make_serial("PJ52", date(2025, 8, 1), 4242)
PURCHASED = date(2025, 9, 15)
STROKES = [[(1.0, 1.0), (40.0, 30.0), (80.0, 12.0)]]


def png(seed: int, approx_bytes: int = 2_000) -> bytes:
    """A valid PNG of about ``approx_bytes`` (noise does not compress), different per seed."""
    rnd = random.Random(seed)
    width = 64
    height = max(1, approx_bytes // (width * 3))
    raw = b"".join(b"\x00" + rnd.randbytes(width * 3) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def attachment(
    data: bytes | AttachmentRef, kind: AttachmentKind = AttachmentKind.PHOTO
) -> AttachmentRef:
    """The reference a sheet holds to a file (already a reference: kept as it is)."""
    if isinstance(data, AttachmentRef):
        return data
    return AttachmentRef(sha256=sha(data), kind=kind, content_type="image/png", size=len(data))


def a_signature(
    strokes: Sequence[Sequence[tuple[float, float]]] = STROKES,
    image: bytes | AttachmentRef | None = None,
) -> Signature:
    """A customer's signature on a 300 × 120 pad, with its rendered image if given."""
    return Signature(
        width=300,
        height=120,
        strokes=[[Point(x=x, y=y) for x, y in stroke] for stroke in strokes],
        image=None if image is None else attachment(image, AttachmentKind.SIGNATURE),
    )


def job_sheet(
    ticket_no: str = TICKET_NO,
    technician_id: str = "tech-07",
    *,
    stage: Stage = "signed",
    sheet_id: str | None = None,
    visit: datetime | None = None,
    updated: datetime | None = None,
    device_id: str | None = None,
    revision: int = 1,
    brand: str = "明辉",
    model: str = "MH-P520",
    serial: str = SERIAL,
    purchase_date: date | None = PURCHASED,
    evidence: PurchaseEvidence = PurchaseEvidence.INVOICE,
    symptoms: str = "画面偏暗，灯泡寿命到期",
    cause: FaultCause = FaultCause.UNIT_FAULT,
    cause_notes: str = "",
    explained: bool = True,
    actions: str = "更换灯泡组件",
    repair_started: datetime | None = None,
    opened_unit: bool = False,
    photos: Sequence[bytes | AttachmentRef] = (),
    parts: Sequence[PartUsed] = (),
    labour_minutes: int = 0,
    evidence_photos: Sequence[bytes | AttachmentRef] = (),
    charged: bool = False,
    charges: Charges | None = None,
    outcome: Literal["fixed", "another_visit", "return_to_centre"] = "fixed",
    checklists: Checklists | None = None,
    etiquette: bool = False,
    rating: int = 5,
    comment: str = "",
    signer: str = "陈晓明",
    signature: bytes | AttachmentRef | None = None,
    strokes: Sequence[Sequence[tuple[float, float]]] = STROKES,
    signed_at: datetime | None = None,
) -> JobSheet:
    """A job sheet of one visit, filled as far as ``stage`` (see the module docstring).

    ``visit`` is when the sheet was started and, from ``"complete"`` on, the check-in
    (default: an hour ago); ``updated`` the last save (default: the visit). ``device_id``
    defaults to ``phone-<technician_id>``. ``charged`` adds a visit fee (SV-VISIT, 50 元)
    agreed at the check-in, ``charges`` any other; ``signature`` is the signature image file
    and ``strokes`` what the customer drew at ``signed_at`` (default: the visit). Photos and
    signatures are given as file bytes (see :func:`png`) or as references. ``outcome``: fixed
    on site, another visit, or back to the service centre; ``etiquette``: every 「5个1」 item
    of the bundled checklists ticked (all phases) and 「九不准」 attested.
    """
    visit = visit or datetime.now(UTC) - timedelta(hours=1)
    sheet = JobSheet(
        sheet_id=sheet_id or str(uuid.uuid4()),
        ticket_no=ticket_no,
        technician_id=technician_id,
        device_id=f"phone-{technician_id}" if device_id is None else device_id,
        revision=revision,
        created_at=visit,
        updated_at=updated or visit,
        diagnosis=Diagnosis(
            symptoms=symptoms, cause=cause, cause_notes=cause_notes, explained_to_customer=explained
        ),
        repair=Repair(
            started_at=repair_started,
            actions=actions,
            opened_unit=opened_unit,
            photos=[attachment(p) for p in photos],
            parts=list(parts),
            labour_minutes=labour_minutes,
        ),
    )
    if stage == "started":
        return sheet
    sheet = sheet.model_copy(
        update={
            "arrival": Arrival(checked_in_at=visit, work_id_shown=True, work_order_shown=True),
            "etiquette": _every_etiquette_item(visit)
            if etiquette
            else _etiquette(checklists, visit),
            "product_check": ProductCheck(
                brand=brand,
                model=model,
                serial_read=serial,
                purchase_date=purchase_date,
                purchase_evidence=evidence,
                evidence_photos=[attachment(p) for p in evidence_photos],
            ),
            "charges": charges or (_visit_fee(visit) if charged else Charges()),
            "outcome": _outcome(outcome, visit),
        }
    )
    if stage == "complete":
        return sheet
    details = SignOffDetails(
        functions_checked=True,
        rating=rating,
        comment=comment,
        signer_name=signer,
        signature=a_signature(strokes, signature),
        signed_at=signed_at or visit,
    )
    return sign(sheet, details)


def pushed_sheet(
    ticket_no: str = TICKET_NO, technician_id: str = "tech-07", **options: Any
) -> dict[str, Any]:
    """:func:`job_sheet` as the JSON a phone pushes (tests change it to send what a phone
    would not)."""
    return job_sheet(ticket_no, technician_id, **options).model_dump(mode="json")


def edited(sheet: JobSheet, actions: str) -> JobSheet:
    """``sheet`` after the technician changed what was done."""
    return sheet.model_copy(update={"repair": sheet.repair.model_copy(update={"actions": actions})})


def _etiquette(checklists: Checklists | None, arrived: datetime) -> Etiquette:
    """Every arrival and after-repair 「5个1」 item, 「装束三统一」 and 「九不准」 done."""
    if checklists is None:
        return Etiquette()
    return Etiquette(
        five_ones=[
            ChecklistTick(item_id=item.id, done_at=arrived + timedelta(minutes=40))
            for item in checklists.five_ones
            if item.phase is not Phase.DEPARTURE
        ],
        nine_rules_attested_at=arrived,
        appearance=[
            ChecklistTick(item_id=item.id, done_at=arrived) for item in checklists.appearance
        ],
    )


def _every_etiquette_item(arrived: datetime) -> Etiquette:
    """Every 「5个1」 item of the bundled checklists, whatever its phase, and 「九不准」."""
    return Etiquette(
        five_ones=[
            ChecklistTick(item_id=item.id, done_at=arrived)
            for item in bundled_reference().checklists.five_ones
        ],
        nine_rules_attested_at=arrived,
    )


def _outcome(
    outcome: Literal["fixed", "another_visit", "return_to_centre"], visit: datetime
) -> FixedOnSite | AnotherVisit | ReturnToCentre:
    if outcome == "fixed":
        return FixedOnSite()
    if outcome == "another_visit":
        return AnotherVisit(reason="备件缺货", proposed_at=visit + timedelta(days=2))
    return ReturnToCentre(
        reason="反光镜损坏，需返修",
        promised_by=(visit + timedelta(days=7)).date(),
        centre_phone="021-5888 0000",
    )


def _visit_fee(agreed_at: datetime) -> Charges:
    return Charges(
        lines=[ChargeLine(code="SV-VISIT", quantity=1, unit_price_fen=5000)],
        price_list_version="2026.3",
        customer_agreed_at=agreed_at,
    )
