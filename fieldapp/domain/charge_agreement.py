"""Charges agreed before the work (收费维修：维修前说明费用并征得用户同意).

A charged repair is explained and agreed **before** the work (transparent pricing; 九不准:
never charge arbitrarily). So charged work does not start until the customer has agreed,
and a charge that arises once the work is under way (an outside cause found mid-repair,
a part added) is agreed while the work is stopped: the technician stops the work
(:class:`~fieldapp.domain.job_sheet.RepairPause`), the customer agrees, the work restarts.
The sheet keeps the first start, every stop and restart, and the time of the agreement,
and :func:`agreed_before_work` reads them: an agreement counts when no work was going on
at that moment.

The completion gate (:mod:`fieldapp.domain.completion`) checks the finished sheet; the
functions here say, before a tap, why a step of the repair cannot be taken yet. A sheet
a supervisor returned is the exception: its charges are corrected, and agreed again,
after the repair by necessity (docs/rules.md).
"""

from __future__ import annotations

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.text import Text, text


def charges_due(sheet: JobSheet, *, charged: bool) -> bool:
    """Whether the work waits for the customer's agreement: the warranty verdict says the
    repair is charged, or the sheet holds charge lines."""
    return charged or bool(sheet.charges.lines)


def agreed_before_work(sheet: JobSheet) -> bool:
    """Whether the customer agreed to the charges at a moment no work was going on: before
    the repair started, or while it was stopped."""
    agreed = sheet.charges.customer_agreed_at
    return agreed is not None and sheet.repair.idle_at(agreed)


def why_work_cannot_start(sheet: JobSheet, *, charged: bool) -> Text | None:
    """Why the repair cannot start (or restart after a stop) now; None when it can."""
    if not charges_due(sheet, charged=charged):
        return None
    if not sheet.charges.lines:
        return text(
            "此次维修收费：请先在「收费」中按价目表列出费用，并征得用户同意后再开始维修",
            "This repair is charged: list the charges from the price list under Charges and "
            "have the customer agree before the work starts",
        )
    if sheet.charges.customer_agreed_at is None:
        return text(
            "收费维修须先向用户说明费用并征得同意，才能开始维修：请到「收费」请用户同意",
            "Charged work starts only once the customer has agreed to the charges: ask them "
            "under Charges",
        )
    if not agreed_before_work(sheet):
        return text(
            "用户同意收费时维修正在进行：请在维修暂停期间请用户重新同意收费，再继续维修",
            "The customer agreed while the work was going on: have them agree again while the "
            "work is stopped, then restart it",
        )
    return None


def why_charges_cannot_be_agreed(sheet: JobSheet, *, rework: bool) -> Text | None:
    """Why the customer cannot agree to the charges now; None when they can.

    While the work is going on the agreement would come after work already done: the work
    stops first. A returned sheet's corrected charges are agreed after the repair anyway.
    """
    if not sheet.charges.lines:
        return text("请先按价目表添加收费项目", "Add the charges from the price list first")
    if sheet.repair.under_way and not rework:
        return text(
            "维修正在进行：请先暂停维修，再向用户说明费用并征得同意",
            "The work is under way: stop it first, then explain the charges and ask the "
            "customer to agree",
        )
    return None
