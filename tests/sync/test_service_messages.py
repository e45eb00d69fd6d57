"""Messages to the customer through the webhook sender, against a real service and a small real
HTTP receiver in the test that fails, delays and drops connections on purpose: every event's
message arrives, none twice under the receiver's idempotency key, none lost across a restart;
a message that keeps failing is listed for the clerks and sent again on request; made once per
event however often the change is repeated; templates published in versions."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.serial import make_serial
from fieldapp.domain.signing import sheet_content_hash
from tests.support.api import assigned_order, push
from tests.support.service import BACKENDS, Client, LiveService, halt, resume, running_service
from tests.support.sheets import pushed_sheet

SECRET = "receiver-shared-secret-0123456789"
ALWAYS_FAILS = "13700000000"  # the receiver never accepts a message to this number


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the connections it drops on purpose, the service hanging up on a slow reply


class Receiver:
    """A gateway: checks the signature, answers by plan, keeps each key's message once."""

    def __init__(self) -> None:
        self.accepted: dict[str, dict[str, Any]] = {}
        self.repeats: list[str] = []  # keys delivered again after being accepted
        self.bad_signatures = 0
        self.requests = 0
        self.tries: dict[str, int] = {}
        self.down = False
        self.refused_numbers: set[str] = {ALWAYS_FAILS}
        self.lock = threading.Lock()
        self.server = _QuietServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def plan(self, n: int) -> str:
        """What a message's n-th delivery meets: a 500, a reply too slow (after taking it), a
        dropped connection, then a 200."""
        return ("fail", "slow", "drop", "ok")[min(n, 3)]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.handle(self, body)

        return Handler

    def handle(self, request: BaseHTTPRequestHandler, body: bytes) -> None:
        fields = dict(p.split("=", 1) for p in request.headers["X-Fieldapp-Signature"].split(","))
        wanted = hmac.new(SECRET.encode(), f"{fields['t']}.".encode() + body, hashlib.sha256)
        if not hmac.compare_digest(wanted.hexdigest(), fields["v1"]):
            with self.lock:
                self.bad_signatures += 1
            request.send_response(401)
            request.end_headers()
            return
        message = json.loads(body)
        key = request.headers["Idempotency-Key"]
        assert key == message["idempotency_key"]
        with self.lock:
            n = self.tries.get(key, 0)
            self.tries[key] = n + 1
            self.requests += 1
            plan = "fail" if self.down or message["recipient"] in self.refused_numbers else None
        plan = plan or self.plan(n)
        if plan == "fail":
            request.send_response(500)
            request.end_headers()
            return
        if plan == "drop":
            request.connection.shutdown(socket.SHUT_RDWR)
            return
        with self.lock:  # a real gateway sends the SMS once per key, however often it comes
            if key in self.accepted:
                self.repeats.append(key)
            else:
                self.accepted[key] = message
        if plan == "slow":
            time.sleep(2.5)  # beyond the service's timeout: it will try again
        request.send_response(200)
        request.send_header("Content-Length", "2")
        request.end_headers()
        request.wfile.write(b"ok")

    def close(self) -> None:
        self.server.shutdown()


ENV_NAMES = {
    "FIELDAPP_MESSAGE_SENDER": "webhook",
    "FIELDAPP_MESSAGE_WEBHOOK_SECRET": SECRET,
    "FIELDAPP_MESSAGE_WEBHOOK_TIMEOUT_SECONDS": "1",
    "FIELDAPP_MESSAGE_POLL_SECONDS": "0.2",
    "FIELDAPP_MESSAGE_RETRY_FIRST_SECONDS": "0.2",
    "FIELDAPP_MESSAGE_RETRY_MAX_SECONDS": "1",
    "FIELDAPP_MESSAGE_MAX_ATTEMPTS": "6",
}


@pytest.fixture(scope="module", params=BACKENDS)
def service_and_receiver(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveService, Receiver]]:
    """A service sending its messages to a receiver of its own."""
    receiver = Receiver()
    folder = tmp_path_factory.mktemp(f"messages-{request.param}")
    env = {**ENV_NAMES, "FIELDAPP_MESSAGE_WEBHOOK_URL": receiver.url}
    try:
        for service in running_service(request.param, folder, **env):
            yield service, receiver
    finally:
        receiver.close()


@pytest.fixture
def hooked(service_and_receiver: tuple[LiveService, Receiver]) -> LiveService:
    return service_and_receiver[0]


@pytest.fixture
def receiver(service_and_receiver: tuple[LiveService, Receiver]) -> Receiver:
    return service_and_receiver[1]


@pytest.fixture
def people(hooked: LiveService) -> tuple[Client, Client, Client, Client]:
    return tuple(hooked.login(u) for u in ("clerk", "boss", "tech_a", "admin"))  # type: ignore[return-value]


