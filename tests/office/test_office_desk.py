"""The clerk's desk against a real service: a call recorded and assigned, cancelled; a
follow-up call recorded; a complaint recorded, counted down and closed; a loaner back; the
dashboard's numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from fieldapp.office import centre_units, complaints, dashboard, follow_ups, loaners, reviews
from fieldapp.office import work_orders as wo
from fieldapp.office.errors import FormProblems, Refused
from fieldapp.office.follow_ups import CallOutcome
from fieldapp.office.sheet_view import centre_today
from fieldapp.office.work_orders import CallForm
from tests.support.api import assigned_order, push
from tests.support.sheets import SERIAL, pushed_sheet


def _call() -> CallForm:
    form = CallForm()
    for name, value in {
        "customer.name": "周子健",
        "customer.phone": "13912345678",
        "customer.address": "上海市徐汇区漕溪北路 88 号",
        "product.brand": "明辉",
        "product.model": "MH-P520",
        "product.serial": SERIAL,
        "reported_fault": "无法开机",
    }.items():
        form = form.with_value(name, value)
    return form


def test_a_call_is_checked_as_typed_and_gets_a_ticket(clerk, boss, tech_a) -> None:
    typing = CallForm().with_value("customer.phone", "12")
    problems = wo.call_problems(typing, touched={"customer.phone"})
    assert list(problems) == ["customer.phone"] and problems["customer.phone"].zh
    bad_serial = wo.call_problems(_call().with_value("product.serial", "PJ52XXXX"))
    assert "product.serial" in bad_serial
    assert wo.serial_hint(_call()) is not None
    with pytest.raises(FormProblems):
        wo.record_call(clerk.client, typing)

    order = wo.record_call(clerk.client, _call())
    assert order.ticket_no.startswith("BX") and order.customer.name == "周子健"

    techs = reviews.technicians(boss.client)
    assert tech_a.id in [t.id for t in techs]
    wo.assign(boss.client, order.ticket_no, tech_a.id)
    with pytest.raises(Refused):  # clerks do not assign
        wo.assign(clerk.client, order.ticket_no, tech_a.id)
    with pytest.raises(FormProblems):
        wo.cancel(clerk.client, order.ticket_no, " ")
    cancelled = wo.cancel(clerk.client, order.ticket_no, "客户已自行解决")
    assert cancelled.status.value == "cancelled"


def test_jobs_of_a_technicians_day(clerk, boss, tech_a) -> None:
    when = datetime.now(UTC) + timedelta(days=3)
    order = wo.record_call(clerk.client, _call())
    boss.client.patch(f"/work-orders/{order.ticket_no}", {"appointment": when.isoformat()})
    wo.assign(boss.client, order.ticket_no, tech_a.id)
    days = wo.technicians_day(boss.client, reviews.technicians(boss.client), wo.day_of(
        wo.WorkOrder.model_validate(boss.client.get(f"/work-orders/{order.ticket_no}"))
    ) or date.today())  # fmt: skip
    mine = next(d for d in days if d.technician.id == tech_a.id)
    assert order.ticket_no in [j.ticket_no for j in mine.jobs]


def test_follow_up_complaint_and_dashboard(clerk, boss, api_clerk, api_boss, tech_a) -> None:
    ticket = assigned_order(api_clerk, api_boss, tech_a)
    sheet = pushed_sheet(ticket, tech_a.id, rating=2)
    assert push(tech_a, [(sheet, 1)]).status_code == 200
    today = centre_today()  # the centre's day, as the back office counts it
    before = dashboard.dashboard(boss.client, *dashboard.last_days(today, 7))

    due = follow_ups.follow_ups(clerk.client)
    call = next(f for f in due.items if f.ticket_no == ticket)
    assert "low_rating" in call.reasons and call.phrase.zh
    with pytest.raises(FormProblems) as missing:
        follow_ups.record_outcome(clerk.client, call.id, CallOutcome(reached=True))
    assert "attitude" in missing.value.problems
    done = follow_ups.record_outcome(
        clerk.client,
        call.id,
        CallOutcome(True, True, 4, 5, 3, True, "客户表示满意"),
    )
    assert done.status == "done"

    form = complaints.ComplaintForm(cause="charges")
    for name, value in {
        "customer_name": "陈晓明", "customer_phone": "13801234567", "details": "收费太高",
        "ticket_no": ticket.lower(),
    }.items():  # fmt: skip
        form = form.with_value(name, value)
    recorded = complaints.record_complaint(clerk.client, form)
    left = complaints.seconds_left(recorded)
    assert left is not None and 23 * 3600 < left <= 24 * 3600
    assert complaints.countdown_words(left).zh.startswith("还剩")
    assert complaints.countdown_words(-3700).zh == "已超时 1 小时 1 分"
    # a complaint long overdue is counted in days, not 「已超时 1112607 小时」
    assert complaints.countdown_words(-(3 * 86400 + 4 * 3600 + 59)).zh == "已超时 3 天 4 小时"
    assert complaints.countdown_words(47 * 3600 + 60).en == "47 h 1 min left"
    about = complaints.complaints_about(boss.client, ticket)
    assert [c.id for c in about] == [recorded.id]
    closed = complaints.close_complaint(clerk.client, recorded.id, "已退还差价", "客户满意")
    assert not closed.open and closed.answered_in_time
    summary = complaints.summary(boss.client, today - timedelta(days=1), today)
    assert summary.all.total >= 1

    after = dashboard.dashboard(boss.client, *dashboard.last_days(today, 7))
    assert after.overall.sheets == before.overall.sheets
    assert after.overall.satisfaction.surveyed >= 1
    assert dashboard.rate(0.875) == "88%" and dashboard.rate(None) == "—"


def test_a_loaner_comes_back_with_photos_and_a_centre_unit_moves_on(
    clerk, boss, api_clerk, api_boss, tech_a
) -> None:
    boss.client.post(
        "/loaners", {"serial": "LN0001X", "model": "MH-P520", "service_centre": "中心"}
    )
    ticket = assigned_order(api_clerk, api_boss, tech_a)
    clerk.client.post(
        "/loaners/LN0001X/lend",
        {"ticket_no": ticket, "due_date": (date.today() + timedelta(days=5)).isoformat()},
    )
    pool = loaners.by_centre(loaners.loaners(clerk.client))
    unit = next(u for u in pool["中心"] if u.serial == "LN0001X")
    assert unit.status == "lent" and unit.current_loan is not None
    assert unit.current_loan.ticket_no == ticket and unit.overdue_days == 0
    from tests.support.sheets import png

    sha = loaners.upload_photo(clerk.client, png(91), "image/png")
    back = loaners.record_return(clerk.client, "LN0001X", "外壳轻微划痕", [sha])
    assert back.status == "available"

    sheet = pushed_sheet(ticket, tech_a.id, outcome="return_to_centre")
    assert push(tech_a, [(sheet, 1)]).status_code == 200
    units = centre_units.centre_units(clerk.client)
    mine = next(u for u in units if u.ticket_no == ticket)
    assert mine.state == "received" and "ready" in mine.next_states
    moved = centre_units.move_to(clerk.client, mine.id, "ready")
    assert moved.state == "ready"
    assert centre_units.customer_notified(clerk.client, mine.id).customer_notified


def test_today_is_the_centres_day_even_when_utc_is_still_on_yesterday() -> None:
    """From 16:00 UTC the centre (UTC+8) is on the next day: a supervisor's "today" and
    "last 7 days" must include what was recorded this morning at the centre."""
    evening_utc = datetime(2026, 12, 1, 16, 30, tzinfo=UTC)  # 00:30 on 2 Dec in Shanghai
    assert centre_today(evening_utc) == date(2026, 12, 2)
    assert centre_today(datetime(2026, 12, 1, 15, 59, tzinfo=UTC)) == date(2026, 12, 1)
