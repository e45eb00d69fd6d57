"""The completion gate: what is still missing before the customer may sign."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from fieldapp.domain.completion import missing_before_sign_off
from fieldapp.domain.job_sheet import (
    AnotherVisit,
    ChargeLine,
    Charges,
    Diagnosis,
    Etiquette,
    FaultCause,
    JobSheet,
    LoanerHandover,
    PartUsed,
    ProductCheck,
    Repair,
    RepairPause,
    ReturnToCentre,
)
from fieldapp.domain.reference import ChecklistItem, Phase, ReferenceData
from fieldapp.domain.serial import make_serial
from fieldapp.domain.text import text
from fieldapp.domain.work_order import WorkOrder
from tests.support.sheets import a_signature
from tests.support.times import VISIT_DAY, at


def paths(sheet: JobSheet, order: WorkOrder, reference: ReferenceData) -> list[str]:
    return [missing.path for missing in missing_before_sign_off(sheet, order, reference)]


def change(sheet: JobSheet, **update: Any) -> JobSheet:
    return sheet.model_copy(update=update)


def without_tick(etiquette: Etiquette, item_id: str) -> Etiquette:
    return etiquette.model_copy(
        update={
            "five_ones": [t for t in etiquette.five_ones if t.item_id != item_id],
            "appearance": [t for t in etiquette.appearance if t.item_id != item_id],
        }
    )


def test_a_complete_sheet_may_be_signed(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    assert missing_before_sign_off(complete_sheet, order, reference) == []


def test_an_empty_sheet_lists_every_step_in_visit_order(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    empty = JobSheet(
        sheet_id=complete_sheet.sheet_id,
        ticket_no=order.ticket_no,
        technician_id="tech-07",
        created_at=complete_sheet.created_at,
        updated_at=complete_sheet.created_at,
    )
    found = paths(empty, order, reference)

    assert found == [
        "arrival",
        "etiquette.five_ones.greeting",
        "etiquette.five_ones.clean_cloth",
        "etiquette.five_ones.shoe_covers",
        "etiquette.appearance.tool_bag",
        "etiquette.appearance.work_clothes",
        "etiquette.appearance.work_badge",
        "etiquette.nine_rules_attested_at",
        "product_check",
        "diagnosis",
        "repair.actions",
        "outcome",
    ]
    for missing in missing_before_sign_off(empty, order, reference):
        assert missing.text.zh and missing.text.en


def test_sheet_of_another_work_order(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    sheet = change(complete_sheet, ticket_no="BX20261122-0008")
    missing = missing_before_sign_off(sheet, order, reference)

    assert [m.path for m in missing] == ["ticket_no"]
    assert "BX20261122-0007" in missing[0].text.zh


@pytest.mark.parametrize(
    ("arrival", "expected"),
    [
        ({"work_id_shown": False}, ["arrival.work_id_shown"]),
        ({"work_order_shown": False}, ["arrival.work_order_shown"]),
        (
            {"work_id_shown": False, "work_order_shown": False},
            ["arrival.work_id_shown", "arrival.work_order_shown"],
        ),
    ],
)
def test_work_id_and_work_order_must_be_shown(
    complete_sheet: JobSheet,
    order: WorkOrder,
    reference: ReferenceData,
    arrival: dict[str, bool],
    expected: list[str],
) -> None:
    assert complete_sheet.arrival is not None
    sheet = change(complete_sheet, arrival=complete_sheet.arrival.model_copy(update=arrival))

    assert paths(sheet, order, reference) == expected


def test_unticked_five_ones_item_is_named_from_the_checklist(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    sheet = change(complete_sheet, etiquette=without_tick(complete_sheet.etiquette, "shoe_covers"))
    missing = missing_before_sign_off(sheet, order, reference)

    assert [m.path for m in missing] == ["etiquette.five_ones.shoe_covers"]
    assert str(missing[0].text) == (
        "「5个1」未完成：一双鞋套 / Five ones not done: One pair of shoe covers"
    )


def test_after_repair_clean_up_is_needed_when_fixed_on_site(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    no_beauty = change(complete_sheet, etiquette=without_tick(complete_sheet.etiquette, "beauty"))
    another_visit = change(
        no_beauty,
        outcome=AnotherVisit(reason="备件缺货", proposed_at=at(VISIT_DAY + timedelta(days=3), 10)),
    )

    assert paths(no_beauty, order, reference) == ["etiquette.five_ones.beauty"]
    assert paths(another_visit, order, reference) == []


def test_departure_items_come_after_the_signature(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    departure = {i.id for i in reference.checklists.five_ones if i.phase is Phase.DEPARTURE}
    ticked = {t.item_id for t in complete_sheet.etiquette.five_ones}

    assert departure == {"service_card", "farewell"}
    assert not departure & ticked  # not ticked, yet the sheet may be signed
    assert paths(complete_sheet, order, reference) == []


def test_appearance_and_nine_rules(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    etiquette = without_tick(complete_sheet.etiquette, "work_badge").model_copy(
        update={"nine_rules_attested_at": None}
    )
    missing = missing_before_sign_off(change(complete_sheet, etiquette=etiquette), order, reference)

    assert [m.path for m in missing] == [
        "etiquette.appearance.work_badge",
        "etiquette.nine_rules_attested_at",
    ]
    assert "统一工作牌" in missing[0].text.zh
    assert "九不准" in missing[1].text.zh


def test_checklist_items_are_data(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    """A company adds an arrival item and drops another: the gate follows the data."""
    checklists = reference.checklists
    five_ones = [i for i in checklists.five_ones if i.id != "clean_cloth"] + [
        ChecklistItem(id="mask", name=text("一只口罩", "One face mask"), phase=Phase.ARRIVAL)
    ]
    edited = reference.model_copy(
        update={"checklists": checklists.model_copy(update={"five_ones": five_ones})}
    )
    sheet = change(complete_sheet, etiquette=without_tick(complete_sheet.etiquette, "clean_cloth"))

    assert paths(sheet, order, edited) == ["etiquette.five_ones.mask"]


def test_product_must_be_verified(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    assert complete_sheet.product_check is not None
    check = complete_sheet.product_check
    unknown_model = check.model_copy(update={"model": "P520"})
    bad_serial = check.model_copy(update={"serial_read": check.serial_read[:-1] + "Z"})
    altered = bad_serial.model_copy(update={"serial_altered": True})

    assert paths(change(complete_sheet, product_check=None), order, reference) == ["product_check"]
    assert paths(change(complete_sheet, product_check=unknown_model), order, reference) == [
        "product_check.model"
    ]
    missing = missing_before_sign_off(
        change(complete_sheet, product_check=bad_serial), order, reference
    )
    assert [m.path for m in missing] == ["product_check.serial_read"]
    assert "校验位" in missing[0].text.zh
    # An altered serial is recorded as altered (and charged), not sent back for checking.
    assert paths(change(complete_sheet, product_check=altered), order, reference) == []


def test_outside_cause_must_be_explained_to_the_customer(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    outside = Diagnosis(symptoms="无信号", cause=FaultCause.OUTSIDE_CAUSE)
    explained = outside.model_copy(update={"explained_to_customer": True})

    assert paths(change(complete_sheet, diagnosis=outside), order, reference) == [
        "diagnosis.explained_to_customer"
    ]
    assert paths(change(complete_sheet, diagnosis=explained), order, reference) == []


def test_repair_notes_are_needed(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    repair = complete_sheet.repair.model_copy(update={"actions": ""})

    assert paths(change(complete_sheet, repair=repair), order, reference) == ["repair.actions"]


def test_parts_come_from_the_parts_list_for_this_model(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    parts = [
        PartUsed(part_no="P520-BALLAST", quantity=1),
        PartUsed(part_no="D65-PANEL", quantity=1),
        PartUsed(part_no="NO-SUCH-PART", quantity=2),
    ]
    repair = complete_sheet.repair.model_copy(update={"parts": parts})
    missing = missing_before_sign_off(change(complete_sheet, repair=repair), order, reference)

    assert [m.path for m in missing] == ["repair.parts.1.part_no", "repair.parts.2.part_no"]
    assert "不适用于机型 MH-P520" in missing[0].text.zh
    assert "not in the parts list" in missing[1].text.en


def charged(sheet: JobSheet, reference: ReferenceData, **charges: Any) -> JobSheet:
    """``sheet`` of a misused unit (a charged repair) with a correctly priced call-out fee
    agreed before the repair."""
    assert sheet.repair.started_at is not None and sheet.diagnosis is not None
    sheet = change(sheet, diagnosis=sheet.diagnosis.model_copy(update={"cause": "misuse"}))
    data: dict[str, Any] = {
        "lines": [ChargeLine(code="SV-VISIT", quantity=1, unit_price_fen=5000)],
        "price_list_version": reference.prices.version,
        "customer_agreed_at": sheet.repair.started_at - timedelta(minutes=5),
        **charges,
    }
    return change(sheet, charges=Charges(**data))


def test_charges_from_the_price_list_agreed_before_the_repair_pass(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    assert paths(charged(complete_sheet, reference), order, reference) == []


def test_a_repair_free_under_warranty_is_not_charged(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    assert complete_sheet.diagnosis is not None
    unit_fault = complete_sheet.diagnosis.model_copy(update={"cause": "unit_fault"})
    sheet = change(charged(complete_sheet, reference), diagnosis=unit_fault)
    missing = missing_before_sign_off(sheet, order, reference)

    assert [m.path for m in missing] == ["charges.lines"]
    assert "免费保修" in missing[0].text.zh and "不准随意乱收费" in missing[0].text.zh
    assert "must not be charged" in missing[0].text.en


def test_charge_lines_only_from_the_price_list_at_its_price(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    lines = [
        ChargeLine(code="SV-VISIT", quantity=1, unit_price_fen=8000),
        ChargeLine(code="TIP", quantity=1, unit_price_fen=2000),
    ]
    sheet = charged(complete_sheet, reference, lines=lines, price_list_version="2025.1")
    missing = missing_before_sign_off(sheet, order, reference)

    assert [m.path for m in missing] == [
        "charges.lines.0.unit_price_fen",
        "charges.lines.1.code",
        "charges.price_list_version",
    ]
    assert "¥50.00" in missing[0].text.zh
    assert "TIP" in missing[1].text.zh


def test_charges_must_be_agreed_before_the_repair_started(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    started = complete_sheet.repair.started_at
    assert started is not None
    not_agreed = charged(complete_sheet, reference, customer_agreed_at=None)
    agreed_late = charged(
        complete_sheet, reference, customer_agreed_at=started + timedelta(minutes=30)
    )
    no_start = change(
        charged(complete_sheet, reference),
        repair=complete_sheet.repair.model_copy(update={"started_at": None}),
    )

    assert paths(not_agreed, order, reference) == ["charges.customer_agreed_at"]
    late = missing_before_sign_off(agreed_late, order, reference)
    # Agreed while the work went on: the way forward is on the repair step (stop the work).
    assert [m.path for m in late] == ["repair.pauses"]
    assert "维修正在进行" in late[0].text.zh and "暂停维修" in late[0].text.zh
    assert "stop the work" in late[0].text.en
    assert paths(no_start, order, reference) == ["repair.started_at"]


def stopped(sheet: JobSheet, *pauses: tuple[int, int | None]) -> JobSheet:
    """``sheet`` with its work stopped and restarted (minutes after the start)."""
    started = sheet.repair.started_at
    assert started is not None
    stops = [
        RepairPause(
            paused_at=started + timedelta(minutes=stop),
            resumed_at=None if restart is None else started + timedelta(minutes=restart),
        )
        for stop, restart in pauses
    ]
    return change(sheet, repair=sheet.repair.model_copy(update={"pauses": stops}))


def test_a_charge_that_arose_mid_repair_is_agreed_while_the_work_is_stopped(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    """Stop, agree, restart: the first start, the stop and the restart are all on the sheet,
    and an agreement given while no work went on clears the gate."""
    started = complete_sheet.repair.started_at
    assert started is not None
    agreed_at_35 = charged(
        complete_sheet, reference, customer_agreed_at=started + timedelta(minutes=35)
    )

    assert paths(stopped(agreed_at_35, (30, 40)), order, reference) == []  # stopped, agreed, on
    assert paths(stopped(agreed_at_35, (30, None)), order, reference) == []  # not restarted
    assert paths(stopped(agreed_at_35, (30, 35)), order, reference) == []  # restarted at once
    # Agreed after the restart, or before the stop: the work was going on.
    assert paths(stopped(agreed_at_35, (10, 20)), order, reference) == ["repair.pauses"]
    assert paths(stopped(agreed_at_35, (36, 40)), order, reference) == ["repair.pauses"]
    assert paths(stopped(agreed_at_35, (10, 20), (30, 50)), order, reference) == []


def test_stops_and_restarts_follow_each_other_after_the_start(complete_sheet: JobSheet) -> None:
    started = complete_sheet.repair.started_at
    assert started is not None
    repair = complete_sheet.repair.model_dump()

    for pauses in (
        [{"paused_at": started - timedelta(minutes=1)}],  # before the start
        [{"paused_at": started, "resumed_at": started - timedelta(minutes=1)}],  # back in time
        [{"paused_at": started}, {"paused_at": started + timedelta(minutes=5)}],  # never restarted
    ):
        with pytest.raises(ValidationError):
            Repair.model_validate({**repair, "pauses": pauses})
    with pytest.raises(ValidationError):
        Repair.model_validate({**repair, "started_at": None, "pauses": [{"paused_at": started}]})
    assert Repair.model_validate({**repair, "pauses": [{"paused_at": started}]}).paused


def test_charges_corrected_after_a_return_are_agreed_again_after_the_repair(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    """The supervisor returned the sheet for its charges: the technician corrects them and
    the customer agrees again, necessarily after the repair; the revision may be signed."""
    started = complete_sheet.repair.started_at
    assert started is not None
    corrected = charged(complete_sheet, reference, customer_agreed_at=started + timedelta(days=1))
    assert paths(corrected, order, reference) == ["repair.pauses"]
    assert paths(change(corrected, revision=2), order, reference) == []


def back_to_centre(sheet: JobSheet, promised_by: date, *, loaner_offered: bool) -> JobSheet:
    outcome = ReturnToCentre(
        reason="大反射镜损坏，需返回维修中心",
        promised_by=promised_by,
        centre_phone="021-5555 0000",
        loaner_offered=loaner_offered,
    )
    etiquette = without_tick(sheet.etiquette, "beauty")  # not repaired on site
    return change(sheet, outcome=outcome, etiquette=etiquette)


def a_loaner() -> LoanerHandover:
    return LoanerHandover(
        loaner_serial="LN-0001",
        loaner_model="MH-P520",
        accessories=["RC-P", "PWR-CN"],
        handed_over_at=at(VISIT_DAY, 11),
        due_date=date(2026, 12, 1),
        customer_signature=a_signature(),
    )


def test_loaner_offered_must_be_handed_over_and_signed_for(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    offered = back_to_centre(complete_sheet, date(2026, 11, 30), loaner_offered=True)
    declined = back_to_centre(complete_sheet, date(2026, 11, 30), loaner_offered=False)

    assert paths(offered, order, reference) == ["loaner"]
    assert paths(change(offered, loaner=a_loaner()), order, reference) == []
    assert paths(declined, order, reference) == []


def test_centre_promise_within_5_working_days(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    # Visit Mon 23 Nov 2026: five working days later is Mon 30 Nov.
    on_time = back_to_centre(complete_sheet, date(2026, 11, 30), loaner_offered=False)
    too_late = back_to_centre(complete_sheet, date(2026, 12, 1), loaner_offered=False)
    missing = missing_before_sign_off(too_late, order, reference)

    assert paths(on_time, order, reference) == []
    assert [m.path for m in missing] == ["outcome.promised_by"]
    assert "2026-11-30" in missing[0].text.zh
    assert str(missing[0]).startswith("outcome.promised_by: 承诺修复日期不能晚于 2026-11-30")
    # Without a calendar, or holiday data for that year, the promise cannot be checked,
    # and is not held against the sheet.
    assert paths(too_late, order, reference.model_copy(update={"calendar": None})) == []
    assert too_late.arrival is not None
    arrival_2028 = too_late.arrival.model_copy(update={"checked_in_at": at(date(2028, 3, 1), 9)})
    in_2028 = change(
        back_to_centre(complete_sheet, date(2028, 3, 20), loaner_offered=False),
        arrival=arrival_2028,
    )
    assert paths(in_2028, order, reference) == []


def test_parts_are_checked_against_the_model_found_on_site(
    complete_sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> None:
    assert complete_sheet.product_check is not None
    d65 = ProductCheck.model_validate(
        {
            **complete_sheet.product_check.model_dump(),
            "model": "MH-D65",
            "serial_read": make_serial("DP65", date(2026, 2, 1), 8),
        }
    )
    repair = complete_sheet.repair.model_copy(
        update={"parts": [PartUsed(part_no="D65-PANEL", quantity=1)]}
    )

    # The order registered an MH-P520; the unit on site is an MH-D65 and gets a D65 part.
    assert paths(change(complete_sheet, product_check=d65, repair=repair), order, reference) == []