def messages_of(clerk: Client, ticket: str) -> list[dict[str, Any]]:
    reply = clerk.get("/messages", params={"ticket_no": ticket})
    assert reply.status_code == 200, reply.text
    return list(reply.json()["items"])


def wait_for(check: Callable[[], bool], seconds: float = 60, why: Callable[[], Any] = str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"timed out: {why()}"
        time.sleep(0.2)


def all_sent(clerk: Client, tickets: list[str]) -> Callable[[], bool]:
    return lambda: all(m["state"] == "sent" for t in tickets for m in messages_of(clerk, t))


def _signed(tech: Client, sheet: dict[str, Any], version: int = 1) -> None:
    result = push(tech, [(sheet, version)]).json()["results"][0]
    assert result["status"] == "accepted", result


def _to_centre(clerk: Client, boss: Client, tech: Client, n: int, due: date) -> str:
    loaner = make_serial("DP65", date(2025, 3, 1), 73000 + n)
    added = boss.post(
        "/loaners", json={"serial": loaner, "model": "MH-D65", "service_centre": "浦东"}
    )
    assert added.status_code == 201, added.text
    ticket = assigned_order(clerk, boss, tech)
    now = datetime.now(UTC)
    sheet = pushed_sheet(ticket, tech.id, outcome="return_to_centre", stage="complete", visit=now)
    sheet["loaner"] = {
        "loaner_serial": loaner,
        "loaner_model": "MH-D65",
        "handed_over_at": now.isoformat(),
        "due_date": due.isoformat(),
        "customer_signature": {
            "width": 300,
            "height": 100,
            "strokes": [[{"x": 1, "y": 1}, {"x": 9, "y": 9}]],
        },
    }
    signed = pushed_sheet(
        ticket, tech.id, sheet_id=sheet["sheet_id"], outcome="return_to_centre", visit=now
    )
    sheet["sign_off"] = signed["sign_off"]
    sheet["sign_off"]["content_hash"] = sheet_content_hash(JobSheet.model_validate(sheet))
    _signed(tech, sheet)
    return ticket


def test_every_turn_of_a_job_reaches_the_gateway_once(hooked, people, receiver):
    clerk, boss, tech, _ = people
    ticket = _to_centre(clerk, boss, tech, 1, date.today() + timedelta(days=10))
    visit = assigned_order(clerk, boss, tech)
    _signed(tech, pushed_sheet(visit, tech.id, outcome="another_visit"))
    units = clerk.get("/centre-units", params={"limit": 500}).json()["items"]
    unit = next(u for u in units if u["ticket_no"] == ticket)
    for state in ("ready", "returned"):
        assert clerk.post(f"/centre-units/{unit['id']}/state", json={"state": state}).ok

    wait_for(
        all_sent(clerk, [ticket, visit]),
        why=lambda: [
            (m["event"], m["state"], m["attempts"], m["last_error"])
            for t in (ticket, visit)
            for m in messages_of(clerk, t)
        ],
    )
    events = sorted(m["event"] for t in (ticket, visit) for m in messages_of(clerk, t))
    assert events == sorted(
        ["assigned", "to_centre", "unit_ready", "unit_returned", "assigned", "another_visit"]
    )
    sent = [m for t in (ticket, visit) for m in messages_of(clerk, t)]
    delivered = {k: m for k, m in receiver.accepted.items() if m["ticket_no"] in (ticket, visit)}
    assert len(delivered) == len(sent)  # each message under one key, each key once
    assert {(m["ticket_no"], m["event"]) for m in delivered.values()} == {
        (m["ticket_no"], m["event"]) for m in sent
    }
    assert receiver.bad_signatures == 0
    texts = {m["event"]: m["text"] for m in delivered.values() if m["ticket_no"] == ticket}
    assert "承诺修复日期" in texts["to_centre"] and "021-5888 0000" in texts["to_centre"]
    assert "备用机（MH-D65）" in texts["to_centre"]
    assert f"{hooked.base.removesuffix('/api/v1')}/track?t=" in texts["unit_ready"]
    assert all(m["attempts"] >= 1 for m in sent)


def test_a_change_repeated_makes_no_second_message(hooked, people):
    clerk, boss, tech, _ = people
    ticket = assigned_order(clerk, boss, tech)
    sheet = pushed_sheet(ticket, tech.id, outcome="another_visit", visit=datetime.now(UTC))
    for version in (1, 2, 3):  # synced again and again
        _signed(tech, sheet, version)
    assert boss.post(f"/work-orders/{ticket}/assign", json={"technician_id": tech.id}).ok
    events = sorted(m["event"] for m in messages_of(clerk, ticket))
    assert events == ["another_visit", "assigned"]


def test_a_message_that_keeps_failing_is_listed_and_sent_again(hooked, people, receiver):
    clerk, boss, tech, _ = people
    phone = {"name": "赵先生", "phone": ALWAYS_FAILS, "address": "上海市浦东新区世纪大道 100 号"}
    ticket = assigned_order(clerk, boss, tech, customer=phone)
    wait_for(lambda: messages_of(clerk, ticket)[0]["state"] == "failed")
    failed = clerk.get("/messages", params={"state": "failed"}).json()["items"]
    message = next(m for m in failed if m["ticket_no"] == ticket)
    assert message["attempts"] == 6 and message["last_error"]
    assert tech.post(f"/messages/{message['id']}/resend").status_code == 403
    receiver.refused_numbers.clear()
    again = clerk.post(f"/messages/{message['id']}/resend")
    assert again.status_code == 200 and again.json()["state"] == "queued"
    wait_for(all_sent(clerk, [ticket]))
    assert clerk.post(f"/messages/{message['id']}/resend").status_code == 409
    keys = [k for k, m in receiver.accepted.items() if m["ticket_no"] == ticket]
    assert len(keys) == 1


def test_nothing_is_lost_across_a_restart(hooked, people, receiver, monkeypatch):
    clerk, boss, tech, _ = people
    receiver.down = True
    tickets = [assigned_order(clerk, boss, tech) for _ in range(5)]
    today = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai")).date()  # the centre's
    due = _to_centre(clerk, boss, tech, 2, today + timedelta(days=1))
    tickets.append(due)
    wait_for(lambda: all(m["attempts"] >= 1 for t in tickets for m in messages_of(clerk, t)))
    for name, value in {**ENV_NAMES, "FIELDAPP_MESSAGE_WEBHOOK_URL": receiver.url}.items():
        monkeypatch.setenv(name, value)
    halt(hooked)  # killed mid-way, messages queued and claimed
    receiver.down = False
    resume(hooked)  # on start the worker also makes the reminders of loaners due tomorrow
    wait_for(all_sent(clerk, tickets))
    events = [m["event"] for m in messages_of(clerk, due)]
    assert "loaner_due" in events
    for ticket in tickets:
        keys = {k for k, m in receiver.accepted.items() if m["ticket_no"] == ticket}
        assert len(keys) == len(messages_of(clerk, ticket))


def test_templates_are_published_in_versions(hooked, people):
    clerk, boss, tech, admin = people
    current = clerk.get("/message-templates").json()
    assert current["version"] == "bundled-1"
    wrong = {**current, "version": "2026.12"}
    wrong["templates"] = {**current["templates"], "assigned": "技术员 {tech_name} 将上门"}
    refused = admin.put("/message-templates", json=wrong)
    assert refused.status_code == 422 and "tech_name" in refused.text
    assert clerk.put("/message-templates", json=current).status_code == 403
    new = {**current, "version": "2026.12"}
    new["templates"] = {
        **current["templates"],
        "assigned": "您好，{technician} 将于 {appointment} 上门。",
    }
    assert admin.put("/message-templates", json=new).status_code == 200
    assert admin.put("/message-templates", json=new).status_code == 409  # a version once
    ticket = assigned_order(clerk, boss, tech, appointment=None)
    assert messages_of(clerk, ticket)[0]["text"] == "您好，Tech_A 将于 待约定 上门。"
    admin.put("/message-templates", json={**current, "version": "2026.12b"})


def test_the_file_sender_writes_the_data_directory_and_masks_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    from sync.crud.outbox import Claimed
    from sync.messages.senders import FileSender

    sender = FileSender(tmp_path)
    message = Claimed(
        id=1,
        ticket_no="BX20261205-0001",
        event="assigned",
        recipient="13801234567",
        text="您的报修已派工，查看进度：http://x/track?t=tk1.secret.sig",
        link="http://x/track?t=tk1.secret.sig",
        created_at=datetime.now(UTC),
        idempotency_key="k1",
        attempts=1,
    )
    with caplog.at_level("INFO", logger="sync.messages"):
        assert sender.send(message) is None
    assert [r.recipient for r in caplog.records] == ["138****4567"]  # type: ignore[attr-defined]
    assert "13801234567" not in caplog.text
    assert [r.text for r in caplog.records] == ["您的报修已派工，查看进度：http://x/track?t=…"]  # type: ignore[attr-defined]
    line = json.loads((tmp_path / "messages" / "outbox.jsonl").read_text("utf-8"))
    assert line["recipient"] == "13801234567" and line["link"] == "http://x/track?t=tk1.secret.sig"
