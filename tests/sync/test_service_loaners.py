"""The loaner pool: units per centre, lent against a ticket, returned, the overdue list."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from fieldapp.domain.serial import make_serial
from tests.support.api import assigned_order, push
from tests.support.sheets import pushed_sheet


def _add(boss, n: int, centre: str = "浦东") -> str:
    serial = make_serial("DP65", date(2025, 3, 1), 60000 + n)
    assert (
        boss.post(
            "/loaners", json={"serial": serial, "model": "MH-D65", "service_centre": centre}
        ).status_code
        == 201
    )
    return serial


def test_lend_return_and_overdue(clerk, boss, tech_a):
    serial = _add(boss, 1)
    ticket = assigned_order(clerk, boss, tech_a)
    # Overdue days count in the service centre's calendar (Asia/Shanghai), not the machine's.
    past_due = (datetime.now(ZoneInfo("Asia/Shanghai")).date() - timedelta(days=3)).isoformat()

    lent = clerk.post(
        f"/loaners/{serial}/lend", json={"ticket_no": ticket, "due_date": "2099-01-01"}
    )
    twice = clerk.post(
        f"/loaners/{serial}/lend", json={"ticket_no": ticket, "due_date": "2099-01-01"}
    )
    assert lent.json()["status"] == "lent"
    assert lent.json()["current_loan"]["ticket_no"] == ticket
    assert twice.status_code == 409

    clerk.post(f"/loaners/{serial}/return", json={"condition_notes": "外观完好"})
    again = clerk.post(f"/loaners/{serial}/lend", json={"ticket_no": ticket, "due_date": past_due})
    assert again.status_code == 409  # due before the loan

    overdue_serial = _add(boss, 2)
    boss_ticket = assigned_order(clerk, boss, tech_a)
    sheet = pushed_sheet(boss_ticket, tech_a.id, stage="complete")
    sheet["loaner"] = {
        "loaner_serial": overdue_serial,
        "loaner_model": "MH-D65",
        "handed_over_at": (datetime.now(UTC) - timedelta(days=10)).isoformat(),
        "due_date": past_due,
        "customer_signature": {
            "width": 300,
            "height": 100,
            "strokes": [[{"x": 1, "y": 1}, {"x": 9, "y": 9}]],
        },
    }
    assert push(tech_a, [(sheet, 1)]).json()["results"][0]["status"] == "accepted"

    overdue = clerk.get("/loaners/overdue").json()
    mine = [o for o in overdue if o["serial"] == overdue_serial]
    assert mine and mine[0]["loan"]["overdue_days"] == 3
    assert mine[0]["loan"]["ticket_no"] == boss_ticket

    sheet["loaner"]["returned"] = {
        "returned_at": datetime.now(UTC).isoformat(),
        "received_by": "张伟",
    }
    push(tech_a, [(sheet, 2)])
    assert overdue_serial not in [o["serial"] for o in clerk.get("/loaners/overdue").json()]


def test_the_pool_lists_by_centre_and_refuses_duplicates(boss, tech_a):
    serial = _add(boss, 3, centre="徐汇")
    dup = boss.post(
        "/loaners", json={"serial": serial, "model": "MH-D65", "service_centre": "徐汇"}
    )
    listed = tech_a.get("/loaners", params={"service_centre": "徐汇", "status": "available"}).json()

    assert dup.status_code == 409
    assert serial in [u["serial"] for u in listed]
    assert (
        tech_a.post(
            "/loaners", json={"serial": "X1234", "model": "M", "service_centre": "c"}
        ).status_code
        == 403
    )


def test_a_return_or_due_date_out_of_any_sane_range_is_refused(clerk, boss, tech_a):
    serial = _add(boss, 4)
    ticket = assigned_order(clerk, boss, tech_a)

    far = clerk.post(
        f"/loaners/{serial}/lend", json={"ticket_no": ticket, "due_date": "9999-12-31"}
    )
    lent = clerk.post(
        f"/loaners/{serial}/lend", json={"ticket_no": ticket, "due_date": "2099-01-01"}
    )
    ancient = clerk.post(
        f"/loaners/{serial}/return", json={"returned_at": "0001-01-01T00:00:00+05:00"}
    )

    assert far.status_code == 422, far.text
    assert far.json()["detail"]["problems"][0]["path"] == "due_date"
    assert lent.status_code == 200
    assert ancient.status_code == 422, ancient.text
    assert ancient.json()["detail"]["problems"][0]["path"] == "returned_at"
    assert clerk.get("/loaners", params={"status": "lent"}).status_code == 200


def _lend_at_once(desks, serial, tickets):
    """Each desk lends ``serial`` against its ticket, all released together; the statuses."""
    start = threading.Barrier(len(desks))

    def lend(desk, ticket):
        start.wait()
        body = {"ticket_no": ticket, "due_date": "2099-01-01"}
        return desk.post(f"/loaners/{serial}/lend", json=body).status_code

    with ThreadPoolExecutor(max_workers=len(desks)) as pool:
        return list(pool.map(lend, desks, tickets))


def test_one_unit_is_never_lent_twice_at_the_same_moment(service, clerk, boss, tech_a):
    """Clerks lending the same unit at once: one loan, the others are told it is lent."""
    desks = [service.login("clerk") for _ in range(6)]
    for round_ in range(3):
        serial = _add(boss, 10 + round_)
        tickets = [assigned_order(clerk, boss, tech_a) for _ in desks]

        codes = _lend_at_once(desks, serial, tickets)

        assert sorted(codes) == [200] + [409] * 5, codes


def test_a_technician_sees_the_pool_but_not_another_technicians_customer(
    clerk, boss, tech_a, tech_b
):
    """The pool shows which units are out; who has one is another technician's job."""
    serial = _add(boss, 20)
    customer = {"name": "林静怡", "phone": "13912345678", "address": "上海市徐汇区漕溪北路 88 号"}
    ticket = assigned_order(clerk, boss, tech_a, customer=customer)
    clerk.post(f"/loaners/{serial}/lend", json={"ticket_no": ticket, "due_date": "2099-01-01"})

    seen_by_b = tech_b.get("/loaners")
    seen_by_a = tech_a.get("/loaners").json()

    unit = next(u for u in seen_by_b.json() if u["serial"] == serial)
    assert unit["status"] == "lent"
    assert unit["current_loan"] is None
    assert "林静怡" not in seen_by_b.text and ticket not in seen_by_b.text
    own = next(u for u in seen_by_a if u["serial"] == serial)
    assert own["current_loan"]["customer_name"] == "林静怡"
    office = next(u for u in clerk.get("/loaners").json() if u["serial"] == serial)
    assert office["current_loan"]["ticket_no"] == ticket
