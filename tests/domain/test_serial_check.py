"""The serial check and the purchase-date sanity check, branch by branch."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain.reference import Catalogue
from fieldapp.domain.serial import ALPHABET, make_serial
from fieldapp.domain.serial_check import check_purchase_date, check_serial

MADE = date(2025, 10, 1)
SERIAL = make_serial("DP65", MADE, 123)  # an MH-D65 made in October 2025


def test_valid_serial_gives_model_and_manufacture_month(catalogue: Catalogue) -> None:
    check = check_serial(SERIAL, catalogue, "MH-D65", today=date(2026, 1, 1))

    assert check.ok
    assert check.problems == []
    assert check.model is not None and check.model.code == "MH-D65"
    assert check.manufactured == MADE


def test_serial_is_read_as_typed_with_spaces_dashes_and_lower_case(catalogue: Catalogue) -> None:
    typed = f"{SERIAL[:4].lower()}-{SERIAL[4:7]} {SERIAL[7:]}"
    check = check_serial(typed, catalogue)

    assert check.ok
    assert check.normalised == SERIAL


@pytest.mark.parametrize(
    ("serial", "code", "words"),
    [
        ("", "serial_missing", "请填写机身编号"),
        ("DP65251", "serial_length", "现为 7 位"),
        ("DP65_2510012X", "serial_characters", "数字和大写字母"),
        ("DP6525D00123X", "serial_pattern", "月份（1–9、A–C）"),
        ("DP65AB1001230", "serial_pattern", "年份"),
    ],
)
def test_malformed_serial_says_what_is_wrong(
    catalogue: Catalogue, serial: str, code: str, words: str
) -> None:
    check = check_serial(serial, catalogue)

    assert not check.ok
    assert [p.code for p in check.problems] == [code]
    assert words in check.problems[0].text.zh
    assert check.model is None and check.manufactured is None


def test_wrong_check_character_is_caught(catalogue: Catalogue) -> None:
    wrong = SERIAL[:-1] + ("A" if SERIAL[-1] != "A" else "B")
    check = check_serial(wrong, catalogue)

    assert [p.code for p in check.problems] == ["serial_check_character"]
    assert "misread or altered" in check.problems[0].text.en
    assert str(check.problems[0]).startswith("机身编号校验位不符")


@given(
    position=st.integers(0, 12),
    replacement=st.sampled_from(ALPHABET),
    prefix=st.sampled_from(["PJ52", "PJ88", "PE12", "DP65", "DP86"]),
    made=st.dates(date(2000, 1, 1), date(2099, 12, 31)),
    sequence=st.integers(0, 99999),
)
def test_any_single_character_changed_is_caught(
    catalogue: Catalogue, position: int, replacement: str, prefix: str, made: date, sequence: int
) -> None:
    serial = make_serial(prefix, made, sequence)
    assert check_serial(serial, catalogue).ok
    changed = serial[:position] + replacement + serial[position + 1 :]
    if changed != serial:
        assert not check_serial(changed, catalogue).ok


def test_prefix_unknown_to_the_catalogue(catalogue: Catalogue) -> None:
    check = check_serial(make_serial("XX01", MADE, 1), catalogue)

    assert [p.code for p in check.problems] == ["serial_unknown_prefix"]
    assert "XX01" in check.problems[0].text.zh
    assert check.manufactured == MADE  # the serial itself is well formed


def test_serial_of_another_model_than_registered(catalogue: Catalogue) -> None:
    check = check_serial(SERIAL, catalogue, "MH-P880")

    assert not check.ok
    assert [p.code for p in check.problems] == ["model_mismatch"]
    assert check.model is not None and check.model.code == "MH-D65"
    assert "明辉 D65" in check.problems[0].text.zh
    assert "P880" in check.problems[0].text.en


def test_registered_model_unknown_to_the_catalogue(catalogue: Catalogue) -> None:
    check = check_serial(SERIAL, catalogue, "MH-Z1")

    assert [p.code for p in check.problems] == ["registered_model_unknown"]


def test_manufacture_month_after_today(catalogue: Catalogue) -> None:
    check = check_serial(SERIAL, catalogue, today=date(2025, 9, 30))
    same_month = check_serial(SERIAL, catalogue, today=date(2025, 10, 1))

    assert [p.code for p in check.problems] == ["manufactured_in_future"]
    assert "2025-10" in check.problems[0].text.zh
    assert same_month.ok


def test_purchase_date_in_the_future() -> None:
    problems = check_purchase_date(date(2026, 12, 2), MADE, date(2026, 12, 1))

    assert [p.code for p in problems] == ["purchase_in_future"]
    assert "2026-12-02" in problems[0].text.zh
    assert "after today" in problems[0].text.en


def test_purchase_before_the_unit_was_made() -> None:
    problems = check_purchase_date(date(2025, 9, 30), MADE, date(2026, 12, 1))

    assert [p.code for p in problems] == ["purchase_before_manufacture"]
    assert "2025-10" in problems[0].text.zh


def test_purchase_in_the_manufacture_month_or_today_is_fine() -> None:
    assert check_purchase_date(date(2025, 10, 1), MADE, date(2025, 10, 1)) == []
    assert check_purchase_date(date(2025, 10, 31), date(2025, 10, 15), date(2026, 1, 1)) == []


def test_purchase_date_without_a_manufacture_month_is_only_checked_against_today() -> None:
    assert check_purchase_date(date(1999, 1, 1), None, date(2026, 1, 1)) == []
    assert [p.code for p in check_purchase_date(date(2026, 1, 2), None, date(2026, 1, 1))] == [
        "purchase_in_future"
    ]
