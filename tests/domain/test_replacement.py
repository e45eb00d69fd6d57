"""Replacement eligibility: twice repaired and still failing, or 60 days unrepaired."""

from __future__ import annotations

from datetime import date, timedelta

from fieldapp.domain.replacement import RepairVisit, replacement_eligibility
from fieldapp.domain.serial_check import Reason

REPORTED = date(2026, 9, 1)


def visit(day: int, *, opened: bool = True, resolved: bool = False) -> RepairVisit:
    return RepairVisit(
        sheet_id=f"sheet-{day}",
        visit_date=REPORTED + timedelta(days=day),
        opened_unit=opened,
        resolved=resolved,
    )


def codes(reasons: list[Reason]) -> list[str]:
    return [reason.code for reason in reasons]


def test_opened_twice_and_still_failing_is_replaced_free_same_or_other_model() -> None:
    result = replacement_eligibility(
        [visit(2), visit(9, resolved=True)],
        in_warranty=True,
        first_reported=REPORTED,
        today=REPORTED + timedelta(days=20),
        still_failing=True,
    )

    assert result.eligible
    assert result.replacement == "same_or_other_model"
    assert codes(result.reasons) == ["repaired_twice", "refund_possible"]
    assert "开机维修 2 次" in result.reasons[0].text.zh
    assert "price difference" in result.reasons[0].text.en
    assert "折旧" in result.reasons[1].text.zh


def test_visits_without_opening_the_unit_do_not_count() -> None:
    result = replacement_eligibility(
        [visit(2), visit(5, opened=False), visit(9, opened=False)],
        in_warranty=True,
        first_reported=REPORTED,
        today=REPORTED + timedelta(days=20),
        still_failing=True,
    )

    assert not result.eligible
    assert result.replacement is None
    assert codes(result.reasons) == ["repairs_below_limit", "within_60_days"]
    assert "已开机维修 1 次" in result.reasons[0].text.zh
    assert "报修至今 20 天" in result.reasons[1].text.zh


def test_visits_after_today_do_not_count() -> None:
    result = replacement_eligibility(
        [visit(2), visit(30)],
        in_warranty=True,
        first_reported=REPORTED,
        today=REPORTED + timedelta(days=10),
        still_failing=True,
    )

    assert not result.eligible


def test_unrepaired_for_more_than_60_days_is_replaced_with_the_same_model() -> None:
    result = replacement_eligibility(
        [visit(2)],
        in_warranty=True,
        first_reported=REPORTED,
        today=REPORTED + timedelta(days=61),
        still_failing=True,
    )

    assert result.eligible
    assert result.replacement == "same_model"
    assert codes(result.reasons) == ["unrepaired_60_days", "refund_possible"]
    assert "61 天" in result.reasons[0].text.zh


def test_exactly_60_days_is_not_yet_more_than_60() -> None:
    result = replacement_eligibility(
        [],
        in_warranty=True,
        first_reported=REPORTED,
        today=REPORTED + timedelta(days=60),
        still_failing=True,
    )

    assert not result.eligible
    assert "within_60_days" in codes(result.reasons)


def test_both_rules_give_the_wider_choice_and_both_reasons() -> None:
    result = replacement_eligibility(
        [visit(2), visit(40)],
        in_warranty=True,
        first_reported=REPORTED,
        today=REPORTED + timedelta(days=75),
        still_failing=True,
    )

    assert result.replacement == "same_or_other_model"
    assert codes(result.reasons) == ["repaired_twice", "unrepaired_60_days", "refund_possible"]


def test_a_unit_that_works_now_is_not_replaced() -> None:
    result = replacement_eligibility(
        [visit(2), visit(9), visit(20)],
        in_warranty=True,
        first_reported=REPORTED,
        today=REPORTED + timedelta(days=90),
        still_failing=False,
    )

    assert not result.eligible
    assert codes(result.reasons) == ["working_now"]


def test_out_of_warranty_the_exchange_terms_do_not_apply() -> None:
    result = replacement_eligibility(
        [visit(2), visit(9)],
        in_warranty=False,
        first_reported=REPORTED,
        today=REPORTED + timedelta(days=90),
        still_failing=True,
    )

    assert not result.eligible
    assert codes(result.reasons) == ["out_of_warranty"]
    assert "终身维护" in result.reasons[0].text.zh
