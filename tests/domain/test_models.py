"""The work order and job sheet models: round trips and bilingual, field-named errors."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from fieldapp.domain.job_sheet import (
    AnotherVisit,
    AttachmentKind,
    AttachmentRef,
    ChargeLine,
    Charges,
    FixedOnSite,
    JobSheet,
    LoanerHandover,
    LoanerReturn,
    PartUsed,
    ProductCheck,
    ReturnToCentre,
)
from fieldapp.domain.text import text
from fieldapp.domain.validation import FieldProblem, explain
from fieldapp.domain.warranty import WarrantyCase
from fieldapp.domain.work_order import WorkOrder, is_ticket_no, ticket_no_for, ticket_no_problem
from tests.support.sheets import a_signature
from tests.support.times import VISIT_DAY, at

from .conftest import signed


def problems_of(model: type[BaseModel], data: dict[str, Any]) -> list[FieldProblem]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return explain(caught.value, model)


def photo(n: int, kind: AttachmentKind = AttachmentKind.PHOTO) -> AttachmentRef:
    return AttachmentRef(sha256=f"{n:064x}", kind=kind, size=1000 + n)


@pytest.fixture
def full_sheet(complete_sheet: JobSheet) -> JobSheet:
    """Every part filled: parts, charges, photos, a loaner returned, and the sign-off."""
    repair = complete_sheet.repair.model_copy(
        update={"parts": [PartUsed(part_no="P520-BALLAST", quantity=1)], "photos": [photo(1)]}
    )
    loaner = LoanerHandover(
        loaner_serial="LN-0001",
        loaner_model="MH-P520",
        accessories=["RC-P"],
        photos=[photo(2)],
        handed_over_at=at(VISIT_DAY, 11),
        due_date=date(2026, 12, 1),
        customer_signature=a_signature().model_copy(
            update={"image": photo(3, AttachmentKind.SIGNATURE)}
        ),
        returned=LoanerReturn(returned_at=at(date(2026, 11, 30), 15), received_by="李工"),
    )
    sheet = complete_sheet.model_copy(
        update={
            "repair": repair,
            "charges": Charges(
                lines=[ChargeLine(code="SV-VISIT", quantity=1, unit_price_fen=5000)],
                price_list_version="2026.3",
                customer_agreed_at=at(VISIT_DAY, 10, 10),
            ),
            "outcome": ReturnToCentre(
                reason="大反射镜损坏", promised_by=date(2026, 11, 30), centre_phone="021-5555 0000"
            ),
            "loaner": loaner,
        }
    )
    return signed(sheet, at(VISIT_DAY, 11, 30))


# --- round trips ----------------------------------------------------------------------


def test_work_order_round_trips_through_json(order: WorkOrder) -> None:
    again = WorkOrder.model_validate_json(order.model_dump_json())

    assert again == order
    assert again.reported_at.utcoffset() == timedelta(hours=8)


def test_full_job_sheet_round_trips_through_json(full_sheet: JobSheet) -> None:
    again = JobSheet.model_validate_json(full_sheet.model_dump_json())

    assert again == full_sheet
    assert isinstance(again.outcome, ReturnToCentre)


@pytest.mark.parametrize(
    "outcome",
    [
        FixedOnSite(),
        AnotherVisit(reason="备件缺货", proposed_at=at(VISIT_DAY + timedelta(days=2), 14)),
        ReturnToCentre(reason="返修", promised_by=date(2026, 11, 30), centre_phone="021-5555"),
    ],
)
def test_each_outcome_comes_back_as_its_own_kind(
    complete_sheet: JobSheet, outcome: FixedOnSite | AnotherVisit | ReturnToCentre
) -> None:
    sheet = complete_sheet.model_copy(update={"outcome": outcome})
    again = JobSheet.model_validate(sheet.model_dump(mode="json"))

    assert type(again.outcome) is type(outcome)
    assert again.outcome == outcome


def test_attachments_lists_every_photo_and_signature_image(full_sheet: JobSheet) -> None:
    assert {ref.sha256 for ref in full_sheet.attachments()} == {photo(n).sha256 for n in (1, 2, 3)}


def test_charge_total_is_the_sum_of_its_lines() -> None:
    charges = Charges(
        lines=[
            ChargeLine(code="SV-VISIT", quantity=1, unit_price_fen=5000),
            ChargeLine(code="LB-30", quantity=3, unit_price_fen=4000),
        ]
    )

    assert [line.amount_fen for line in charges.lines] == [5000, 12000]
    assert charges.total_fen == 17000


# --- bilingual, field-named errors ----------------------------------------------------


def sheet_data(complete_sheet: JobSheet, **change: Any) -> dict[str, Any]:
    return {**complete_sheet.model_dump(mode="json"), **change}


@pytest.mark.parametrize(
    ("change", "path", "field_zh", "message_zh", "message_en"),
    [
        (
            {"arrival": {}},
            "arrival.checked_in_at",
            "到达 › 到达时间",
            "请填写",
            "please fill this in",
        ),
        (
            {
                "repair": {
                    "parts": [{"part_no": "A", "quantity": 1}, {"part_no": "B", "quantity": 0}]
                }
            },
            "repair.parts.1.quantity",
            "维修 › 使用备件 › 第2项 › 数量",
            "不能小于 1",
            "must be at least 1",
        ),
        (
            {"outcome": {"kind": "return_to_centre", "reason": "返修", "centre_phone": "021-5555"}},
            "outcome.return_to_centre.promised_by",
            "处理结果 › 承诺修复日期",
            "请填写",
            "please fill this in",
        ),
        (
            {"outcome": {"kind": "teleport"}},
            "outcome",
            "处理结果",
            "类型不正确",
            "choose one of",
        ),
        ({"outcome": {}}, "outcome", "处理结果", "请选择类型", "choose a type"),
        (
            {"created_at": "2026-11-23T10:00:00"},
            "created_at",
            "创建时间",
            "时间需带时区",
            "the time needs a time zone",
        ),
        (
            {"colour": "red"},
            "colour",
            "colour",
            "不是可识别的字段",
            "is not a field this form knows",
        ),
        (
            {
                "product_check": {
                    "brand": "MH",
                    "model": "MH-P520",
                    "serial_read": "PJ52",
                    "item": "accessory",
                }
            },
            "product_check",
            "产品核对",
            "请选择维修的附件",
            "choose which accessory",
        ),
        (
            {
                "product_check": {
                    "brand": "MH",
                    "model": "MH-P520",
                    "serial_read": "PJ52",
                    "purchase_evidence": "invoice",
                }
            },
            "product_check",
            "产品核对",
            "请填写凭证上的购机日期",
            "enter the purchase date",
        ),
        (
            {
                "product_check": {
                    "brand": "MH",
                    "model": "MH-P520",
                    "serial_read": "PJ52",
                    "purchase_evidence": "receipt",
                }
            },
            "product_check.purchase_evidence",
            "产品核对 › 购机凭证",
            "'warranty_card' 或 'none'",
            "'warranty_card' or 'none'",
        ),
        (
            {"charges": {"lines": [{"code": "SV-VISIT", "quantity": 1, "unit_price_fen": -5}]}},
            "charges.lines.0.unit_price_fen",
            "收费 › 收费明细 › 第1项 › 单价（分）",
            "不能小于 0",
            "must be at least 0",
        ),
    ],
)
def test_sheet_errors_name_the_field_in_both_languages(
    complete_sheet: JobSheet,
    change: dict[str, Any],
    path: str,
    field_zh: str,
    message_zh: str,
    message_en: str,
) -> None:
    problems = problems_of(JobSheet, sheet_data(complete_sheet, **change))

    assert [p.path for p in problems] == [path]
    assert problems[0].field.zh == field_zh
    assert message_zh in problems[0].message.zh
    assert message_en in problems[0].message.en


def test_signature_and_loaner_rules(complete_sheet: JobSheet) -> None:
    one_dot = {"width": 300, "height": 100, "strokes": [[{"x": 1, "y": 1}]]}
    loaner = {
        "loaner_serial": "LN-0001",
        "loaner_model": "MH-P520",
        "handed_over_at": "2026-11-23T10:00:00+08:00",
        "due_date": "2026-11-20",
        "customer_signature": a_signature().model_dump(mode="json"),
    }
    signature = problems_of(
        JobSheet,
        sheet_data(
            complete_sheet,
            loaner={**loaner, "due_date": "2026-12-01", "customer_signature": one_dot},
        ),
    )
    due = problems_of(JobSheet, sheet_data(complete_sheet, loaner=loaner))

    assert str(signature[0]) == (
        "备用机 › 用户签收: 签名太短，请客户重新签名 / "
        "Loaner › Customer signature: the signature is too short; ask for it again"
    )
    assert [p.path for p in due] == ["loaner"]
    assert due[0].message == text(
        "归还日期不能早于交接日期", "the due date cannot be before the handover"
    )


def order_data(order: WorkOrder, **change: Any) -> dict[str, Any]:
    return {**order.model_dump(mode="json"), **change}


def test_work_order_errors_name_the_field(order: WorkOrder) -> None:
    customer = order.model_dump(mode="json")["customer"]
    cases = {
        "ticket_no": order_data(order, ticket_no="BX1"),
        "customer.phone": order_data(order, customer={**customer, "phone": "call me"}),
        "customer": order_data(order, customer={**customer, "customer_type": "industry"}),
        "customer.contract_warranty_years": order_data(
            order, customer={**customer, "customer_type": "industry", "contract_warranty_years": 5}
        ),
        "": order_data(order, appointment="2026-11-21T09:00:00+08:00"),
    }
    found = {path: problems_of(WorkOrder, data) for path, data in cases.items()}

    assert {path: [p.path for p in problems] for path, problems in found.items()} == {
        path: [path] for path in cases
    }
    assert str(found["ticket_no"][0]).startswith("报修单号: 格式不正确")
    assert "行业客户须填写合同保修年限" in found["customer"][0].message.zh
    assert found[""][0].field == text("工作单", "Work order")
    assert "预约时间不能早于报修时间" in found[""][0].message.zh


def test_ticket_numbers() -> None:
    assert ticket_no_for(date(2026, 11, 23), 7) == "BX20261123-0007"
    assert is_ticket_no("BX20261123-0007")
    assert not is_ticket_no("BX2026112-0007")
    with pytest.raises(ValueError):
        ticket_no_for(date(2026, 11, 23), 10000)


def test_a_typed_ticket_number_names_a_day_that_has_been() -> None:
    today = date(2026, 12, 6)
    assert ticket_no_problem("BX20261206-0001", today) is None
    # a device whose clock is behind the service's still takes a ticket of just after midnight
    assert ticket_no_problem("BX20261207-0001", today) is None
    late = ticket_no_problem("BX20261208-0001", today)
    assert late is not None and "2026-12-08" in late.zh and "还没到" in late.zh
    wrong = ticket_no_problem("BX20261301-0001", today)
    assert wrong is not None and "不是有效日期" in wrong.zh and "20261301" in wrong.en
    shape = ticket_no_problem("BX2026", today)
    assert shape is not None and "BX20261201-0001" in shape.zh


def test_text_picks_a_language() -> None:
    greeting = text("您好", "Hello")

    assert str(greeting) == "您好 / Hello"
    assert greeting.in_language("en-GB") == "Hello"
    assert greeting.in_language("zh-CN") == greeting.in_language("fr") == "您好"


def test_ticket_numbers_and_serials_take_only_ascii_digits() -> None:
    from fieldapp.domain.serial import SerialFormatError, decode_serial
    from fieldapp.domain.work_order import is_ticket_no

    assert is_ticket_no("BX20261123-0007")
    assert not is_ticket_no("BX20261123-000٠")  # an Arabic-Indic zero looks like a digit
    with pytest.raises(SerialFormatError):
        decode_serial("PJ52٢5300042C")  # an Arabic-Indic two is not a serial digit
    # Full-width characters from a Chinese input method are read as the ASCII ones.
    assert decode_serial("ＰＪ５２２５３０００４２Ｃ").sequence == 42


def test_rules_shared_with_the_warranty_case_say_the_same_in_both(order: WorkOrder) -> None:
    """Industry contract years (1–3), the accessory named, a proof of purchase dated: one rule
    each, so the work order or the job sheet and the warranty case refuse alike."""
    industry = {**order.model_dump(mode="json")["customer"], "customer_type": "industry"}
    product = {"brand": "MH", "model": "MH-P520", "serial_read": "PJ5225300042C"}
    case = {"service_date": VISIT_DAY}
    pairs = {
        "no contract years": (
            problems_of(WorkOrder, order_data(order, customer=industry)),
            problems_of(WarrantyCase, {**case, "customer_type": "industry"}),
        ),
        "4 contract years": (
            problems_of(
                WorkOrder, order_data(order, customer={**industry, "contract_warranty_years": 4})
            ),
            problems_of(
                WarrantyCase, {**case, "customer_type": "industry", "contract_warranty_years": 4}
            ),
        ),
        "no accessory": (
            problems_of(ProductCheck, {**product, "item": "accessory"}),
            problems_of(WarrantyCase, {**case, "item": "accessory"}),
        ),
        "card without date": (
            problems_of(ProductCheck, {**product, "purchase_evidence": "warranty_card"}),
            problems_of(WarrantyCase, {**case, "purchase_evidence": "warranty_card"}),
        ),
    }
    for name, (on_record, on_case) in pairs.items():
        assert len(on_record) == len(on_case) == 1, name
        assert on_record[0].message == on_case[0].message, name
    assert "1–3" in pairs["no contract years"][0][0].message.zh
    assert pairs["4 contract years"][1][0].path == "contract_warranty_years"
    assert pairs["4 contract years"][0][0].path == "customer.contract_warranty_years"
