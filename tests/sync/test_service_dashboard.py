"""The dashboard: a period's figures per technician and overall, from the pushed sheets."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from fieldapp.domain.serial import make_serial
from sync.models.user import Role
from tests.support.api import assigned_order, push
from tests.support.sheets import pushed_sheet

SERIAL_X = make_serial("PJ52", date(2025, 8, 1), 5101)
SERIAL_Y = make_serial("PJ52", date(2025, 8, 1), 5102)
PERIOD = {"from": "2026-02-02", "to": "2026-02-06"}


def _visit(day: int) -> datetime:
    return datetime.fromisoformat(f"2026-02-0{day}T10:00:00+08:00")


@pytest.fixture(scope="module")
def dash_tech(service, clerk, boss):
    """A technician of its own with four visits in the first week of February 2026."""
    service.add_user("tech_dash", Role.TECHNICIAN)
    tech = service.login("tech_dash")
    first, second, third = (assigned_order(clerk, boss, tech) for _ in range(3))
    a = pushed_sheet(first, tech.id, serial=SERIAL_X, etiquette=True, charged=True, visit=_visit(2))
    b = pushed_sheet(
        second, tech.id, serial=SERIAL_Y, outcome="another_visit", rating=2, visit=_visit(3)
    )
    c = pushed_sheet(second, tech.id, serial=SERIAL_Y, rating=4, visit=_visit(5))
    d = pushed_sheet(third, tech.id, serial=SERIAL_X, visit=_visit(6))
    results = push(tech, [(a, 1), (b, 1), (c, 1), (d, 1)]).json()["results"]
    assert [r["status"] for r in results] == ["accepted"] * 4, results
    assert boss.post(f"/reviews/{a['sheet_id']}/approve", json={"revision": 1}).status_code == 200
    calls = clerk.get("/follow-ups", params={"limit": 500}).json()["items"]
    for sheet, satisfied in ((a, True), (b, False)):
        call = next(f for f in calls if f["sheet_id"] == sheet["sheet_id"])
        recorded = clerk.post(
            f"/follow-ups/{call['id']}/outcome",
            json={
                "reached": True,
                "unit_working": True,
                "satisfaction": {
                    "attitude": 5 if satisfied else 2,
                    "repair_quality": 4,
                    "response_speed": 3,
                    "satisfied": satisfied,
                },
            },
        )
        assert recorded.status_code == 200, recorded.text
    return tech


def test_a_technicians_figures_for_the_period(clerk, dash_tech):
    reply = clerk.get("/dashboard", params={**PERIOD, "technician_id": dash_tech.id})

    assert reply.status_code == 200, reply.text
    body = reply.json()
    [mine] = body["technicians"]
    assert mine["technician_name"] == "Tech_Dash"
    assert mine == {
        **body["overall"],
        "technician_id": dash_tech.id,
        "technician_name": "Tech_Dash",
    }
    assert (mine["sheets"], mine["jobs"]) == (4, 3)
    assert mine["etiquette"] == {
        "sheets": 4,
        "five_ones_complete": 1,
        "five_ones_rate": 0.25,
        "nine_rules_attested": 1,
        "nine_rules_rate": 0.25,
    }
    assert mine["charging"] == {"charged": 1, "free": 3, "charged_total_fen": 5000}
    assert (mine["first_time_fixed"], mine["first_time_fix_rate"]) == (2, 0.6667)
    assert mine["repeat_repairs"] == 2
    satisfaction = mine["satisfaction"]
    assert (satisfaction["surveyed"], satisfaction["satisfied"]) == (2, 1)
    assert satisfaction["share"] == 0.5
    assert satisfaction["target"] == 0.9 and satisfaction["target_met"] is False
    assert satisfaction["attitude_avg"] == 3.5
    assert satisfaction["rating_avg"] == 4.0
    levels = mine["service_levels"]
    for key in ("answer", "on_site", "fix"):
        assert levels[key]["met"] + levels[key]["missed"] + levels[key]["open"] == 3, key
    assert levels["answer"] == {"met": 3, "missed": 0, "open": 0, "rate": 1.0}
    assert body["repeat_serials"] == [{"serial": SERIAL_X, "jobs": 2}]


def test_the_whole_team_and_an_empty_period(clerk, boss, dash_tech):
    team = boss.get("/dashboard", params=PERIOD).json()
    empty = boss.get("/dashboard", params={"from": "2030-01-01", "to": "2030-01-31"}).json()

    assert dash_tech.id in [t["technician_id"] for t in team["technicians"]]
    assert team["overall"]["sheets"] >= 4
    assert empty["technicians"] == []
    assert empty["overall"]["sheets"] == 0
    assert empty["overall"]["first_time_fix_rate"] is None
    assert empty["overall"]["satisfaction"]["target_met"] is None


def test_who_may_see_the_dashboard_and_bad_periods(tech_a, admin, clerk):
    assert tech_a.get("/dashboard", params=PERIOD).status_code == 403
    assert admin.get("/dashboard", params=PERIOD).status_code == 200
    backwards = clerk.get("/dashboard", params={"from": "2026-02-06", "to": "2026-02-01"})
    too_long = clerk.get("/dashboard", params={"from": "2024-01-01", "to": "2026-02-01"})
    missing = clerk.get("/dashboard", params={"from": "2026-02-01"})
    assert backwards.status_code == 422
    assert too_long.status_code == 422
    assert missing.status_code == 422
    assert missing.json()["detail"]["problems"][0]["path"] == "query.to"
