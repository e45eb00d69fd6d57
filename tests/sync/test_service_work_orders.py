"""Work orders: a call gets a 报修单号, supervisors assign, finished orders stay finished."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import partial

from tests.support.api import assigned_order, at_once, call, push
from tests.support.sheets import pushed_sheet


def test_a_recorded_call_gets_the_next_ticket_number_of_its_day(clerk):
    first = clerk.post("/work-orders", json=call()).json()
    second = clerk.post("/work-orders", json=call()).json()

    assert re.fullmatch(r"BX\d{8}-\d{4}", first["ticket_no"])
    assert first["status"] == "recorded"
    assert int(second["ticket_no"][-4:]) == int(first["ticket_no"][-4:]) + 1


def test_the_day_of_the_ticket_is_the_service_centres_day(clerk):
    # 23:30 UTC is already the next morning in Shanghai.
    at = datetime.now(UTC).replace(hour=23, minute=30, second=0, microsecond=0) - timedelta(days=2)
    order = clerk.post("/work-orders", json=call(reported_at=at.isoformat())).json()
    assert order["ticket_no"][2:10] == (at + timedelta(hours=8)).strftime("%Y%m%d")


def test_a_call_in_the_future_or_an_appointment_before_it_is_refused(clerk):
    future = datetime.now(UTC) + timedelta(days=1)
    late = clerk.post("/work-orders", json=call(reported_at=future.isoformat()))
    early = clerk.post(
        "/work-orders",
        json=call(
            reported_at=datetime.now(UTC).isoformat(),
            appointment=(datetime.now(UTC) - timedelta(days=1)).isoformat(),
        ),
    )
    assert late.status_code == 422
    assert early.status_code == 422
    assert "appointment" in early.text


def test_a_call_or_appointment_out_of_any_sane_range_is_refused_with_the_field(clerk):
    ancient = clerk.post("/work-orders", json=call(reported_at="0001-01-01T00:00:00+05:00"))
    far = clerk.post("/work-orders", json=call(appointment="9999-12-31T23:59:59-05:00"))

    assert ancient.status_code == 422, ancient.text
    assert ancient.json()["detail"]["problems"][0]["path"] == "reported_at"
    assert far.status_code == 422, far.text
    assert far.json()["detail"]["problems"][0]["path"] == "appointment"


def test_only_supervisors_assign_and_only_to_active_technicians(clerk, boss):
    ticket = clerk.post("/work-orders", json=call()).json()["ticket_no"]
    assert (
        boss.post(f"/work-orders/{ticket}/assign", json={"technician_id": clerk.id}).status_code
        == 422
    )
    assert (
        boss.post(f"/work-orders/{ticket}/assign", json={"technician_id": "999999"}).status_code
        == 422
    )


def test_clerks_correct_and_cancel_and_a_finished_order_stays_finished(clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    patched = clerk.patch(f"/work-orders/{ticket}", json={"urgency": "urgent"})
    assert patched.json()["urgency"] == "urgent"
    assert patched.json()["technician_id"] == tech_a.id

    assert (
        clerk.post(f"/work-orders/{ticket}/cancel", json={"reason": "客户撤销"}).json()["status"]
        == "cancelled"
    )
    assert clerk.patch(f"/work-orders/{ticket}", json={"urgency": "normal"}).status_code == 409
    assert (
        boss.post(f"/work-orders/{ticket}/assign", json={"technician_id": tech_a.id}).status_code
        == 409
    )


def test_lists_filter_by_status_and_technician(clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    listed = boss.get(
        "/work-orders", params={"technician_id": tech_a.id, "status": "assigned", "limit": 500}
    ).json()
    assert ticket in [o["ticket_no"] for o in listed["items"]]
    assert listed["total"] >= 1
    assert tech_a.get("/work-orders/BX20000101-0001").status_code == 404


def test_a_correction_and_an_assignment_at_the_same_moment_both_stick(service, clerk, boss, tech_a):
    """Both change the same work order; neither may silently undo the other (PostgreSQL
    lets two transactions read the same row unless the writer locks it)."""
    corrector, assigner = service.login("clerk"), service.login("boss")
    for round_ in range(5):
        ticket = clerk.post("/work-orders", json=call()).json()["ticket_no"]
        fault = f"第 {round_} 次更正：开机无显示"
        correct = partial(corrector.patch, f"/work-orders/{ticket}", json={"reported_fault": fault})
        assign = partial(
            assigner.post, f"/work-orders/{ticket}/assign", json={"technician_id": tech_a.id}
        )

        replies = at_once(correct, assign)

        assert [r.status_code for r in replies] == [200, 200]
        order = boss.get(f"/work-orders/{ticket}").json()
        assert order["reported_fault"] == fault
        assert order["technician_id"] == tech_a.id
        assert order["status"] == "assigned"
        assert ticket in {o["ticket_no"] for o in tech_a.get("/work-orders").json()["items"]}


def test_a_correction_while_the_technician_pushes_keeps_both(service, clerk, boss, tech_a):
    """The push moves the order to 待审批 while the clerk corrects it; both must stick."""
    corrector, phone = service.login("clerk"), service.login("tech_a")
    for round_ in range(5):
        ticket = assigned_order(clerk, boss, tech_a)
        fault = f"第 {round_} 次更正：风扇异响"
        correct = partial(corrector.patch, f"/work-orders/{ticket}", json={"reported_fault": fault})
        sheet = pushed_sheet(ticket, tech_a.id)

        replies = at_once(correct, partial(push, phone, [(sheet, 1)]))

        assert [r.status_code for r in replies] == [200, 200]
        order = boss.get(f"/work-orders/{ticket}").json()
        assert order["reported_fault"] == fault
        assert order["status"] == "awaiting_review"
