"""What the customer confirms before signing, by the visit's outcome.

When the unit is fixed on site the customer operates it and confirms every function works.
When it is not fixed (another visit, or back to the service centre) there is nothing to
try: the customer confirms instead that they know what happens next. Asking a customer to
confirm that a unit on its way to the centre "works" would have them sign something false.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldapp.domain.job_sheet import Outcome
from fieldapp.domain.text import Text, text


@dataclass(frozen=True)
class CustomerCheck:
    """The confirmation asked (the checkbox), its short name (the job sheet's line) and
    the message when it is not given."""

    confirm: Text
    short: Text
    missing: Text


_FIXED = CustomerCheck(
    confirm=text("用户已亲自试机，各项功能正常", "The customer checked every function"),
    short=text("用户已试机", "Customer checked the unit"),
    missing=text("请用户亲自试机确认后再签名", "ask the customer to check the unit first"),
)
_CHECKS = {
    "fixed": _FIXED,
    "another_visit": CustomerCheck(
        confirm=text(
            "用户已知悉：故障尚未修复，将按约定时间再次上门",
            "The customer knows it is not fixed yet and another visit is booked",
        ),
        short=text("用户已知悉再次上门", "Customer told of the next visit"),
        missing=text(
            "请向用户说明再次上门的原因和时间，用户确认后再签名",
            "tell the customer why and when you will come back, then ask them to confirm",
        ),
    ),
    "return_to_centre": CustomerCheck(
        confirm=text(
            "用户已确认：机器带回维修中心检修，按承诺日期送回",
            "The customer agrees the unit goes to the service centre and is back by the "
            "promised day",
        ),
        short=text("用户已确认返回维修中心", "Customer agreed to the return to the centre"),
        missing=text(
            "请向用户说明带回维修中心和承诺日期，用户确认后再签名",
            "tell the customer the unit goes to the centre and the promised day, then ask "
            "them to confirm",
        ),
    ),
}


def customer_check(outcome: Outcome | None) -> CustomerCheck:
    """The confirmation for ``outcome`` (fixed on site when none is chosen yet)."""
    return _CHECKS.get(outcome.kind, _FIXED) if outcome is not None else _FIXED
