"""Units at the service centre: registered from a signed sheet sending the unit back, promised
within 5 working days, moved through their states; going back to the customer ends the loan."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fieldapp.domain.serial import make_serial
from fieldapp.domain.service_levels import centre_promise_date
from fieldapp.reference import bundled_reference
from tests.support.api import assigned_order, push
from tests.support.sheets import pushed_sheet


def _returned_with_loaner(clerk, boss, tech, n: int) -> tuple[dict, str]:
    loaner = make_serial("DP65", date(2025, 3, 1), 71000 + n)
    added = boss.post(
        "/loaners", json={"serial": loaner, "model": "MH-D65", "service_centre": "浦东"}
    )
    assert added.status_code == 201, added.text
    ticket = assigned_order(clerk, boss, tech)
    sheet = pushed_sheet(ticket, tech.id, outcome="return_to_centre", stage="complete")
    now = datetime.now(UTC)
    sheet["loaner"] = {
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
    signed = pushed_sheet(ticket, tech.id, sheet_id=sheet["sheet_id"], outcome="return_to_centre")
    # sign the sheet with the loaner handover included in what the customer signs
    from fieldapp.domain.job_sheet import JobSheet
    from fieldapp.domain.signing import sheet_content_hash

    sheet["sign_off"] = signed["sign_off"]
    sheet["sign_off"]["content_hash"] = sheet_content_hash(JobSheet.model_validate(sheet))
    result = push(tech, [(sheet, 1)]).json()["results"][0]
    assert result["status"] == "accepted", result
    return sheet, loaner


def _unit_of(clerk, sheet_id: str) -> dict:
    items = clerk.get("/centre-units", params={"limit": 500}).json()["items"]
    return next(u for u in items if u["sheet_id"] == sheet_id)


def test_a_unit_sent_back_is_registered_with_its_promise_date(clerk, boss, tech_a):
    sheet, loaner = _returned_with_loaner(clerk, boss, tech_a, 1)

    unit = _unit_of(clerk, sheet["sheet_id"])

    calendar = bundled_reference().calendar
    assert calendar is not None
    signed_on = (
        datetime.fromisoformat(sheet["sign_off"]["signed_at"]).astimezone(calendar.zone).date()
    )
    assert unit["promised_by"] == centre_promise_date(signed_on, calendar).isoformat()
    assert unit["state"] == "received"
    assert unit["state_name"] == {"zh": "已接收", "en": "Received"}
    assert unit["customer_notified"] is False
    assert unit["loaner_serial"] == loaner
    assert unit["serial"] == sheet["product_check"]["serial_read"]
    assert unit["days_left"] is not None and unit["days_left"] >= 5
    assert unit["late"] is False
    # pushing the same sheet again does not register it twice
    push(tech_a, [(sheet, 2)])
    units = clerk.get("/centre-units", params={"limit": 500}).json()["items"]
    assert [u["sheet_id"] for u in units].count(sheet["sheet_id"]) == 1


def test_states_forward_and_the_return_closes_the_loan(clerk, boss, tech_a):
    sheet, loaner = _returned_with_loaner(clerk, boss, tech_a, 2)
    unit = _unit_of(clerk, sheet["sheet_id"])
    path = f"/centre-units/{unit['id']}"

    skipped = clerk.post(f"{path}/state", json={"state": "returned"})
    repairing = clerk.post(f"{path}/state", json={"state": "repairing"})
    ready = boss.post(f"{path}/state", json={"state": "ready", "notes": "更换反光镜"})
    told = clerk.post(f"{path}/notified", json={})
    back = clerk.post(f"{path}/state", json={"state": "returned", "loaner_condition": "外观完好"})
    after = clerk.post(f"{path}/state", json={"state": "repairing"})

    assert skipped.status_code == 409
    assert skipped.json()["detail"]["code"] == "bad_state_change"
    assert "已接收" in skipped.json()["detail"]["message"]["zh"]
    assert repairing.json()["state"] == "repairing"
    assert ready.json()["ready_at"] is not None
    assert told.json()["customer_notified"] is True
    assert back.status_code == 200, back.text
    assert back.json()["state"] == "returned"
    assert back.json()["loaner_serial"] is None  # the loan ended
    assert after.status_code == 409
    pool = clerk.get("/loaners", params={"service_centre": "浦东"}).json()
    unit_in_pool = next(u for u in pool if u["serial"] == loaner)
    assert unit_in_pool["status"] == "available"
    counts = clerk.get("/centre-units", params={"state": "returned"}).json()["counts"]
    assert counts["returned"] >= 1
    # the centre's repair counts for the job's service levels
    levels = boss.get(f"/reviews/{sheet['sheet_id']}").json()["rules"]["service_levels"]
    centre = next(d for d in levels if d["key"] == "centre_repair")
    assert centre["status"] == "met"


def test_only_the_office_sees_and_moves_units(clerk, boss, tech_a, admin):
    sheet, _ = _returned_with_loaner(clerk, boss, tech_a, 3)
    unit = _unit_of(clerk, sheet["sheet_id"])

    assert tech_a.get("/centre-units").status_code == 403
    assert tech_a.get(f"/centre-units/{unit['id']}").status_code == 403
    assert (
        tech_a.post(f"/centre-units/{unit['id']}/state", json={"state": "ready"}).status_code == 403
    )
    assert admin.post(f"/centre-units/{unit['id']}/notified", json={}).status_code == 403
    assert admin.get(f"/centre-units/{unit['id']}").status_code == 200
    assert clerk.get("/centre-units/999999").status_code == 404
