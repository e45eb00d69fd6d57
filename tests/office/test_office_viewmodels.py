"""The back office's view-models against a real service, without a browser: what a screen
would show after each action."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from fieldapp.office.reviews import SheetStatus
from fieldapp.office.session import Place
from fieldapp.ui.office.viewmodels.desk_models import ComplaintsModel, FollowUpsModel
from fieldapp.ui.office.viewmodels.queue_model import QueueModel
from fieldapp.ui.office.viewmodels.session_model import OfficeSessionModel
from fieldapp.ui.office.viewmodels.sheet_model import SheetModel
from fieldapp.ui.office.viewmodels.work_orders_model import CallModel
from tests.support.aio import run_to_end as run
from tests.support.api import assigned_order, push
from tests.support.service import PASSWORD
from tests.support.sheets import pushed_sheet


def test_sign_in_keeps_what_was_typed_and_opens_the_roles_first_place(service) -> None:
    session = OfficeSessionModel(service_url=service.base.removesuffix("/api/v1"))
    session.set_username("clerk")
    session.set_password("wrong")
    run(session.sign_in())
    assert session.staff is None and session.message_for("password") is not None
    assert (session.username, session.password) == ("clerk", "wrong")
    session.set_password(PASSWORD)
    assert session.error is None  # typing again clears the message
    run(session.sign_in())
    assert session.staff is not None and session.password == ""
    assert session.place is Place.WORK_ORDERS and Place.QUEUE not in session.places
    session.go(Place.QUEUE)  # not a clerk's place: nothing happens
    assert session.place is Place.WORK_ORDERS
    session.sign_out()
    assert session.staff is None and session.places == []


def test_queue_filters_and_a_return_without_a_section_names_what_is_missing(
    boss, api_clerk, api_boss, tech_a
) -> None:
    ticket = assigned_order(api_clerk, api_boss, tech_a)
    sheet = pushed_sheet(ticket, tech_a.id, rating=2)
    assert push(tech_a, [(sheet, 1)]).status_code == 200

    queue = QueueModel(client=boss.client)
    run(queue.load())
    assert ticket in [r.ticket_no for r in queue.rows] and not queue.loading
    assert queue.counts["submitted"] >= 1 and queue.technicians
    run(queue.toggle("low_rating"))
    assert queue.filters.low_rating and all((r.rating or 5) <= 3 for r in queue.rows)
    run(queue.toggle("charged"))
    assert ticket not in [r.ticket_no for r in queue.rows]  # it is free
    run(queue.toggle("charged"))
    visited = date.fromisoformat(sheet["arrival"]["checked_in_at"][:10])
    run(queue.set_days(visited - timedelta(days=40), visited - timedelta(days=10)))
    assert ticket not in [r.ticket_no for r in queue.rows] and queue.error is None
    run(queue.set_days(visited + timedelta(days=1), visited))
    assert queue.error is not None  # the last day before the first, said in words
    run(queue.set_days(None, None))
    assert ticket in [r.ticket_no for r in queue.rows] and queue.error is None
    run(queue.show_status(SheetStatus.APPROVED))
    assert ticket not in [r.ticket_no for r in queue.rows]

    model = SheetModel(client=boss.client, sheet_id=sheet["sheet_id"])
    run(model.load())
    assert model.detail is not None and not model.loading
    assert {s.key for s in model.sections} >= {"arrival", "charges", "sign_off"}
    model.start_return()
    run(model.send_back())
    assert set(model.problems) == {"section", "comment"} and model.decided is None
    model.set_section("charges")
    model.set_comment("请补上收费项目")
    assert not model.problems

    newer = pushed_sheet(ticket, tech_a.id, sheet_id=sheet["sheet_id"], rating=2, charged=True)
    assert push(tech_a, [(newer, 2)]).status_code == 200
    run(model.send_back())
    assert model.too_late is not None and "重新打开" in model.too_late.zh
    run(model.load())  # open again
    assert model.too_late is None and model.detail is not None
    assert model.detail.summary.version == 2
    run(model.send_back())
    assert model.decided is not None and model.detail.summary.status == "returned"
    assert "收费" in model.detail.reviews[0].comment


def test_a_call_is_checked_as_typed_and_shows_its_ticket(clerk) -> None:
    model = CallModel(client=clerk.client)
    model.set_value("customer.phone", "12")
    assert list(model.problems) == ["customer.phone"]  # only what was touched
    run(model.submit())
    assert model.created is None and "customer.name" in model.problems
    for name, value in {
        "customer.name": "周子健", "customer.phone": "13912345678",
        "customer.address": "上海市徐汇区漕溪北路 88 号", "product.brand": "明辉",
        "product.model": "MH-P520", "reported_fault": "无法开机",
    }.items():  # fmt: skip
        model.set_value(name, value)
    assert not model.problems
    run(model.submit())
    assert model.created is not None and model.created.ticket_no.startswith("BX")
    assert model.form.values["customer.name"] == ""  # ready for the next call


def test_follow_up_and_complaint_countdown(clerk, api_clerk, api_boss, tech_a) -> None:
    ticket = assigned_order(api_clerk, api_boss, tech_a)
    assert push(tech_a, [(pushed_sheet(ticket, tech_a.id, rating=1), 1)]).status_code == 200
    calls = FollowUpsModel(client=clerk.client)
    run(calls.load())
    call = next(c for c in calls.calls if c.ticket_no == ticket)
    calls.select(call.id)
    run(calls.save())
    assert "attitude" in calls.problems and calls.done is None
    calls.set(unit_working=True, attitude=3, repair_quality=4, response_speed=4, satisfied=False)
    run(calls.save())
    assert calls.done is not None and ticket not in [c.ticket_no for c in calls.calls]

    complaints = ComplaintsModel(client=clerk.client)
    run(complaints.load())
    complaints.start_recording(ticket)
    run(complaints.record())
    assert "cause" in complaints.problems and complaints.recording
    complaints.set_value("customer_name", "陈晓明")
    complaints.set_value("customer_phone", "13801234567")
    complaints.set_value("details", "技术员迟到一小时")
    complaints.set_cause("response_speed")
    run(complaints.record())
    assert not complaints.recording and complaints.done is not None
    mine = next(c for c in complaints.complaints if c.ticket_no == ticket)
    now_left = complaints.seconds_left(mine)
    run(complaints.show_period(90))
    assert complaints.summary is not None and complaints.summary.all.total >= 1
    assert (complaints.period[1] - complaints.period[0]).days == 89
    complaints.now = complaints.now + timedelta(minutes=61)  # what the minute tick does
    later_left = complaints.seconds_left(mine)
    assert now_left is not None and later_left is not None
    assert now_left - later_left == 61 * 60


def test_an_expired_sign_in_brings_the_form_back_with_the_username(service) -> None:
    session = OfficeSessionModel(service_url=service.base.removesuffix("/api/v1"))
    session.set_username("boss")
    session.set_password(PASSWORD)

    async def sign_in_then_expire() -> None:
        await session.sign_in()
        assert session.staff is not None
        session.client.token = "expired-or-revoked"
        queue = QueueModel(client=session.client)
        await queue.load()
        assert queue.error is not None  # said in words on the screen it happened on
        await asyncio.sleep(0)

    run(sign_in_then_expire())
    assert session.staff is None and session.expired and session.username == "boss"
