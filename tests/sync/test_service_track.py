"""The customer's progress page (/track) against a real service: each step of the timeline from
real actions through the API, the same answer for a wrong ticket and wrong digits, throttling
per client address and per ticket (also across two service processes on one database), no
other customer's data, masked logs, valid HTML within 30 KB, complaints into the back office."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import html5lib
import pytest
import requests
from requests.adapters import HTTPAdapter

from sync.core.config import DEV_SECRET
from sync.crud.track_access import issue_link
from tests.support.api import assigned_order, call, push
from tests.support.centre import returned_with_loaner
from tests.support.service import ThrowawayDatabase, start_service, stop_service
from tests.support.sheets import pushed_sheet

DIGITS = "4567"  # the last four of the phone in tests.support.api.call
PAGE_LIMIT = 30 * 1024
_addresses = iter(range(10, 250))


class _FromAddress(HTTPAdapter):
    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def browser(address: str | None = None) -> requests.Session:
    """A client from its own loopback address (127.0.0.x): each test its own throttle count."""
    session = requests.Session()
    session.mount("http://", _FromAddress(address or f"127.0.0.{next(_addresses)}"))
    return session


def site(service: Any) -> str:
    return str(service.base).removesuffix("/api/v1")


def look_up(service: Any, ticket: str, digits: str, *, via: requests.Session | None = None):
    return (via or browser()).post(
        f"{site(service)}/track",
        data={"ticket": ticket, "digits": digits},
        allow_redirects=False,
        timeout=30,
    )


def page(service: Any, ticket: str, *, lang: str = "zh") -> str:
    """The job's page reached as a customer does: the form, then the link it leads to."""
    via = browser()
    found = look_up(service, ticket, DIGITS, via=via)
    assert found.status_code == 303, found.text
    reply = via.get(site(service) + found.headers["Location"].replace("lang=zh", f"lang={lang}"))
    assert reply.status_code == 200, reply.text
    assert len(reply.content) <= PAGE_LIMIT
    return reply.text


def steps(html: str) -> list[str]:
    return re.findall(r'<div class="step">([^<]+)</div>', html)


def sheet_now(ticket: str, technician_id: str, **options: Any) -> dict[str, Any]:
    """A sheet whose visit is now (after the assignment, as on a real job)."""
    options.setdefault("visit", datetime.now(UTC))
    return pushed_sheet(ticket, technician_id, **options)


def _push_signed(tech: Any, sheet: dict[str, Any], version: int = 1) -> None:
    result = push(tech, [(sheet, version)]).json()["results"][0]
    assert result["status"] == "accepted", result


def test_the_timeline_follows_a_job_fixed_on_site(service, clerk, boss, tech_a):
    appointment = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    created = clerk.post("/work-orders", json=call(appointment=appointment.isoformat()))
    ticket = created.json()["ticket_no"]
    assert steps(page(service, ticket)) == ["已受理"]

    boss.post(f"/work-orders/{ticket}/assign", json={"technician_id": tech_a.id})
    html = page(service, ticket)
    assert steps(html) == ["已派工", "已受理"]
    assert "Tech_A" in html
    local = appointment.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    assert f"{local.month}月{local.day}日 {local:%H:%M}" in html  # the centre's time zone

    arrived = datetime.now(UTC)
    visit = pushed_sheet(ticket, tech_a.id, stage="complete", charged=True, visit=arrived)
    _push_signed(tech_a, visit)
    assert steps(page(service, ticket))[0] == "上门服务中"

    signed = pushed_sheet(  # a low rating: a follow-up call is due at once
        ticket,
        tech_a.id,
        sheet_id=visit["sheet_id"],
        charged=True,
        rating=2,
        visit=arrived,
        signed_at=arrived + timedelta(milliseconds=100),
    )
    _push_signed(tech_a, signed, 2)
    html = page(service, ticket)
    assert steps(html)[:2] == ["已修好", "上门服务中"]
    assert "¥50.00" in html

    time.sleep(0.2)  # the call comes after the signature
    calls = clerk.get("/follow-ups", params={"limit": 500}).json()["items"]
    call_id = next(c["id"] for c in calls if c["ticket_no"] == ticket)
    done = clerk.post(
        f"/follow-ups/{call_id}/outcome",
        json={
            "reached": True,
            "unit_working": True,
            "satisfaction": {
                "attitude": 4,
                "repair_quality": 4,
                "response_speed": 4,
                "satisfied": True,
            },
        },
    )
    assert done.status_code == 200, done.text
    html = page(service, ticket)
    assert steps(html)[0] == "回访完成"
    english = page(service, ticket, lang="en")
    assert steps(english)[:3] == ["Follow-up call done", "Repaired", "Technician on site"]
    assert 'lang="en"' in english and "中文" in english


