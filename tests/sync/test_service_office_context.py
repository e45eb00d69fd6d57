"""What a clerk needs in front of them (issue 20, item 7), from the service: a follow-up call
carries the rating and comment the customer gave when signing; the work-order list names the
technician each order is assigned to, for clerks too (who cannot list accounts)."""

from __future__ import annotations

from tests.support.api import assigned_order, call, push
from tests.support.sheets import pushed_sheet


def test_a_low_rating_call_carries_what_the_customer_said(clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    sheet = pushed_sheet(ticket, tech_a.id, rating=2, comment="师傅迟到了一个小时")
    assert push(tech_a, [(sheet, 1)]).status_code == 200

    due = clerk.get("/follow-ups", params={"status": "due", "limit": 500}).json()["items"]

    call = next(c for c in due if c["ticket_no"] == ticket and "low_rating" in c["reasons"])
    assert call["customer_rating"] == 2
    assert call["customer_comment"] == "师傅迟到了一个小时"
    recorded = clerk.post(
        f"/follow-ups/{call['id']}/outcome", json={"reached": False, "notes": "无人接听"}
    ).json()
    assert recorded["customer_rating"] == 2  # the outcome's reply says it too


def test_a_clerk_sees_who_each_order_is_assigned_to(clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    unassigned = clerk.post(
        "/work-orders",
        json=call(),
    ).json()["ticket_no"]

    listed = clerk.get("/work-orders", params={"limit": 500}).json()

    orders = {o["ticket_no"]: o for o in listed["items"]}
    assert listed["technician_names"][orders[ticket]["technician_id"]] == "Tech_A"
    assert orders[unassigned]["technician_id"] is None
    # a technician's own list names only themself
    mine = tech_a.get("/work-orders", params={"limit": 500}).json()
    assert set(mine["technician_names"]) == {tech_a.id}
