"""Units at the service centre: registered from a signed sheet sending the unit back, promised
within 5 working days, moved through their states; going back to the customer ends the loan."""

from __future__ import annotations

from datetime import datetime

from fieldapp.domain.service_levels import centre_promise_date
from fieldapp.reference import bundled_reference
from tests.support.api import push
from tests.support.centre import returned_with_loaner


def _returned_with_loaner(clerk, boss, tech, n: int) -> tuple[dict, str]:
    return returned_with_loaner(clerk, boss, tech, 71000 + n)


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
