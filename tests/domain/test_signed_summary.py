"""The readable summary of what the customer signs: all of the signed content, in words."""

from __future__ import annotations

from datetime import timedelta

from fieldapp.domain.display import yuan
from fieldapp.domain.job_sheet import Charges, JobSheet, RepairPause
from fieldapp.domain.reference import ReferenceData
from fieldapp.domain.signed_summary import SUMMARISED_PARTS, signed_summary, summary_lines
from fieldapp.domain.signing import signed_content
from tests.support.visits import a_charged_visit, a_work_order, signed_by_customer


def charged_visit(reference: ReferenceData, back_to_centre: bool = False) -> JobSheet:
    return a_charged_visit(reference, a_work_order(), back_to_centre=back_to_centre)


def test_the_summary_covers_every_part_of_the_signed_content(reference: ReferenceData) -> None:
    # A new part added to the job sheet (and so to the hash) must be added to the summary,
    # or the customer would sign something they were not shown.
    sheet = signed_by_customer(charged_visit(reference, back_to_centre=True))

    assert set(signed_content(sheet)) == set(SUMMARISED_PARTS)


def test_the_customer_reads_the_parts_charges_outcome_and_loaner(
    reference: ReferenceData,
) -> None:
    sheet = charged_visit(reference, back_to_centre=True)

    zh = "\n".join(summary_lines(signed_summary(sheet, reference), "zh"))
    en = "\n".join(summary_lines(signed_summary(sheet, reference), "en"))

    assert "使用备件：P520 灯泡组件（P520-LAMP）× 1" in zh
    assert "维修工时费（每30分钟）（LB-30）：¥40.00/30分钟 × 2 = ¥80.00" in zh
    assert "合计：¥810.00" in zh and "Total: ¥810.00" in en
    assert "用户同意收费时间：2026-11-23 10:20" in zh
    assert "故障原因：人为损坏（使用、维护或保管不当）" in zh
    assert "承诺修复日期：2026-11-30" in zh
    assert "随机附件：投影机遥控器、电源线" in zh
    assert "Accessories: Projector remote control, Power cable" in en
    assert "一双鞋套：2026-11-23 10:05" in zh  # times in the service centre's zone


def test_a_free_repair_says_there_is_no_charge(reference: ReferenceData) -> None:
    sheet = charged_visit(reference).model_copy(update={"charges": Charges()})

    charges = next(s for s in signed_summary(sheet, reference) if s.part == "charges")

    assert [line.zh for line in charges.lines] == ["不收费"]


def test_what_is_not_filled_in_yet_is_said_so(reference: ReferenceData) -> None:
    sheet = charged_visit(reference).model_copy(
        update={"product_check": None, "diagnosis": None, "outcome": None}
    )

    sections = {s.part: s for s in signed_summary(sheet, reference)}

    for part in ("product_check", "diagnosis", "outcome"):
        assert [line.en for line in sections[part].lines] == ["(not filled in)"]


def test_amounts_in_fen_read_as_yuan() -> None:
    assert yuan(81000) == "¥810.00"
    assert yuan(5) == "¥0.05"
    assert yuan(123456789) == "¥1,234,567.89"
    assert yuan(0) == "¥0.00"


def test_the_customer_signs_for_the_technician_by_name(reference: ReferenceData) -> None:
    sheet = charged_visit(reference)
    assert sheet.arrival is not None
    named = sheet.model_copy(
        update={"arrival": sheet.arrival.model_copy(update={"technician_name": "张伟"})}
    )

    visit = next(s for s in signed_summary(named, reference) if s.part == "visit")
    zh, en = [line.zh for line in visit.lines], [line.en for line in visit.lines]

    assert "技术员：张伟" in zh and "Technician: 张伟" in en
    assert not any(sheet.technician_id in line for line in zh)  # no account number
    # A sheet made before the name was recorded says what the number is.
    earlier = next(s for s in signed_summary(sheet, reference) if s.part == "visit")
    assert f"技术员编号：{sheet.technician_id}" in [line.zh for line in earlier.lines]


def test_the_work_stopped_for_an_agreement_reads_with_its_times(reference: ReferenceData) -> None:
    sheet = charged_visit(reference)
    started = sheet.repair.started_at
    assert started is not None
    stops = [
        RepairPause(
            paused_at=started + timedelta(minutes=10), resumed_at=started + timedelta(minutes=20)
        ),
        RepairPause(paused_at=started + timedelta(minutes=30)),
    ]
    stopped = sheet.model_copy(update={"repair": sheet.repair.model_copy(update={"pauses": stops})})

    repair = next(s for s in signed_summary(stopped, reference) if s.part == "repair")
    zh = [line.zh for line in repair.lines]

    assert "暂停维修时间：2026-11-23 10:35，继续维修时间：2026-11-23 10:45" in zh
    assert "暂停维修时间：2026-11-23 10:55（未继续）" in zh
    assert "Work stopped at: 2026-11-23 10:35, Work restarted at: 2026-11-23 10:45" in [
        line.en for line in repair.lines
    ]
