"""A unit taken back to the service centre with a loaner lent, as a phone pushes it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.serial import make_serial
from fieldapp.domain.signing import sheet_content_hash
from tests.support.api import assigned_order, push
from tests.support.sheets import pushed_sheet


def returned_with_loaner(
    clerk: Any,
    boss: Any,
    tech: Any,
    serial_no: int,
    *,
    visit_now: bool = False,
    charged: bool = False,
    appointment: str | None = None,
) -> tuple[dict[str, Any], str]:
    """A new job whose signed sheet sends the unit back to the centre, the loaner (an MH-D65
    numbered ``serial_no``, added to the pool first) handed over and signed for; pushed and
    accepted. ``visit_now``: the visit is now, after the assignment (as on a real job), not
    the sheets' fixed day; ``charged``: the repair is charged; ``appointment``: the order's.
    The sheet and the loaner's serial."""
    loaner = make_serial("DP65", date(2025, 3, 1), serial_no)
    added = boss.post(
        "/loaners", json={"serial": loaner, "model": "MH-D65", "service_centre": "浦东"}
    )
    assert added.status_code == 201, added.text
    order = {"appointment": appointment} if appointment else {}
    ticket = assigned_order(clerk, boss, tech, **order)
    sheet: dict[str, Any] = {"visit": datetime.now(UTC)} if visit_now else {}
    built = pushed_sheet(
        ticket, tech.id, outcome="return_to_centre", stage="complete", charged=charged, **sheet
    )
    now = datetime.now(UTC)
    built["loaner"] = {
        "loaner_serial": loaner,
        "loaner_model": "MH-D65",
        "handed_over_at": now.isoformat(),
        "due_date": (now + timedelta(days=10)).date().isoformat(),
        "customer_signature": {
            "width": 300,
            "height": 100,
            "strokes": [[{"x": 1, "y": 1}, {"x": 9, "y": 9}]],
        },
    }
    signed = pushed_sheet(
        ticket, tech.id, sheet_id=built["sheet_id"], outcome="return_to_centre", **sheet
    )
    # Signed with the loaner handover in what the customer signs.
    built["sign_off"] = signed["sign_off"]
    built["sign_off"]["content_hash"] = sheet_content_hash(JobSheet.model_validate(built))
    result = push(tech, [(built, 1)]).json()["results"][0]
    assert result["status"] == "accepted", result
    return built, loaner
