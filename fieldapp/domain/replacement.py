"""Replacement eligibility (换机): when a failing unit is replaced instead of repaired again.

Two rules of the warranty and exchange terms (保修及退换规定):

- a unit opened up for repair **twice** by our technicians that still does not work
  normally is replaced free, with the same model and spec, or another model with the
  price difference paid;
- a unit under warranty **not repaired within 60 days** of the report is replaced with
  the same model.

Both apply to units under warranty (these are the warranty's exchange terms); a
replaced unit may instead be refunded, less depreciation that does not count the
time spent in repair.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from fieldapp.domain.serial_check import Reason
from fieldapp.domain.text import text

REPAIRS_BEFORE_REPLACEMENT = 2
DAYS_BEFORE_REPLACEMENT = 60

Replacement = Literal["same_or_other_model", "same_model"]
_MET = {"repaired_twice", "unrepaired_60_days"}


class RepairVisit(BaseModel):
    """One of our visits to this unit for this fault.

    ``resolved`` is kept for the record only: a repair that held for a while and then
    failed again still counts as one of the two.
    """

    model_config = ConfigDict(frozen=True)

    sheet_id: str
    visit_date: date
    opened_unit: bool = Field(description="the unit was opened up for repair (开机维修)")
    resolved: bool = Field(description="the unit worked normally when the visit ended")


class ReplacementVerdict(BaseModel):
    """Whether the unit is replaced, with what, and every reason either way."""

    model_config = ConfigDict(frozen=True)

    eligible: bool
    replacement: Replacement | None = None
    reasons: list[Reason] = []


def replacement_eligibility(
    history: list[RepairVisit],
    *,
    in_warranty: bool,
    first_reported: date,
    today: date,
    still_failing: bool,
) -> ReplacementVerdict:
    """Whether the unit qualifies for replacement today.

    ``history`` is our visits for this fault (visits after ``today`` are ignored);
    ``first_reported`` the day the customer first reported it; ``still_failing``
    whether the unit still does not work normally.
    """
    if not still_failing:
        return ReplacementVerdict(
            eligible=False,
            reasons=[
                Reason(
                    code="working_now",
                    text=text(
                        "该机目前工作正常，无需换机",
                        "The unit works normally now: no replacement is due",
                    ),
                )
            ],
        )
    if not in_warranty:
        return ReplacementVerdict(
            eligible=False,
            reasons=[
                Reason(
                    code="out_of_warranty",
                    text=text(
                        "该机已过保修期，换机规定不适用；可继续收费维修（终身维护）",
                        "The unit is out of warranty, so the replacement terms do not apply; "
                        "we keep repairing it at a fee (lifetime maintenance)",
                    ),
                )
            ],
        )
    openings = sum(1 for v in history if v.opened_unit and v.visit_date <= today)
    days = (today - first_reported).days
    twice = _twice_repaired(openings)
    overdue = _not_repaired_in_time(days)
    met = [reason for reason in (twice, overdue) if reason.code in _MET]
    if not met:
        return ReplacementVerdict(eligible=False, reasons=[twice, overdue])
    # Twice repaired gives the wider choice (another model, paying the difference).
    replacement: Replacement = (
        "same_or_other_model" if twice.code == "repaired_twice" else "same_model"
    )
    return ReplacementVerdict(eligible=True, replacement=replacement, reasons=[*met, _REFUND])


def _twice_repaired(openings: int) -> Reason:
    if openings >= REPAIRS_BEFORE_REPLACEMENT:
        return Reason(
            code="repaired_twice",
            text=text(
                f"我们的技术员已开机维修 {openings} 次，仍不能正常工作：免费换同型号同规格的机器，"
                "或换其他型号并补差价",
                f"Our technicians have opened the unit up for repair {openings} times and it "
                "still does not work normally: it is replaced free with the same model and "
                "spec, or with another model if you pay the price difference",
            ),
        )
    return Reason(
        code="repairs_below_limit",
        text=text(
            f"已开机维修 {openings} 次；维修 {REPAIRS_BEFORE_REPLACEMENT} 次仍不能正常工作才可换机",
            f"The unit has been opened up for repair {openings} time(s); it is replaced after "
            f"{REPAIRS_BEFORE_REPLACEMENT} repairs that did not fix it",
        ),
    )


def _not_repaired_in_time(days: int) -> Reason:
    if days > DAYS_BEFORE_REPLACEMENT:
        return Reason(
            code="unrepaired_60_days",
            text=text(
                f"保修期内报修已 {days} 天仍未修好（超过 {DAYS_BEFORE_REPLACEMENT} 天）："
                "换同型号机器",
                f"Under warranty and still not repaired {days} days after the report (more "
                f"than {DAYS_BEFORE_REPLACEMENT}): it is replaced with the same model",
            ),
        )
    return Reason(
        code="within_60_days",
        text=text(
            f"报修至今 {days} 天；保修期内超过 {DAYS_BEFORE_REPLACEMENT} 天未修好才可换机",
            f"{days} day(s) since the report; a unit under warranty is replaced when not "
            f"repaired within {DAYS_BEFORE_REPLACEMENT} days",
        ),
    )


_REFUND = Reason(
    code="refund_possible",
    text=text(
        "也可以选择退货，按折旧收费（维修占用的时间不计入）",
        "A refund is also possible, less depreciation (the time in repair is not counted)",
    ),
)
