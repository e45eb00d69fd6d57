"""The warranty verdict: one test per rule and branch, in the words a clerk reads out."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from fieldapp.domain.job_sheet import Diagnosis, FaultCause, JobSheet, ProductCheck
from fieldapp.domain.reference import Catalogue
from fieldapp.domain.serial import make_serial
from fieldapp.domain.validation import explain
from fieldapp.domain.warranty import (
    WarrantyCase,
    WarrantyVerdict,
    add_months,
    warranty_case_for,
    warranty_verdict,
)
from fieldapp.domain.work_order import Customer, CustomerType, WorkOrder

TODAY = date(2026, 11, 23)
MADE = date(2025, 6, 1)  # manufacture month of the demo unit
SERIAL = make_serial("PJ52", MADE, 42)  # an MH-P520


def verdict(catalogue: Catalogue, **fields: Any) -> WarrantyVerdict:
    """The verdict for an MH-P520 consumer unit, with ``fields`` changed."""
    data: dict[str, Any] = {
        "serial_read": SERIAL,
        "registered_model": "MH-P520",
        "service_date": TODAY,
        **fields,
    }
    return warranty_verdict(WarrantyCase.model_validate(data), catalogue)


def invoice(months_ago: int, **fields: Any) -> dict[str, Any]:
    return {
        "purchase_date": add_months(TODAY, -months_ago),
        "purchase_evidence": "invoice",
        **fields,
    }


def codes(result: WarrantyVerdict) -> list[str]:
    return [reason.code for reason in result.reasons]


# --- whole unit, consumer -------------------------------------------------------------


def test_consumer_unit_with_invoice_at_11_months_is_free(catalogue: Catalogue) -> None:
    result = verdict(catalogue, **invoice(11))

    assert result.decision == "free"
    assert (result.in_warranty, result.charged) == (True, False)
    assert result.start == date(2025, 12, 23)
    assert result.end == date(2026, 12, 23)
    assert result.start_basis == "invoice"
    assert result.period_months == 12
    assert codes(result) == ["period_unit", "start_invoice", "within_period"]
    assert str(result.headline) == "免费保修 / Free under warranty"
    assert "2025-12-23" in result.reasons[1].text.zh


def test_consumer_unit_at_13_months_is_charged_because_the_period_is_over(
    catalogue: Catalogue,
) -> None:
    result = verdict(catalogue, **invoice(13))

    assert result.decision == "charged"
    assert (result.in_warranty, result.charged) == (False, True)
    assert codes(result)[0] == "period_over"
    assert "保修期已于 2026-10-23 届满" in result.reasons[0].text.zh
    assert "lifetime" in result.reasons[0].text.en
    assert str(result.headline) == "收费维修 / Charged repair"


def test_the_last_day_of_the_period_is_still_covered(catalogue: Catalogue) -> None:
    bought = date(2025, 11, 23)
    last_day = verdict(
        catalogue, purchase_date=bought, purchase_evidence="invoice", service_date=TODAY
    )
    day_after = verdict(
        catalogue,
        purchase_date=bought,
        purchase_evidence="invoice",
        service_date=TODAY + timedelta(days=1),
    )

    assert (last_day.end, last_day.decision) == (TODAY, "free")
    assert day_after.decision == "charged"


@pytest.mark.parametrize(
    ("bought", "last_covered"),
    [
        (date(2024, 2, 29), date(2025, 2, 28)),  # no 29 Feb next year: month's last day
        (date(2023, 2, 28), date(2024, 2, 28)),
        (date(2025, 1, 31), date(2026, 1, 31)),
    ],
)
def test_month_arithmetic_of_awkward_purchase_dates(
    catalogue: Catalogue, bought: date, last_covered: date
) -> None:
    serial = make_serial("PJ52", bought.replace(day=1), 1)
    covered = verdict(
        catalogue,
        serial_read=serial,
        purchase_date=bought,
        purchase_evidence="invoice",
        service_date=last_covered,
    )
    over = verdict(
        catalogue,
        serial_read=serial,
        purchase_date=bought,
        purchase_evidence="invoice",
        service_date=last_covered + timedelta(days=1),
    )

    assert (covered.end, covered.decision) == (last_covered, "free")
    assert over.decision == "charged"


# --- industry customers ---------------------------------------------------------------


def test_industry_unit_on_a_3_year_contract_at_30_months_is_free(catalogue: Catalogue) -> None:
    serial = make_serial("PE12", date(2024, 3, 1), 7)
    result = verdict(
        catalogue,
        serial_read=serial,
        registered_model="MH-E1200",
        customer_type="industry",
        contract_warranty_years=3,
        **invoice(30),
    )

    assert result.decision == "free"
    assert result.period_months == 36
    assert codes(result)[0] == "period_industry_unit"
    assert "合同保修 3 年" in result.reasons[0].text.zh
    assert "lamp included" in result.reasons[0].text.en


def test_industry_unit_past_its_contract_years_is_charged(catalogue: Catalogue) -> None:
    result = verdict(catalogue, customer_type="industry", contract_warranty_years=1, **invoice(13))

    assert result.decision == "charged"
    assert codes(result)[:2] == ["period_over", "period_industry_unit"]


def test_industry_accessories_have_1_year(catalogue: Catalogue) -> None:
    industry = {"customer_type": "industry", "contract_warranty_years": 3}
    remote = {"item": "accessory", "accessory_code": "RC-P"}
    within = verdict(catalogue, **industry, **remote, **invoice(11))
    over = verdict(catalogue, **industry, **remote, **invoice(13))

    assert (within.decision, within.period_months) == ("free", 12)
    assert codes(within)[0] == "period_industry_accessory"
    assert over.decision == "charged"


def test_industry_contract_covers_the_lamp_even_when_it_wore_out(catalogue: Catalogue) -> None:
    result = verdict(
        catalogue,
        serial_read=make_serial("PJ52", date(2024, 1, 1), 9),
        customer_type="industry",
        contract_warranty_years=3,
        item="accessory",
        accessory_code="LAMP-P5",
        cause="consumable",
        **invoice(30),
    )

    assert result.decision == "free"
    assert codes(result)[0] == "period_industry_lamp"


def test_a_consumers_worn_out_lamp_is_charged(catalogue: Catalogue) -> None:
    result = verdict(
        catalogue, item="accessory", accessory_code="LAMP-P5", cause="consumable", **invoice(3)
    )

    assert result.decision == "charged"
    assert result.in_warranty is True  # within the 6 months, but wear is not covered
    assert codes(result)[0] == "consumable"


# --- accessories ----------------------------------------------------------------------


def test_remote_control_bought_7_months_ago_is_charged(catalogue: Catalogue) -> None:
    result = verdict(catalogue, item="accessory", accessory_code="RC-P", **invoice(7))

    assert result.decision == "charged"
    assert result.period_months == 6
    assert codes(result)[:2] == ["period_over", "period_accessory"]
    assert "投影机遥控器" in result.reasons[1].text.zh


def test_remote_control_bought_5_months_ago_is_free(catalogue: Catalogue) -> None:
    result = verdict(catalogue, item="accessory", accessory_code="RC-P", **invoice(5))

    assert result.decision == "free"


def test_accessory_of_another_model_does_not_match_the_registered_product(
    catalogue: Catalogue,
) -> None:
    result = verdict(catalogue, item="accessory", accessory_code="PEN-WB", **invoice(2))

    assert result.decision == "charged"
    assert "accessory_mismatch" in codes(result)


# --- where the period starts ----------------------------------------------------------


def test_without_invoice_the_period_runs_from_the_factory_month(catalogue: Catalogue) -> None:
    made = add_months(TODAY, -14)
    result = verdict(catalogue, serial_read=make_serial("PJ52", made, 3))

    assert result.decision == "charged"
    assert result.start_basis == "manufacture"
    assert result.start == date(2025, 9, 30)  # last day of the manufacture month
    assert codes(result) == ["period_over", "period_unit", "start_manufacture"]
    assert "出厂月份为 2025-09" in result.reasons[2].text.zh


def test_without_invoice_a_unit_made_10_months_ago_is_free(catalogue: Catalogue) -> None:
    result = verdict(catalogue, serial_read=make_serial("PJ52", add_months(TODAY, -10), 3))

    assert result.decision == "free"
    assert result.start_basis == "manufacture"


def test_a_warranty_card_date_does_not_start_the_period(catalogue: Catalogue) -> None:
    made_jan_2026 = make_serial("PJ52", date(2026, 1, 1), 5)
    bought = {"serial_read": made_jan_2026, "purchase_date": date(2026, 2, 10)}
    card = verdict(
        catalogue, **bought, purchase_evidence="warranty_card", service_date=date(2027, 2, 5)
    )
    with_invoice = verdict(
        catalogue, **bought, purchase_evidence="invoice", service_date=date(2027, 2, 5)
    )

    assert (card.start_basis, card.start, card.end) == (
        "manufacture",
        date(2026, 1, 31),
        date(2027, 1, 31),
    )
    assert card.decision == "charged"
    assert "保修卡" in card.reasons[-1].text.zh
    assert "warranty card" in card.reasons[-1].text.en
    assert (with_invoice.end, with_invoice.decision) == (date(2027, 2, 10), "free")


# --- the charged cases ----------------------------------------------------------------


def test_serial_of_another_model_is_charged_as_a_mismatch(catalogue: Catalogue) -> None:
    result = verdict(catalogue, registered_model="MH-D65", **invoice(2))

    assert result.decision == "charged"
    assert result.in_warranty is True
    assert codes(result)[0] == "model_mismatch"
    assert "明辉 P520" in result.reasons[0].text.zh
    assert "与登记维修的机型 明辉 D65 65英寸交互平板 不符，需收费维修" in result.reasons[0].text.zh


def test_altered_serial_is_charged(catalogue: Catalogue) -> None:
    result = verdict(catalogue, serial_read="PJ52XX", serial_altered=True, **invoice(2))

    assert result.decision == "charged"
    assert codes(result)[0] == "serial_altered"
    assert result.start == add_months(TODAY, -2)  # the invoice still dates it


def test_altered_serial_without_invoice_is_charged_undated(catalogue: Catalogue) -> None:
    result = verdict(catalogue, serial_altered=True)

    assert result.decision == "charged"
    assert (result.start, result.end, result.in_warranty) == (None, None, False)
    assert codes(result) == ["serial_altered", "start_unknown"]


def test_clearance_sale_unit_is_charged(catalogue: Catalogue) -> None:
    result = verdict(catalogue, clearance_sale=True, **invoice(2))

    assert result.decision == "charged"
    assert codes(result)[0] == "clearance_sale"
    assert "降价" in result.reasons[0].text.zh


@pytest.mark.parametrize(
    ("cause", "words"),
    [
        ("misuse", "人为损坏"),
        ("force_majeure", "不可抗力"),
        ("own_disassembly", "自行拆装"),
        ("cosmetic_wear", "外观磨损"),
        ("consumable", "易耗品"),
        ("outside_cause", "外部原因"),
    ],
)
def test_causes_outside_the_warranty_are_charged_within_the_period(
    catalogue: Catalogue, cause: str, words: str
) -> None:
    result = verdict(catalogue, cause=cause, **invoice(2))

    assert result.decision == "charged"
    assert result.in_warranty is True
    assert codes(result)[0] == cause
    assert words in result.reasons[0].text.zh


def test_every_reason_that_applies_is_given(catalogue: Catalogue) -> None:
    result = verdict(catalogue, cause="misuse", clearance_sale=True, **invoice(13))

    assert {"period_over", "misuse", "clearance_sale"} <= set(codes(result))


# --- rejected: the input contradicts itself ------------------------------------------


def test_purchase_date_in_the_future_is_rejected_with_the_reason(catalogue: Catalogue) -> None:
    result = verdict(catalogue, purchase_date=date(2026, 12, 1), purchase_evidence="invoice")

    assert result.decision == "rejected"
    assert (result.in_warranty, result.charged, result.start) == (False, False, None)
    assert codes(result) == ["purchase_in_future"]
    assert "晚于今天" in result.reasons[0].text.zh
    assert str(result.headline) == "无法判定 / Rejected"


def test_purchase_before_the_manufacture_month_is_rejected(catalogue: Catalogue) -> None:
    result = verdict(catalogue, purchase_date=date(2025, 5, 31), purchase_evidence="invoice")

    assert result.decision == "rejected"
    assert codes(result) == ["purchase_before_manufacture"]


def test_purchase_in_the_manufacture_month_is_fine(catalogue: Catalogue) -> None:
    result = verdict(catalogue, purchase_date=date(2025, 6, 1), purchase_evidence="invoice")

    assert result.decision == "charged"  # 17 months ago: over, but a verdict


def test_a_rejected_case_still_lists_the_charged_causes(catalogue: Catalogue) -> None:
    result = verdict(
        catalogue, purchase_date=date(2027, 1, 1), purchase_evidence="invoice", cause="misuse"
    )

    assert result.decision == "rejected"
    assert codes(result) == ["purchase_in_future", "misuse"]


@pytest.mark.parametrize(
    ("serial", "code"),
    [
        (SERIAL[:-1] + ("0" if SERIAL[-1] != "0" else "1"), "serial_check_character"),
        (make_serial("ZZ99", MADE, 1), "serial_unknown_prefix"),
        (make_serial("PJ52", date(2027, 3, 1), 1), "manufactured_in_future"),
        ("PJ52", "serial_length"),
    ],
)
def test_serial_that_cannot_be_trusted_is_rejected(
    catalogue: Catalogue, serial: str, code: str
) -> None:
    result = verdict(catalogue, serial_read=serial, **invoice(2))

    assert result.decision == "rejected"
    assert code in codes(result)


def test_no_invoice_and_no_serial_cannot_be_dated(catalogue: Catalogue) -> None:
    result = verdict(catalogue, serial_read=None)

    assert result.decision == "rejected"
    assert codes(result) == ["start_unknown"]
    assert "无法确定保修起算日期" in result.reasons[0].text.zh


def test_unknown_registered_model_or_accessory_is_rejected(catalogue: Catalogue) -> None:
    model = verdict(catalogue, registered_model="MH-X1", **invoice(2))
    accessory = verdict(catalogue, item="accessory", accessory_code="NOPE", **invoice(2))

    assert (model.decision, codes(model)[0]) == ("rejected", "registered_model_unknown")
    assert (accessory.decision, codes(accessory)[0]) == ("rejected", "accessory_unknown")


def test_every_reason_reads_in_chinese_and_english(catalogue: Catalogue) -> None:
    results = [
        verdict(catalogue, cause="misuse", clearance_sale=True, serial_altered=True, **invoice(13)),
        verdict(catalogue, registered_model="MH-D86", item="accessory", accessory_code="VGA-3M"),
        verdict(catalogue, purchase_date=date(2030, 1, 1), purchase_evidence="invoice"),
    ]
    for reason in (r for result in results for r in result.reasons):
        assert any("\u4e00" <= char <= "\u9fff" for char in reason.text.zh), reason
        assert reason.text.en.isascii() or "¥" in reason.text.en, reason
        assert reason.text.en[0].isupper(), reason


# --- the case's own validation --------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "path", "words"),
    [
        ({"item": "accessory"}, "accessory_code", "请选择维修的附件"),
        ({"customer_type": "industry"}, "contract_warranty_years", "行业客户须填写"),
        ({"contract_warranty_years": 2}, "contract_warranty_years", "只适用于行业客户"),
        (
            {"customer_type": "industry", "contract_warranty_years": 4},
            "contract_warranty_years",
            "不能大于 3",
        ),
        ({"purchase_evidence": "invoice"}, "purchase_date", "请填写凭证上的购机日期"),
        ({"purchase_date": "2026-02-30"}, "purchase_date", "没有这一天"),
        ({"purchase_date": "2026/02/03"}, "purchase_date", "YYYY-MM-DD"),
        ({"cause": "rain"}, "cause", "请从以下选项中选择"),
    ],
)
def test_case_errors_name_the_field_to_fix(fields: dict[str, Any], path: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        WarrantyCase.model_validate({"service_date": TODAY, **fields})

    problems = explain(caught.value, WarrantyCase)
    assert [p.path for p in problems] == [path]
    assert words in problems[0].message.zh
    assert problems[0].message.en  # and in English


# --- month arithmetic -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 10, 31), 1, date(2025, 11, 30)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2026, 1, 31), -2, date(2025, 11, 30)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@given(st.dates(date(2001, 1, 1), date(2095, 12, 31)), st.integers(-36, 36))
def test_add_months_keeps_the_day_or_ends_the_month(day: date, months: int) -> None:
    moved = add_months(day, months)

    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    next_day = moved + timedelta(days=1)
    assert moved.day == day.day or (moved.day < day.day and next_day.month != moved.month)


# --- from a work order and a job sheet ------------------------------------------------


def test_case_for_a_visit_takes_the_customer_from_the_order_and_the_rest_from_the_sheet(
    order: WorkOrder, complete_sheet: JobSheet, catalogue: Catalogue
) -> None:
    sheet = complete_sheet.model_copy(
        update={
            "diagnosis": Diagnosis(symptoms="外壳摔裂", cause=FaultCause.MISUSE),
        }
    )
    case = warranty_case_for(order, sheet, date(2026, 11, 23))

    assert case.registered_model == "MH-P520"
    assert case.purchase_evidence.value == "invoice"
    assert case.purchase_date == date(2026, 3, 2)
    assert case.cause is FaultCause.MISUSE
    assert warranty_verdict(case, catalogue).decision == "charged"


def test_case_for_an_industry_customer_carries_the_contract_years(
    order: WorkOrder, complete_sheet: JobSheet
) -> None:
    industry = order.model_copy(
        update={
            "customer": Customer(
                name="某中学",
                phone="021-5555 0101",
                address="上海市浦东新区学府路 1 号",
                customer_type=CustomerType.INDUSTRY,
                contract_warranty_years=3,
            )
        }
    )
    consumer_with_years = order.model_copy(
        update={"customer": order.customer.model_copy(update={"contract_warranty_years": 2})}
    )

    assert warranty_case_for(industry, complete_sheet, TODAY).contract_warranty_years == 3
    # A consumer's record may carry contract years; they do not apply to consumers.
    assert (
        warranty_case_for(consumer_with_years, complete_sheet, TODAY).contract_warranty_years
        is None
    )


def test_case_before_the_product_check_uses_the_registered_product(
    order: WorkOrder, complete_sheet: JobSheet, catalogue: Catalogue
) -> None:
    sheet = complete_sheet.model_copy(update={"product_check": None, "diagnosis": None})
    case = warranty_case_for(order, sheet, TODAY)

    assert case.serial_read == order.product.serial
    assert case.purchase_evidence.value == "none"  # the call's word is not proof
    assert case.cause is FaultCause.UNIT_FAULT
    result = warranty_verdict(case, catalogue)
    assert result.start_basis == "manufacture"


def test_case_for_an_accessory_repair(
    order: WorkOrder, complete_sheet: JobSheet, catalogue: Catalogue
) -> None:
    assert complete_sheet.product_check is not None
    check = ProductCheck.model_validate(
        {
            **complete_sheet.product_check.model_dump(),
            "item": "accessory",
            "accessory_code": "RC-P",
        }
    )
    case = warranty_case_for(
        order, complete_sheet.model_copy(update={"product_check": check}), TODAY
    )

    result = warranty_verdict(case, catalogue)
    assert (case.accessory_code, result.period_months) == ("RC-P", 6)
    assert result.decision == "charged"  # bought 2026-03-02: the 6 months are over
