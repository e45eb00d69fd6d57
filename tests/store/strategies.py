"""Hypothesis strategies for every model the store keeps, valid by construction."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import strategies as st

from fieldapp.domain.job_sheet import (
    MAX_ATTACHMENT_BYTES,
    AnotherVisit,
    Arrival,
    AttachmentKind,
    AttachmentRef,
    ChargeLine,
    Charges,
    ChecklistTick,
    CustomerSignOff,
    Diagnosis,
    Etiquette,
    FaultCause,
    FaultComplexity,
    FixedOnSite,
    JobSheet,
    LoanerHandover,
    LoanerReturn,
    PartUsed,
    Point,
    ProductCheck,
    PurchaseEvidence,
    Repair,
    ReturnToCentre,
    Signature,
    WarrantyItem,
)
from fieldapp.domain.work_order import (
    TICKET_NO_PATTERN,
    Customer,
    CustomerType,
    RegisteredProduct,
    Urgency,
    WorkOrder,
    WorkOrderStatus,
)
from fieldapp.store import ReviewDecision, ReviewResult

OFFSETS = [
    UTC,
    timezone(timedelta(hours=8)),
    timezone(timedelta(hours=5, minutes=45)),
    timezone(timedelta(hours=-3, minutes=-30)),
]


def words(min_size: int = 0, max_size: int = 30) -> st.SearchStrategy[str]:
    """Any Unicode text (Chinese, emoji, control characters) that survives trimming."""
    return st.text(max_size=max_size).filter(lambda s: len(s.strip()) >= min_size)


aware = st.datetimes(
    min_value=datetime(2020, 1, 1),
    max_value=datetime(2035, 12, 31),
    timezones=st.sampled_from(OFFSETS),
)
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
sha256 = st.binary(min_size=32, max_size=32).map(bytes.hex)
coordinate = st.floats(min_value=0, max_value=4000, allow_nan=False)


attachment_ref = st.builds(
    AttachmentRef,
    sha256=sha256,
    kind=st.sampled_from(AttachmentKind),
    content_type=st.sampled_from(["image/jpeg", "image/png"]),
    size=st.integers(1, MAX_ATTACHMENT_BYTES),
    caption=words(max_size=100),
)
photos = st.lists(attachment_ref, max_size=3)


@st.composite
def signature(draw: st.DrawFn) -> Signature:
    strokes = draw(
        st.lists(
            st.lists(st.builds(Point, x=coordinate, y=coordinate), min_size=2, max_size=8),
            min_size=1,
            max_size=3,
        )
    )
    return Signature(
        width=draw(st.integers(50, 4000)),
        height=draw(st.integers(30, 4000)),
        strokes=strokes,
        image=draw(st.none() | attachment_ref),
    )


ticks = st.lists(st.builds(ChecklistTick, item_id=words(1, 40), done_at=aware), max_size=5)


@st.composite
def product_check(draw: st.DrawFn) -> ProductCheck:
    item = draw(st.sampled_from(WarrantyItem))
    evidence = draw(st.sampled_from(PurchaseEvidence))
    purchase = draw(days) if evidence is not PurchaseEvidence.NONE else draw(st.none() | days)
    return ProductCheck(
        brand=draw(words(1, 40)),
        model=draw(words(1, 40)),
        serial_read=draw(words(4, 32)),
        serial_registered=draw(st.none() | words(0, 32)),
        serial_altered=draw(st.booleans()),
        purchase_date=purchase,
        purchase_evidence=evidence,
        clearance_sale=draw(st.booleans()),
        item=item,
        accessory_code=draw(words(1, 40)) if item is WarrantyItem.ACCESSORY else None,
        evidence_photos=draw(photos),
    )


@st.composite
def loaner(draw: st.DrawFn) -> LoanerHandover:
    handed = draw(aware)
    returned = st.builds(
        LoanerReturn,
        returned_at=aware,
        condition_notes=words(max_size=50),
        received_by=words(1, 60),
    )
    return LoanerHandover(
        loaner_serial=draw(words(4, 32)),
        loaner_model=draw(words(1, 40)),
        accessories=draw(st.lists(words(max_size=20), max_size=3)),
        condition_notes=draw(words(max_size=100)),
        photos=draw(photos),
        handed_over_at=handed,
        due_date=handed.date() + timedelta(days=draw(st.integers(0, 60))),
        customer_signature=draw(signature()),
        returned=draw(st.none() | returned),
    )


outcome = st.one_of(
    st.none(),
    st.just(FixedOnSite()),
    st.builds(AnotherVisit, reason=words(2, 100), proposed_at=aware),
    st.builds(
        ReturnToCentre,
        reason=words(2, 100),
        promised_by=days,
        centre_phone=words(5, 30),
        loaner_offered=st.booleans(),
    ),
)

sign_off = st.builds(
    CustomerSignOff,
    functions_checked=st.booleans(),
    rating=st.integers(1, 5),
    comment=words(max_size=100),
    signer_name=words(1, 60),
    signature=signature(),
    signed_at=aware,
    content_hash=sha256,
)


@st.composite
def job_sheets(draw: st.DrawFn) -> JobSheet:
    """Any valid job sheet, from a blank one to a signed one with a loaner."""
    return JobSheet(
        sheet_id=str(draw(st.uuids())),
        ticket_no=draw(words(1, 20)),
        technician_id=draw(words(1, 40)),
        device_id=draw(words(0, 64)),
        revision=draw(st.integers(1, 50)),
        reference_versions=draw(
            st.dictionaries(words(max_size=10), words(max_size=10), max_size=3)
        ),
        created_at=draw(aware),
        updated_at=draw(aware),
        arrival=draw(
            st.none()
            | st.builds(
                Arrival,
                checked_in_at=aware,
                work_id_shown=st.booleans(),
                work_order_shown=st.booleans(),
                latitude=st.none() | st.floats(-90, 90),
                longitude=st.none() | st.floats(-180, 180),
            )
        ),
        etiquette=Etiquette(
            five_ones=draw(ticks),
            nine_rules_attested_at=draw(st.none() | aware),
            appearance=draw(ticks),
        ),
        product_check=draw(st.none() | product_check()),
        diagnosis=draw(
            st.none()
            | st.builds(
                Diagnosis,
                symptoms=words(2, 100),
                cause=st.sampled_from(FaultCause),
                cause_notes=words(max_size=100),
                complexity=st.sampled_from(FaultComplexity),
                explained_to_customer=st.booleans(),
            )
        ),
        repair=Repair(
            started_at=draw(st.none() | aware),
            actions=draw(words(max_size=200)),
            parts=draw(
                st.lists(
                    st.builds(PartUsed, part_no=words(1, 40), quantity=st.integers(1, 99)),
                    max_size=3,
                )
            ),
            labour_minutes=draw(st.integers(0, 24 * 60)),
            photos=draw(photos),
            opened_unit=draw(st.booleans()),
        ),
        charges=Charges(
            lines=draw(
                st.lists(
                    st.builds(
                        ChargeLine,
                        code=words(1, 40),
                        quantity=st.integers(1, 99),
                        unit_price_fen=st.integers(0, 10**9),
                    ),
                    max_size=3,
                )
            ),
            price_list_version=draw(words(max_size=10)),
            customer_agreed_at=draw(st.none() | aware),
        ),
        outcome=draw(outcome),
        loaner=draw(st.none() | loaner()),
        sign_off=draw(st.none() | sign_off),
    )


@st.composite
def work_orders(draw: st.DrawFn) -> WorkOrder:
    """Any valid work order."""
    customer_type = draw(st.sampled_from(CustomerType))
    reported = draw(aware)
    return WorkOrder(
        ticket_no=draw(st.from_regex(TICKET_NO_PATTERN, fullmatch=True)),
        customer=Customer(
            name=draw(words(1, 60)),
            phone=draw(st.from_regex(r"\+?[0-9][0-9 \-]{6,18}[0-9]", fullmatch=True)),
            address=draw(words(4, 200)),
            customer_type=customer_type,
            contract_warranty_years=draw(
                st.integers(1, 3) if customer_type is CustomerType.INDUSTRY else st.none()
            ),
        ),
        product=RegisteredProduct(
            brand=draw(words(1, 40)),
            model=draw(words(1, 40)),
            serial=draw(st.none() | words(0, 32)),
            purchase_date=draw(st.none() | days),
        ),
        reported_fault=draw(words(2, 500)),
        reported_at=reported,
        urgency=draw(st.sampled_from(Urgency)),
        appointment=draw(
            st.none() | st.integers(0, 10**7).map(lambda s: reported + timedelta(seconds=s))
        ),
        technician_id=draw(st.none() | words(0, 40)),
        status=draw(st.sampled_from(WorkOrderStatus)),
        service_centre=draw(words(0, 60)),
        updated_at=draw(st.none() | st.datetimes() | aware),
    )


def review_results(sheet_id: str) -> st.SearchStrategy[ReviewResult]:
    return st.builds(
        ReviewResult,
        sheet_id=st.just(sheet_id),
        revision=st.integers(1, 20),
        decision=st.sampled_from(ReviewDecision),
        comment=words(max_size=200),
        reviewed_at=aware,
        reviewer=words(max_size=30),
    )


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.text(max_size=20)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
