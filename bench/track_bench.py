#!/usr/bin/env python3
"""The customer's progress page and the message outbox (issue 18), one table per backend.

A real ``fieldapp serve`` runs over a throwaway database (SQLite file; PostgreSQL on
127.0.0.1:5432 with ``--backends sqlite postgresql``) holding 10,000 tickets, its messages
going to a local webhook receiver that answers 200 at once. Measured:

- the job's page (``GET /track?t=...``, a job taken to the centre with a loaner: the longest
  timeline) and the lookup (``POST /track``, which writes the throttle) — server time from the
  service's access log (``ms``, matched by ``X-Request-ID``), p50/p95 — beside ``GET /health``;
- the page's size in bytes (as sent: the service does not compress it);
- in Chromium with Chrome DevTools' network emulation ("Slow 3G" and "Fast 3G" presets), time to
  first byte and to the load event of the page;
- the outbox: messages per second through the webhook sender (2,000 messages committed at
  once by this process: the service's worker finds them at its next look, within the 1 s
  poll), and the delay from the causing change to the receiver for assignments made one by
  one through the API (the service's own commit wakes its worker; p50/p95).

    .venv/bin/python -m bench.track_bench
    .venv/bin/python -m bench.track_bench --backends sqlite postgresql --tickets 10000
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import insert, select

from fieldapp.protocol.messages import MessageEvent
from sync.core.config import DEV_SECRET
from sync.crud.track_access import issue_link
from sync.messages import events
from sync.models.user import UserRow
from sync.models.work_order import WorkOrderRow
from tests.support.api import assigned_order, call
from tests.support.centre import returned_with_loaner
from tests.support.service import LiveService, running_service

SECRET = "bench-webhook-secret-0123456789"
CHROMIUM = "/usr/bin/chromium"
# Chrome DevTools' presets (front_end/core/sdk/NetworkManager.ts): bytes/s and ms.
PROFILES = {
    "Slow 3G": {"download": 500 * 1000 / 8 * 0.8, "upload": 500 * 1000 / 8 * 0.8, "latency": 2000},
    "Fast 3G": {"download": 1.6 * 1e6 / 8 * 0.9, "upload": 750 * 1000 / 8 * 0.9, "latency": 562.5},
}


class Receiver:
    """A webhook that takes every message at once and notes when each arrived."""

    def __init__(self) -> None:
        self.arrivals: dict[str, tuple[float, dict[str, Any]]] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                receiver.arrivals.setdefault(body["idempotency_key"], (time.time(), body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        ThreadingHTTPServer.request_queue_size = 128  # eight senders at once
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def server_times(log: Path) -> dict[str, float]:
    found: dict[str, float] = {}
    for line in log.read_text("utf-8", errors="replace").splitlines():
        if '"sync.access"' in line:
            entry = json.loads(line)
            found[entry["request_id"]] = float(entry["ms"])
    return found


def fill(service: LiveService, tickets: int) -> None:
    """``tickets`` recorded calls, 100 a day back from yesterday (straight into the table)."""
    with service.database.transaction() as session:
        clerk = session.scalar(select(UserRow.id).where(UserRow.username == "clerk"))
        rows = []
        for n in range(tickets):
            day = date.today() - timedelta(days=1 + n // 100)
            reported = datetime(day.year, day.month, day.day, 2, tzinfo=UTC)
            ticket = f"BX{day:%Y%m%d}-{n % 100 + 1:04d}"
            data = {**call(), "ticket_no": ticket, "reported_at": reported.isoformat()}
            data.update(status="recorded", technician_id=None, appointment=None)
            rows.append(
                {
                    "ticket_no": ticket,
                    "status": "recorded",
                    "service_centre": data["service_centre"],
                    "reported_at": reported,
                    "updated_at": reported,
                    "created_by": clerk,
                    "cancel_reason": "",
                    "data": data,
                }
            )
        session.execute(insert(WorkOrderRow), rows)


def full_job(service: LiveService, n: int) -> str:
    """A job taken to the centre with a loaner and being repaired: the longest timeline."""
    clerk, boss, tech = (service.login(u) for u in ("clerk", "boss", "tech_a"))
    sheet, _loaner = returned_with_loaner(
        clerk, boss, tech, 75000 + n, visit_now=True, charged=True
    )
    ticket = sheet["ticket_no"]
    units = clerk.get("/centre-units", params={"limit": 500}).json()["items"]
    unit = next(u for u in units if u["ticket_no"] == ticket)
    clerk.post(f"/centre-units/{unit['id']}/state", json={"state": "repairing"})
    return ticket


def timed(
    service: LiveService, n: int, method: str, url_of: Any, **kw: Any
) -> tuple[list[str], int]:
    http = requests.Session()
    ids, size = [], 0
    for i in range(n):
        rid = uuid.uuid4().hex
        url, extra = url_of(i)
        reply = http.request(
            method, url, headers={"X-Request-ID": rid}, allow_redirects=False, **extra, **kw
        )
        assert reply.status_code in (200, 303), reply.text[:300]
        size = max(size, len(reply.content))
        ids.append(rid)
    return ids, size


def in_chromium(url: str) -> dict[str, tuple[float, float]]:
    """Time to first byte and to the load event (ms) under each network profile."""
    from playwright.sync_api import sync_playwright

    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, profile in PROFILES.items():
            samples: list[tuple[float, float]] = []
            for _ in range(3):
                context = browser.new_context(viewport={"width": 360, "height": 640})
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send(
                    "Network.emulateNetworkConditions",
                    {
                        "offline": False,
                        "latency": profile["latency"],
                        "downloadThroughput": profile["download"],
                        "uploadThroughput": profile["upload"],
                    },
                )
                first_byte: list[float] = []
                page.on("response", lambda _r, seen=first_byte: seen.append(time.perf_counter()))
                started = time.perf_counter()
                page.goto(url, wait_until="load")
                loaded = time.perf_counter()
                samples.append(((first_byte[0] - started) * 1000, (loaded - started) * 1000))
                context.close()
            found[name] = (
                statistics.median(s[0] for s in samples),
                statistics.median(s[1] for s in samples),
            )
        browser.close()
    return found


def outbox_rate(service: LiveService, receiver: Receiver, count: int) -> tuple[float, float]:
    """``count`` messages committed at once: seconds to queue them (one transaction, in this
    process) and messages/s from the commit to the last one at the receiver."""
    events.configure(service_settings())
    started = time.time()
    with service.database.transaction() as session:
        orders = session.scalars(select(WorkOrderRow).limit(count)).all()
        for n in range(count):
            events.enqueue(
                session,
                order=orders[n % len(orders)],
                event=MessageEvent.LOANER_DUE,
                occurrence=f"bench-{uuid.uuid4().hex[:8]}",
                values={"loaner_due": "明天", "centre_phone": "021-5888 0000"},
            )
    committed = time.time()
    deadline = committed + 600
    while sum(1 for _, m in receiver.arrivals.values() if m["event"] == "loaner_due") < count:
        if time.time() > deadline:
            break
        time.sleep(0.05)
    last = max(t for t, m in receiver.arrivals.values() if m["event"] == "loaner_due")
    return committed - started, count / (last - committed)


def service_settings() -> Any:
    from sync.core.config import Settings

    return Settings(secret_key=DEV_SECRET)


def delays(service: LiveService, receiver: Receiver, count: int) -> list[float]:
    """Assignments one by one through the API: seconds from the change to the receiver."""
    clerk, boss, tech = (service.login(u) for u in ("clerk", "boss", "tech_a"))
    made: dict[str, float] = {}
    for _ in range(count):
        made_at = time.time()
        ticket = assigned_order(clerk, boss, tech)
        made[ticket] = made_at
        time.sleep(0.05)
    deadline = time.time() + 120
    found: dict[str, float] = {}
    while len(found) < count and time.time() < deadline:
        for at, message in list(receiver.arrivals.values()):
            if message["ticket_no"] in made and message["event"] == "assigned":
                created = datetime.fromisoformat(message["created_at"]).timestamp()
                found[message["ticket_no"]] = at - created
        time.sleep(0.1)
    return list(found.values())


def page_and_browser(service: LiveService, backend: str, jobs: list[str], samples: int) -> None:
    site = service.base.removesuffix("/api/v1")
    expires = datetime.now(UTC) + timedelta(days=1)
    links = [issue_link(secret=DEV_SECRET, ticket_no=t, expires_at=expires) for t in jobs]
    page_ids, page_bytes = timed(
        service, samples, "GET", lambda i: (f"{site}/track", {"params": {"t": links[i % 5]}})
    )
    form = {"ticket": jobs[0], "digits": "4567"}
    lookup_ids, _ = timed(service, samples, "POST", lambda i: (f"{site}/track", {"data": form}))
    health_ids, _ = timed(service, samples, "GET", lambda i: (f"{service.base}/health", {}))
    time.sleep(0.5)
    ms = server_times(service.log)
    rows = [
        ("GET /track?t= (the job's page)", [ms[i] for i in page_ids if i in ms]),
        ("POST /track (lookup, throttle row)", [ms[i] for i in lookup_ids if i in ms]),
        ("GET /api/v1/health", [ms[i] for i in health_ids if i in ms]),
    ]
    print(f"\n[{backend}] server time, {samples} requests each (ms)")
    print(f"{'request':40} {'p50':>7} {'p95':>7}")
    for name, values in rows:
        print(f"{name:40} {pct(values, 50):7.1f} {pct(values, 95):7.1f}")
    print(f"\n[{backend}] the job's page: {page_bytes:,} bytes (limit 30,720)", flush=True)
    try:
        browser = in_chromium(f"{site}/track?t={links[0]}")
        print(f"\n[{backend}] Chromium at 360x640, DevTools network emulation (median of 3)")
        print(f"{'profile':10} {'TTFB ms':>9} {'load ms':>9}")
        for name, (ttfb, load) in browser.items():
            print(f"{name:10} {ttfb:9.0f} {load:9.0f}", flush=True)
    except Exception as exc:  # no Chromium here: the rest still counts
        print(f"\n[{backend}] Chromium not measured: {exc}")


def measure(
    service: LiveService,
    receiver: Receiver,
    backend: str,
    tickets: int,
    samples: int,
    parts: list[str],
) -> None:
    t0 = time.time()
    fill(service, tickets)
    jobs = [full_job(service, n) for n in range(5)]
    print(
        f"[{backend}] {tickets:,} tickets and 5 full jobs in {time.time() - t0:.0f} s", flush=True
    )
    if "page" in parts:
        page_and_browser(service, backend, jobs, samples)
    if "outbox" not in parts:
        return
    queueing, rate = outbox_rate(service, receiver, 2000)
    print(f"\n[{backend}] outbox through the webhook sender (one service process, poll 1 s)")
    print(f"2,000 messages committed at once (made in {queueing:.1f} s): {rate:.0f} messages/s")
    waits = delays(service, receiver, 100)
    print(
        f"change → receiver, {len(waits)} assignments one by one: "
        f"p50 {pct(waits, 50) * 1000:.0f} ms, p95 {pct(waits, 95) * 1000:.0f} ms"
    )


def bench(backend: str, tickets: int, samples: int, parts: list[str]) -> None:
    receiver = Receiver()
    env = {
        "FIELDAPP_MESSAGE_SENDER": "webhook",
        "FIELDAPP_MESSAGE_WEBHOOK_URL": receiver.url,
        "FIELDAPP_MESSAGE_WEBHOOK_SECRET": SECRET,
        "FIELDAPP_LOG_LEVEL": "INFO",
    }
    folder = Path(tempfile.mkdtemp(prefix=f"track-bench-{backend}-"))
    for service in running_service(backend, folder, **env):
        measure(service, receiver, backend, tickets, samples, parts)
    receiver.server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", nargs="+", default=["sqlite"])
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument(
        "--parts", nargs="+", default=["page", "outbox"], choices=["page", "outbox"]
    )
    args = parser.parse_args()
    for backend in args.backends:
        bench(backend, args.tickets, args.samples, args.parts)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
