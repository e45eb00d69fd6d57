"""What a clerk or supervisor needs on the screen in front of them (issue 20, item 7), at the
view-models and the application layer: the rating and comment behind a follow-up call, who
has each work order, the charges' total, a change card without bookkeeping."""

from __future__ import annotations

from fieldapp.domain.job_sheet import ChargeLine, Charges
from fieldapp.office.sheet_view import bookkeeping, sheet_sections
from fieldapp.ui.office.viewmodels.desk_models import FollowUpsModel
from fieldapp.ui.office.viewmodels.work_orders_model import OrdersModel
from tests.support.aio import run_to_end as run
from tests.support.api import assigned_order, push
from tests.support.sheets import job_sheet, pushed_sheet


def test_the_follow_up_call_shows_what_the_customer_said(clerk, api_clerk, api_boss, tech_a):
    ticket = assigned_order(api_clerk, api_boss, tech_a)
    sheet = pushed_sheet(ticket, tech_a.id, rating=1, comment="修完第二天又坏了")
    assert push(tech_a, [(sheet, 1)]).status_code == 200

    calls = FollowUpsModel(client=clerk.client)
    run(calls.load())

    call = next(c for c in calls.calls if c.ticket_no == ticket)
    assert (call.customer_rating, call.customer_comment) == (1, "修完第二天又坏了")


def test_a_clerks_order_list_names_the_technician(clerk, api_clerk, api_boss, tech_a):
    ticket = assigned_order(api_clerk, api_boss, tech_a)
    orders = OrdersModel(client=clerk.client)  # a clerk: cannot assign, lists no accounts

    run(orders.load())

    order = next(o for o in orders.orders if o.ticket_no == ticket)
    assert orders.error is None and not orders.technicians
    assert orders.names[order.technician_id or ""] == "Tech_A"


def test_the_charges_show_their_total() -> None:
    lines = [
        ChargeLine(code="visit_fee", quantity=1, unit_price_fen=5000),
        ChargeLine(code="lamp", quantity=2, unit_price_fen=12050),
    ]
    sheet = job_sheet().model_copy(update={"charges": Charges(lines=lines)})
    charges = next(s for s in sheet_sections(sheet) if s.key == "charges")
    total = charges.lines[-1]
    assert total.label.zh == "合计" and total.value.zh == "291.00 元"


def test_a_new_signature_is_bookkeeping_not_a_change() -> None:
    assert bookkeeping("sign_off", "content_hash")
    assert bookkeeping("sign_off", "signed_at")
    assert bookkeeping("sign_off", "signature.strokes.0.points.3.x")
    assert not bookkeeping("sign_off", "rating")
    assert not bookkeeping("charges", "lines.0.quantity")
