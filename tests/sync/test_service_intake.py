"""What the service refuses when a call or a complaint is recorded (issue 20, items 2 and 3):
a phone nobody could ring back, a received time in the future or from before the job, a
purchase date before the unit was made — each under its field, in words, nothing recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.support.api import assigned_order, call

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _complaint(**overrides):
    body = {
        "customer_name": "陈晓明",
        "customer_phone": "13801234567",
        "cause": "attitude",
        "details": "技术员迟到两小时",
    }
    body.update(overrides)
    return body


def _customer(phone: str) -> dict[str, str]:
    return {"name": "陈晓明", "phone": phone, "address": "上海市浦东新区张杨路 1500 号"}


def _problems(reply) -> dict[str, dict[str, str]]:
    """Each problem's message by the path of its field in the body (the request's own checks
    say ``body.`` before it, the rules checked after it do not)."""
    assert reply.status_code == 422, reply.text
    return {
        p["path"].removeprefix("body."): p["message"] for p in reply.json()["detail"]["problems"]
    }


def _total(client) -> int:
    return int(client.get("/work-orders", params={"limit": 1}).json()["total"])


@pytest.mark.parametrize(
    ("phone", "words"),
    [
        ("13801234", "11 位"),  # the truncated mobile of the issue
        ("138012345678", "11 位"),
        ("6488 1234", "区号"),  # a landline without its area code
        ("021-6488", "区号"),
        ("call me", "数字"),
        ("１３８０１２３４５６７", "数字"),  # full-width digits
    ],
)
def test_a_phone_nobody_can_ring_is_refused_under_the_phone(clerk, phone, words):
    before = _total(clerk)

    reply = clerk.post("/work-orders", json=call(customer=_customer(phone)))

    problems = _problems(reply)
    assert list(problems) == ["customer.phone"]
    assert words in problems["customer.phone"]["zh"]
    assert reply.json()["detail"]["problems"][0]["field"]["zh"] == "客户 › 联系电话"
    assert _total(clerk) == before


@pytest.mark.parametrize(
    "phone",
    ["138 0013 8000", "+86 138-0013-8000", "021-6488 1234", "0755-8888 1234", "0571-8765432"],
)
def test_mobiles_and_landlines_with_their_area_code_are_recorded_as_typed(clerk, phone):
    reply = clerk.post("/work-orders", json=call(customer=_customer(phone)))

    assert reply.status_code == 201, reply.text
    assert reply.json()["customer"]["phone"] == phone


def test_a_complaint_and_a_correction_check_the_phone_the_same_way(clerk):
    ticket = clerk.post("/work-orders", json=call()).json()["ticket_no"]

    complaint = clerk.post("/complaints", json=_complaint(customer_phone="13801234"))
    corrected = clerk.patch(f"/work-orders/{ticket}", json={"customer": _customer("13801234")})

    assert "11 位" in _problems(complaint)["customer_phone"]["zh"]
    assert "11 位" in _problems(corrected)["customer.phone"]["zh"]
    assert clerk.get(f"/work-orders/{ticket}").json()["customer"]["phone"] == "13801234567"


def test_a_call_cannot_be_received_in_the_future_or_more_than_a_year_back(clerk):
    now = datetime.now(UTC)
    for when in (
        now + timedelta(days=300),
        now + timedelta(hours=1),
        datetime(1900, 1, 1, tzinfo=UTC),
    ):
        problems = _problems(clerk.post("/work-orders", json=call(reported_at=when.isoformat())))
        assert list(problems) == ["reported_at"], when
    assert (
        "晚于现在"
        in _problems(
            clerk.post("/work-orders", json=call(reported_at=(now + timedelta(days=1)).isoformat()))
        )["reported_at"]["zh"]
    )
    yesterday = clerk.post(
        "/work-orders", json=call(reported_at=(now - timedelta(days=1)).isoformat())
    )
    assert yesterday.status_code == 201, yesterday.text


def test_a_complaint_cannot_be_received_in_the_future_or_before_its_job(clerk, boss, tech_a):
    now = datetime.now(UTC)
    reported = now - timedelta(days=3)
    ticket = assigned_order(clerk, boss, tech_a, reported_at=reported.isoformat())
    cases = {
        "ahead": (now + timedelta(days=300), None, "晚于现在"),
        "ancient": (datetime(1900, 1, 1, tzinfo=UTC), None, "一年前"),
        "before its job": (reported - timedelta(hours=1), ticket, "报修时间"),
    }
    for name, (when, about, words) in cases.items():
        reply = clerk.post(
            "/complaints", json=_complaint(received_at=when.isoformat(), ticket_no=about)
        )
        problems = _problems(reply)
        assert list(problems) == ["received_at"], name
        assert words in problems["received_at"]["zh"], name
        assert reply.json()["detail"]["problems"][0]["field"]["zh"] == "投诉时间"

    fine = clerk.post(
        "/complaints",
        json=_complaint(received_at=(reported + timedelta(hours=2)).isoformat(), ticket_no=ticket),
    )
    assert fine.status_code == 201, fine.text


def test_a_complaint_cannot_be_closed_before_it_came_or_in_the_future(clerk):
    made = clerk.post("/complaints", json=_complaint()).json()
    received = datetime.fromisoformat(made["received_at"])
    closing = {"action_taken": "主管致电道歉", "customer_follow_up": "客户接受"}

    early = clerk.post(
        f"/complaints/{made['id']}/close",
        json={**closing, "closed_at": (received - timedelta(hours=1)).isoformat()},
    )
    ahead = clerk.post(
        f"/complaints/{made['id']}/close",
        json={**closing, "closed_at": (received + timedelta(days=3)).isoformat()},
    )

    assert list(_problems(early)) == ["closed_at"]
    assert list(_problems(ahead)) == ["closed_at"]
    assert clerk.get(f"/complaints/{made['id']}").json()["status"] == "open"


@pytest.mark.parametrize(
    ("purchased", "words"),
    [
        ("1900-01-01", "2025-08"),  # the serial decodes to a unit made in August 2025
        ("2025-07-31", "2025-08"),
        ("future", "晚于今天"),
    ],
)
def test_a_purchase_date_before_the_unit_was_made_or_in_the_future_is_refused(
    clerk, purchased, words
):
    if purchased == "future":
        purchased = (datetime.now(SHANGHAI).date() + timedelta(days=2)).isoformat()
    product = {**call()["product"], "purchase_date": purchased}

    reply = clerk.post("/work-orders", json=call(product=product))

    problems = _problems(reply)
    assert list(problems) == ["product.purchase_date"]
    assert words in problems["product.purchase_date"]["zh"]
    assert reply.json()["detail"]["problems"][0]["field"]["zh"] == "产品 › 购机日期"


def test_a_purchase_in_the_factory_month_is_recorded_and_a_correction_is_checked(clerk):
    product = {**call()["product"], "purchase_date": "2025-08-01"}
    made = clerk.post("/work-orders", json=call(product=product))
    assert made.status_code == 201, made.text
    ticket = made.json()["ticket_no"]

    earlier = clerk.patch(
        f"/work-orders/{ticket}", json={"product": {**product, "purchase_date": "1900-01-01"}}
    )

    assert "2025-08" in _problems(earlier)["product.purchase_date"]["zh"]
    assert clerk.get(f"/work-orders/{ticket}").json()["product"]["purchase_date"] == "2025-08-01"