def test_another_visit_shows_why_and_when(service, clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    sheet = sheet_now(ticket, tech_a.id, outcome="another_visit")
    _push_signed(tech_a, sheet)
    html = page(service, ticket)
    assert steps(html)[0] == "需再次上门"
    assert "备件缺货" in html  # the reason as the technician wrote it for the customer
    assert "再次上门时间" in html


def _returned_with_loaner(clerk: Any, boss: Any, tech: Any, n: int) -> tuple[str, dict[str, Any]]:
    sheet, _ = returned_with_loaner(clerk, boss, tech, 75000 + n, visit_now=True)
    return sheet["ticket_no"], sheet


def test_a_unit_at_the_centre_is_followed_to_its_return(service, clerk, boss, tech_a):
    ticket, sheet = _returned_with_loaner(clerk, boss, tech_a, 1)
    html = page(service, ticket)
    assert steps(html)[:2] in (["服务中心已接收", "返厂维修"], ["返厂维修", "服务中心已接收"])
    for words in ("承诺修复日期", "021-5888 0000", "MH-D65", "备用机归还日期"):
        assert words in html
    units = clerk.get("/centre-units", params={"limit": 500}).json()["items"]
    unit = next(u for u in units if u["sheet_id"] == sheet["sheet_id"])
    path = f"/centre-units/{unit['id']}/state"
    for state, shown in (("repairing", "维修中"), ("ready", "已修复，待取回/送回")):
        moved = clerk.post(path, json={"state": state})
        assert moved.status_code == 200, moved.text
        assert steps(page(service, ticket))[0] == shown
    assert clerk.post(path, json={"state": "returned"}).status_code == 200
    assert steps(page(service, ticket))[0] == "已交还"


def test_nothing_else_of_the_job_and_nobody_else_is_on_the_page(service, clerk, boss, tech_a):
    mine = assigned_order(clerk, boss, tech_a)
    theirs = assigned_order(
        clerk,
        boss,
        tech_a,
        customer={"name": "李四海", "phone": "13912349876", "address": "上海市黄浦区南京东路 8 号"},
    )
    _push_signed(tech_a, sheet_now(mine, tech_a.id, charged=True))
    html = page(service, mine)
    for private in ("陈晓明", "13801234567", "张杨路", "李四海", "13912349876", "南京东路", theirs):
        assert private not in html
    serial = call()["product"]["serial"]
    assert serial not in html


class _Checker(HTMLParser):
    VOID = frozenset({"meta", "input", "br", "link", "img", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.problems: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()


def test_the_page_is_small_plain_html(service, clerk, boss, tech_a):
    ticket, _ = _returned_with_loaner(clerk, boss, tech_a, 2)
    for html in (page(service, ticket), browser().get(f"{site(service)}/track").text):
        assert html.startswith("<!doctype html>")
        assert len(html.encode()) <= PAGE_LIMIT
        html5lib.HTMLParser(strict=True).parse(html)  # raises on any HTML5 parse error
        checker = _Checker()
        checker.feed(html)
        checker.close()
        assert checker.problems == [] and checker.open == []  # every element closed
        assert "script" not in checker.tags and "link" not in checker.tags
        assert "@font-face" not in html and "http" not in html  # nothing fetched from elsewhere
    headers = browser().get(f"{site(service)}/track").headers
    assert headers["Content-Type"].startswith("text/html")
    assert "script-src" not in headers["Content-Security-Policy"]


def test_a_wrong_ticket_and_wrong_digits_get_the_same_answer(service, clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    day = ticket[2:10]
    wrong_digits = look_up(service, ticket, "0000")
    no_such_ticket = look_up(service, f"BX{day}-9999", DIGITS)
    not_a_ticket = look_up(service, "hello", DIGITS)
    assert wrong_digits.status_code == no_such_ticket.status_code == not_a_ticket.status_code
    # The same page but for the ticket typed, which it keeps for the customer to correct.
    assert wrong_digits.text.replace(ticket, "X") == no_such_ticket.text.replace(
        f"BX{day}-9999", "X"
    )
    assert no_such_ticket.text.replace(f"BX{day}-9999", "X") == not_a_ticket.text.replace(
        "HELLO", "X"
    )
    assert "0000" not in wrong_digits.text.replace(f"BX{day}", "")
    assert "Location" not in wrong_digits.headers


def test_the_ticket_alone_opens_nothing_and_links_expire(service, clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    base = f"{site(service)}/track"
    assert ticket not in browser().get(base, params={"ticket": ticket}).text
    past = datetime.now(UTC) - timedelta(seconds=1)
    expired = issue_link(secret=DEV_SECRET, ticket_no=ticket, expires_at=past)
    forged = issue_link(secret="x" * 40, ticket_no=ticket, expires_at=past + timedelta(days=9))
    for t in (expired, forged, "tk1.bad.link"):
        reply = browser().get(base, params={"t": t})
        assert reply.status_code == 410
        assert ticket not in reply.text and "此链接已失效" in reply.text
    valid = issue_link(secret=DEV_SECRET, ticket_no=ticket, expires_at=past + timedelta(minutes=5))
    assert ticket in browser().get(base, params={"t": valid}).text


def test_guesses_on_one_ticket_are_stopped_whoever_guesses(service, clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    for n in range(5):  # five free wrong answers for a ticket, each from another address
        assert look_up(service, ticket, f"{n:04d}").status_code == 404
    refused = look_up(service, ticket, DIGITS)  # even the right digits wait now
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "尝试次数过多" in refused.text


def test_guesses_from_one_address_are_stopped_whatever_the_ticket(service, clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    guesser = browser()
    day = ticket[2:10]
    for n in range(20):  # twenty free wrong answers for an address
        assert look_up(service, f"BX{day}-{9000 + n}", DIGITS, via=guesser).status_code == 404
    assert look_up(service, ticket, DIGITS, via=guesser).status_code == 429
    assert look_up(service, ticket, DIGITS).status_code == 303  # the customer elsewhere is not


def test_the_throttle_holds_across_two_service_processes(service, clerk, boss, tech_a, tmp_path):
    ticket = assigned_order(clerk, boss, tech_a)
    url = service.database.url
    second = start_service(ThrowawayDatabase(service.backend, url), tmp_path)
    try:
        sites = [service, second]
        for n in range(5):  # alternately on each process
            assert look_up(sites[n % 2], ticket, f"{n:04d}").status_code == 404
        assert look_up(service, ticket, DIGITS).status_code == 429
        assert look_up(second, ticket, DIGITS).status_code == 429
    finally:
        stop_service(second)


def test_the_log_never_has_the_digits_or_the_whole_ticket(service, clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    look_up(service, ticket, "9183")
    page(service, ticket)
    page_lines = [
        line
        for line in service.log_text().splitlines()
        if '"sync.track"' in line or '"/track' in line
    ]
    assert any(f'"ticket": "{ticket[:11]}****"' in line for line in page_lines)
    for line in page_lines:  # the office's own API may name tickets; the page's lines do not
        entry = json.loads(line)
        entry.pop("request_id", None)  # random hex
        assert ticket not in str(entry) and "9183" not in str(entry)


def test_a_complaint_from_the_page_reaches_the_back_office(service, clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    via = browser()
    found = look_up(service, ticket, DIGITS, via=via)
    link = found.headers["Location"].split("t=")[1].split("&")[0]
    empty = via.post(f"{site(service)}/track/complaint", data={"t": link, "name": ""})
    assert empty.status_code == 422 and "请填写姓名" in empty.text
    sent = via.post(
        f"{site(service)}/track/complaint",
        data={"t": link, "name": "陈先生", "cause": "attitude", "details": "技术员迟到两小时"},
    )
    assert sent.status_code == 200 and "投诉已收到" in sent.text
    listed = clerk.get("/complaints", params={"ticket_no": ticket}).json()["items"]
    assert len(listed) == 1
    complaint = listed[0]
    assert complaint["customer_name"] == "陈先生"
    assert complaint["cause"] == "attitude"
    assert complaint["technician_name"] == "Tech_A"
    assert complaint["recorded_by"] == "客户（进度页）"
    assert complaint["status"] == "open"
    assert 86_000 < complaint["seconds_left"] <= 86_400  # the 24-hour countdown
    forged = via.post(
        f"{site(service)}/track/complaint",
        data={"t": "tk1.x.y", "name": "x", "cause": "other", "details": "xx"},
    )
    assert forged.status_code == 410


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_lookup_form_in_each_language(service, lang):
    html = browser().get(f"{site(service)}/track", params={"lang": lang}).text
    assert ("报修单号" in html) if lang == "zh" else ("Ticket number" in html)
    assert 'inputmode="numeric"' in html
