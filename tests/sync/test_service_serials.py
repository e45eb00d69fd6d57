"""Serial history feeds the replacement rule; the warranty check uses the app's rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from service_builders import assigned_order, job_sheet, push

from fieldapp.domain.serial import make_serial


def test_twice_opened_and_still_failing_qualifies_for_replacement(clerk, boss, tech_a):
    serial = make_serial("PJ52", date(2025, 9, 1), 31337)
    for days_ago in (20, 10):
        ticket = assigned_order(clerk, boss, tech_a)
        visit = datetime.now(UTC) - timedelta(days=days_ago)
        sheet = job_sheet(
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
