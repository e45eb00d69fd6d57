#!/usr/bin/env python3
"""Load on the central queue service: concurrent devices pushing signed job sheets.

For each backend (SQLite file, PostgreSQL on 127.0.0.1:5432) a real ``fieldapp serve`` runs
in a subprocess with a throwaway database. Each simulated device signs in as its own
technician and, per batch, uploads every sheet's 10 KB signature PNG (``PUT
/attachments/{sha256}``) and then pushes the batch (``POST /sync/push``), as the phone app
does. Printed: sheets per second over the whole run and the p50/p95 latency of the pushes
and uploads; the reference rows, measured in the same run, are a bare ``GET /health`` and a
single device pushing alone.

    .venv/bin/python -m bench.sync_bench                 # 20 devices x 100 sheets, both backends
    .venv/bin/python -m bench.sync_bench --backends sqlite --devices 5 --sheets 20

(from the repository root, so that ``tests.support`` imports as in the tests).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import requests

from fieldapp.domain.work_order import NewCustomer, RegisteredProduct
from fieldapp.protocol.work_orders import WorkOrderCreate
from sync.crud.users import user_by_username
from sync.crud.work_orders import assign_work_order, create_work_order
from sync.models.user import Role
from tests.support.api import push, upload
from tests.support.service import (
    PG_ADMIN_DSN,
    LiveService,
    start_service,
    stop_service,
    throwaway_database,
)
from tests.support.sheets import png, pushed_sheet

# A signature as a customer writes it on the phone (60 points). With every field as the
# phone's store serialises it, a sheet is about 3 KB of JSON (2.6 KB before the benches used
# the test-support sheet builder, when the figures of docs/service.md were measured).
SIGNATURE_STROKES = [[(float(i), float(i % 37)) for i in range(60)]]


def signed_sheet(ticket_no: str, technician_id: str, signature: bytes) -> dict[str, Any]:
    """A signed job sheet as the phone pushes it, its signature image ``signature``."""
    return pushed_sheet(ticket_no, technician_id, signature=signature, strokes=SIGNATURE_STROKES)


@dataclass
class Timings:
    push: list[float] = field(default_factory=list)
    upload: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def device(
    service: LiveService, username: str, tickets: list[str], batch: int, seed: int, timings: Timings
) -> None:
    """One phone: sign in, then per batch upload the signatures and push the sheets."""
    phone = service.login(username, device_id=f"bench-{username}")
    for start in range(0, len(tickets), batch):
        sheets = []
        for n, ticket in enumerate(tickets[start : start + batch]):
            signature = png(seed * 100_000 + start + n, 10_000)
            t0 = time.perf_counter()
            up = upload(phone, signature)
            elapsed = time.perf_counter() - t0
            sheets.append((signed_sheet(ticket, phone.id, signature), 1))
            with timings.lock:
                timings.upload.append(elapsed)
                if up.status_code not in (200, 201):
                    timings.errors.append(f"upload {up.status_code}")
        t0 = time.perf_counter()
        reply = push(phone, sheets)
        elapsed = time.perf_counter() - t0
        with timings.lock:
            timings.push.append(elapsed)
            if reply.status_code != 200:
                timings.errors.append(f"push {reply.status_code}: {reply.text[:200]}")
            else:
                bad = [
                    r
                    for r in reply.json()["results"]
                    if r["status"] != "accepted" or r["missing_attachments"]
                ]
                timings.errors += [f"item {r['status']}: {r['message']}" for r in bad]


def device_counting_failures(
    service: LiveService, username: str, tickets: list[str], batch: int, seed: int, timings: Timings
) -> None:
    """:func:`device`, a request that fails outright (such as a 30 s time-out) an error."""
    try:
        device(service, username, tickets, batch, seed, timings)
    except requests.RequestException as exc:
        with timings.lock:
            timings.errors.append(f"{username} stopped: {exc}")


def prepare(service: LiveService, technicians: int, sheets: int) -> dict[str, list[str]]:
    """Accounts and one assigned work order per sheet, written straight into the database."""
    from sync.core.config import load_settings

    zone = load_settings().zone
    tickets: dict[str, list[str]] = {}
    service.add_user("bench.clerk", Role.CLERK)
    for t in range(technicians):
        service.add_user(f"bench.tech{t}", Role.TECHNICIAN)
    with service.database.transaction() as session:
        clerk = user_by_username(session, username="bench.clerk")
        assert clerk is not None
        new = WorkOrderCreate(
            customer=NewCustomer(
                name="陈晓明", phone="13801234567", address="上海市浦东新区张杨路 1500 号"
            ),
            product=RegisteredProduct(brand="明辉", model="MH-P520"),
            reported_fault="开机后画面偏暗",
        )
        for t in range(technicians):
            tech = user_by_username(session, username=f"bench.tech{t}")
            assert tech is not None
            tickets[tech.username] = []
            for _ in range(sheets):
                order = create_work_order(session, new=new, clerk=clerk, zone=zone)
                assign_work_order(session, row=order, technician=tech)
                tickets[tech.username].append(order.ticket_no)
    return tickets


def run_devices(
    service: LiveService, tickets: dict[str, list[str]], batch: int
) -> tuple[float, Timings]:
    timings = Timings()
    threads = [
        threading.Thread(
            target=device_counting_failures, args=(service, user, mine, batch, i, timings)
        )
        for i, (user, mine) in enumerate(tickets.items())
    ]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - t0, timings


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0] * 1000
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000


def bench_backend(
    backend: str, devices: int, sheets: int, batch: int, workers: int
) -> list[list[str]]:
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as folder:
        db = throwaway_database(backend, Path(folder))
        service = start_service(db, Path(folder), workers=workers)
        try:
            tickets = prepare(service, devices + 1, sheets)
            health = []
            for _ in range(200):
                t0 = time.perf_counter()
                requests.get(f"{service.base}/health", timeout=10)
                health.append(time.perf_counter() - t0)
            rows.append(
                [
                    backend,
                    "reference: GET /health x200",
                    "-",
                    "-",
                    "-",
                    f"{pct(health, 50):.1f}",
                    f"{pct(health, 95):.1f}",
                    "-",
                    "0",
                ]
            )
            alone = dict([next(iter(tickets.items()))])
            seconds, t = run_devices(service, alone, batch)
            rows.append(_row(backend, f"reference: 1 device x {sheets} sheets", sheets, seconds, t))
            rest = dict(list(tickets.items())[1:])
            seconds, t = run_devices(service, rest, batch)
            rows.append(
                _row(backend, f"{devices} devices x {sheets} sheets", devices * sheets, seconds, t)
            )
        finally:
            stop_service(service)
            db.drop()
    return rows


def _row(backend: str, name: str, sheets: int, seconds: float, t: Timings) -> list[str]:
    return [
        backend,
        name,
        str(sheets),
        f"{seconds:.1f}",
        f"{sheets / seconds:.0f}",
        f"{pct(t.push, 50):.0f}",
        f"{pct(t.push, 95):.0f}",
        f"{pct(t.upload, 95):.0f}",
        str(len(t.errors)),
    ]


def postgres_reachable() -> str | None:
    try:
        psycopg.connect(PG_ADMIN_DSN, autocommit=True).close()
    except psycopg.OperationalError as exc:
        return str(exc).strip().splitlines()[0]
    return None


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--sheets", type=int, default=100, help="sheets per device")
    parser.add_argument("--batch", type=int, default=10, help="sheets per push")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--workers", type=int, default=1, help="service worker processes")
    args = parser.parse_args()
    header = [
        "backend",
        "scenario",
        "sheets",
        "seconds",
        "sheets/s",
        "push p50 ms",
        "push p95 ms",
        "upload p95 ms",
        "errors",
    ]
    rows: list[list[str]] = []
    for backend in args.backends.split(","):
        if backend == "postgresql" and (why := postgres_reachable()):
            rows.append([backend, f"skipped: PostgreSQL not reachable ({why})", *["-"] * 7])
            continue
        print(f"running {backend} ...", file=sys.stderr, flush=True)
        rows += bench_backend(backend, args.devices, args.sheets, args.batch, args.workers)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print(
        f"\n{args.devices} devices, {args.sheets} sheets each, {args.batch} sheets per push, "
        f"10 KB signature PNG per sheet; {args.workers} service worker(s); {os.cpu_count()} cores"
    )
    for r in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
