"""Serial history feeds the replacement rule; the warranty check uses the app's rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from fieldapp.domain.serial import make_serial
from tests.support.api import assigned_order, push
from tests.support.sheets import pushed_sheet


def test_twice_opened_and_still_failing_qualifies_for_replacement(clerk, boss, tech_a):
    serial = make_serial("PJ52", date(2025, 9, 1), 31337)
    for days_ago in (20, 10):
        ticket = assigned_order(clerk, boss, tech_a)
        visit = datetime.now(UTC) - timedelta(days=days_ago)
        sheet = pushed_sheet(
            ticket, tech_a.id, serial=serial, opened_unit=True, outcome="another_visit", visit=visit
        )
        assert push(tech_a, [(sheet, 1)]).json()["results"][0]["status"] == "accepted"

    history = boss.get(
        f"/serials/{serial}/history", params={"in_warranty": True, "still_failing": True}
    ).json()

    assert [v["opened_unit"] for v in history["visits"]] == [True, True]
    assert history["replacement"]["eligible"] is True
    assert history["replacement"]["replacement"] == "same_or_other_model"
    no_verdict = boss.get(f"/serials/{serial}/history").json()
    assert no_verdict["replacement"] is None


def test_warranty_check_gives_the_verdict_with_reasons(tech_a):
    case = {
        "purchase_evidence": "invoice",
        "purchase_date": (date.today() - timedelta(days=100)).isoformat(),
        "serial_read": make_serial("PJ52", date.today().replace(day=1) - timedelta(days=200), 5),
        "registered_model": "MH-P520",
        "service_date": date.today().isoformat(),
    }
    free = tech_a.post("/warranty/check", json=case).json()
    misuse = tech_a.post("/warranty/check", json={**case, "cause": "misuse"}).json()
    bad = tech_a.post("/warranty/check", json={**case, "purchase_date": "soon"})

    assert free["decision"] == "free"
    assert free["in_warranty"] is True
    assert misuse["decision"] == "charged"
    assert all(r["text"]["zh"] and r["text"]["en"] for r in misuse["reasons"])
    assert bad.status_code == 422


def _problem_paths(reply) -> list[str]:
    return [p["path"] for p in reply.json()["detail"]["problems"]]


@pytest.mark.parametrize("field", ["service_date", "purchase_date"])
@pytest.mark.parametrize("far", ["9999-12-31", "0001-01-01"])
def test_a_warranty_check_with_a_date_out_of_any_sane_range_names_the_field(tech_a, field, far):
    """Year 9999 made the month arithmetic overflow: a 500 instead of a refusal."""
    case = {
        "purchase_evidence": "invoice",
        "purchase_date": "2026-01-10",
        "serial_read": make_serial("PJ52", date(2025, 9, 1), 5),
        "registered_model": "MH-P520",
        "service_date": "2026-11-23",
    }
    reply = tech_a.post("/warranty/check", json={**case, field: far})

    assert reply.status_code == 422, reply.text
    assert _problem_paths(reply) == [field]
    assert "1900" in reply.json()["detail"]["problems"][0]["message"]["en"]


def test_a_warranty_check_that_would_overflow_is_refused_not_a_server_error(tech_a):
    case = {
        "purchase_evidence": "invoice",
        "purchase_date": "9999-06-01",
        "serial_read": make_serial("PJ52", date(2025, 9, 1), 5),
        "registered_model": "MH-P520",
        "service_date": "9999-12-31",
    }
    reply = tech_a.post("/warranty/check", json=case)

    assert reply.status_code == 422, reply.text
    assert sorted(_problem_paths(reply)) == ["purchase_date", "service_date"]


def test_a_serial_history_with_a_date_out_of_any_sane_range_names_the_query_parameter(tech_a):
    """first_reported=0001-01-01 answered 200 "not repaired for 739,950 days"."""
    serial = make_serial("PJ52", date(2025, 9, 1), 7)
    reply = tech_a.get(
        f"/serials/{serial}/history",
        params={"in_warranty": "true", "first_reported": "0001-01-01"},
    )

    assert reply.status_code == 422, reply.text
    problem = reply.json()["detail"]["problems"][0]
    assert problem["path"] == "query.first_reported"
    assert problem["field"]["en"] == "query parameter first_reported"
    assert "2099" in problem["message"]["en"] and problem["message"]["zh"]
