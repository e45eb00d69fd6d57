"""The job sheet PDF, read back as text and scanned for its QR code."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldapp.documents import job_sheet_pdf
from fieldapp.domain.job_sheet import Charges, Diagnosis, FaultCause, JobSheet
from fieldapp.domain.reference import ReferenceData
from fieldapp.domain.work_order import WorkOrder
from fieldapp.fonts import FontMissingError, cjk_font_path
from fieldapp.reference import bundled_reference
from tests.documents.pdf_reading import pdf_qr_codes, pdf_text
from tests.support.visits import CUSTOMER_NAME, a_charged_visit, a_work_order, signed_by_customer


@pytest.fixture(scope="module")
def reference() -> ReferenceData:
    return bundled_reference()


@pytest.fixture
def order() -> WorkOrder:
    return a_work_order()


def flat(text: str) -> str:
    """The extracted text without line breaks and spaces, for phrases that may wrap."""
    return "".join(text.split())


def test_a_signed_sheet_prints_what_was_signed_with_its_hash(
    reference: ReferenceData, order: WorkOrder, tmp_path: Path
) -> None:
    sheet = signed_by_customer(
        a_charged_visit(reference, order, back_to_centre=True), comment="师傅很专业，讲解清楚"
    )
    assert sheet.sign_off is not None

    text = pdf_text(job_sheet_pdf(sheet, order, reference), tmp_path)

    assert "售后服务报告单（维修卡）" in text
    assert f"客户姓名：{CUSTOMER_NAME}" in text  # 喆 and 堃 are outside GB2312
    assert "上海市徐汇区漕溪北路 88 号 3 室" in text
    # The verdict and its reasons.
    assert "判定：收费维修" in text
    assert "人为损坏（使用、维护或保管不当），需收费维修" in flat(text)
    assert "保修期自发票上的购机日期 2026-03-02 起算" in text
    # Diagnosis, work, parts and charges from the price list, in yuan.
    assert "跌落后开机无图像，灯泡碎裂" in text
    assert "更换灯泡组件，清洁光路，试机正常" in text
    assert "P520 灯泡组件（P520-LAMP）× 1" in text
    assert "P520 灯泡组件（PT-P520-LAMP）：¥680.00/个 × 1 = ¥680.00" in text
    assert "上门服务费（SV-VISIT）：¥50.00/次 × 1 = ¥50.00" in text
    assert "合计：¥810.00" in text
    # Outcome, loaner handover, the customer's rating, comment and name.
    assert "返修原因：光机反射镜破裂，需返回服务中心更换" in text
    assert "备用机编号：PJ52256000073" in text
    assert "满意度评分：4 分" in text
    assert "用户意见：师傅很专业，讲解清楚" in text
    assert f"签字人：{CUSTOMER_NAME}" in text
    # The hash in full, and the check that the content still matches it.
    assert sheet.sign_off.content_hash in text
    assert "内容与签署时一致" in text
    assert "Customer sign-off" in text  # English under the Chinese


def test_the_qr_code_scans_to_the_signed_content_hash(
    reference: ReferenceData, order: WorkOrder, tmp_path: Path
) -> None:
    sheet = signed_by_customer(a_charged_visit(reference, order))
    assert sheet.sign_off is not None

    codes = pdf_qr_codes(job_sheet_pdf(sheet, order, reference), tmp_path)

    assert codes == [sheet.sign_off.content_hash]


def test_a_sheet_changed_after_signing_says_so(
    reference: ReferenceData, order: WorkOrder, tmp_path: Path
) -> None:
    sheet = signed_by_customer(a_charged_visit(reference, order))
    tampered = sheet.model_copy(
        update={"charges": sheet.charges.model_copy(update={"price_list_version": "2020.1"})}
    )

    text = pdf_text(job_sheet_pdf(tampered, order, reference), tmp_path)

    assert "警告：内容在签署后被修改，与签署时不一致" in text


def test_a_free_repair_under_warranty_prints_no_charge(
    reference: ReferenceData, order: WorkOrder, tmp_path: Path
) -> None:
    visit = a_charged_visit(reference, order)
    free = visit.model_copy(
        update={
            "diagnosis": Diagnosis(symptoms="开机无图像", cause=FaultCause.UNIT_FAULT),
            "charges": Charges(),
        }
    )

    text = pdf_text(job_sheet_pdf(signed_by_customer(free), order, reference), tmp_path)

    assert "判定：免费保修" in text
    assert "不收费" in text
    assert "¥" not in text


def test_an_unsigned_half_filled_sheet_still_prints(
    reference: ReferenceData, order: WorkOrder, tmp_path: Path
) -> None:
    visit = a_charged_visit(reference, order)
    draft = JobSheet(
        sheet_id=visit.sheet_id,
        ticket_no=visit.ticket_no,
        technician_id=visit.technician_id,
        created_at=visit.created_at,
        updated_at=visit.updated_at,
    )

    pdf = job_sheet_pdf(draft, order, reference, english=False)
    text = pdf_text(pdf, tmp_path)

    assert "尚未签署" in text
    assert "（未填写）" in text
    assert "Customer sign-off" not in text
    assert pdf_qr_codes(pdf, tmp_path) == []  # no hash to check until it is signed


def test_the_bundled_font_is_found_and_a_missing_one_is_named(tmp_path: Path) -> None:
    assert cjk_font_path().stat().st_size > 4_000_000

    with pytest.raises(FontMissingError, match=r"wqy-microhei\.ttc"):
        cjk_font_path(tmp_path)


def test_the_pdf_names_the_technician_the_customer_signed_for(
    reference: ReferenceData, order: WorkOrder, tmp_path: Path
) -> None:
    visit = a_charged_visit(reference, order)
    assert visit.arrival is not None
    named = visit.model_copy(
        update={"arrival": visit.arrival.model_copy(update={"technician_name": "张伟"})}
    )

    text = pdf_text(job_sheet_pdf(signed_by_customer(named), order, reference), tmp_path)

    assert "技术员：张伟" in text
    assert f"技术员：{named.technician_id}" not in text
