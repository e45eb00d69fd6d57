"""A sheet's values in words, as the viewer shows them (no service needed)."""

from __future__ import annotations

from fieldapp.office.sheet_view import change_values, sheet_sections, show_value
from tests.support.sheets import job_sheet, png, sha


def test_values_read_in_words() -> None:
    assert show_value(True).zh == "是" and show_value(None).zh == "—"
    assert show_value(5000, "charges.lines.0.unit_price_fen").zh == "50.00 元"
    assert show_value("invoice", "product_check.purchase_evidence").zh == "发票"
    assert show_value("fixed", "outcome.kind").zh == "当场修好"
    # Codes from the reference data read as their names (what changed between versions).
    assert show_value("tool_bag", "etiquette.appearance.0.item_id").zh == "统一工具包"
    assert show_value("SV-VISIT", "charges.lines.1.code").zh == "上门服务费（SV-VISIT）"


def test_an_amount_shown_in_yuan_is_not_named_in_fen() -> None:
    from fieldapp.office.reviews import change_label

    name = change_label("charges", "lines.1.unit_price_fen")
    assert name.zh.endswith("单价") and "分" not in name.zh
    assert name.en.endswith("Unit price")
    assert show_value("2026-12-01T06:05:00+00:00").zh == "2026-12-01 14:05"  # Shanghai
    assert show_value("a" * 64).zh == "a" * 12 + "…"


def test_a_change_reads_the_same_only_when_nothing_a_person_sees_changed() -> None:
    assert change_values([], None, "charges.lines") is None
    moved = change_values("2026-12-01T06:05:10+00:00", "2026-12-01T06:05:40+00:00", "at")
    assert moved is not None and moved[0].zh == "2026-12-01 14:05:10"
    priced = change_values(None, 5000, "lines.0.unit_price_fen")
    assert priced is not None and priced[1].en == "¥50.00"


def test_every_section_shows_with_its_files() -> None:
    photo, signature = png(1), png(2)
    sheet = job_sheet(photos=[photo], signature=signature, outcome="return_to_centre")
    sections = {s.key: s for s in sheet_sections(sheet)}
    assert list(sections)[:3] == ["arrival", "etiquette", "product_check"]
    assert sections["repair"].photos == [sha(photo)]
    assert sections["sign_off"].signature == sha(signature)
    outcome = {line.label.zh: line.value.zh for line in sections["outcome"].lines}
    assert outcome["返修原因"] == "反光镜损坏，需返修"
    assert sections["loaner"].empty
    assert sections["loaner"].note is None  # back to the centre: a missing loaner is missing


def test_a_unit_fixed_on_site_has_no_loaner_to_fill_in() -> None:
    sections = {s.key: s for s in sheet_sections(job_sheet(outcome="fixed"))}
    note = sections["loaner"].note
    assert note is not None and note.zh.startswith("不适用") and "备用机" in note.zh


def test_a_returns_section_is_read_in_the_readers_language() -> None:
    """Issue 20, item 6: 「【收费 / Charges】」 is stored for the phone in either language; the
    office shows 「【收费】」 in Chinese and "[Charges]" in English."""
    from fieldapp.office.reviews import decision_comment

    said = decision_comment("【收费 / Charges】上门费未与客户确认")
    assert said.zh == "【收费】上门费未与客户确认"
    assert said.en == "[Charges] 上门费未与客户确认"
    assert decision_comment("看过，没问题").zh == "看过，没问题"
