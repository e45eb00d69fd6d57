#!/usr/bin/env python3
"""Load on the central queue service: concurrent devices pushing signed job sheets.

For each backend (SQLite file, PostgreSQL on 127.0.0.1:5432) a real ``fieldapp serve`` runs
in a subprocess with a throwaway database. Each simulated device signs in as its own
technician and, per batch, uploads every sheet's 10 KB signature PNG (``PUT
/attachments/{sha256}``) and then pushes the batch (``POST /sync/push``), as the phone app
does. Printed: sheets per second over the whole run and the p50/p95 latency of the pushes
and uploads; the reference rows, measured in the same run, are a bare ``GET /health`` and a
single device pushing alone.

    .venv/bin/python bench/sync_bench.py                 # 20 devices x 100 sheets, both backends
    .venv/bin/python bench/sync_bench.py --backends sqlite --devices 5 --sheets 20
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psycopg
import requests
from psycopg import sql

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.serial import make_serial
from fieldapp.domain.signing import sheet_content_hash
from fieldapp.domain.work_order import Customer, RegisteredProduct
from sync.core.db import Database
from sync.crud.users import create_user, user_by_username
from sync.crud.work_orders import assign_work_order, create_work_order
from sync.models.user import Role, UserCreate
from sync.models.work_order import WorkOrderCreate

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
PASSWORD = "bench-password-1"


def png(seed: int, size: int = 10_000) -> bytes:
    """A valid PNG of about ``size`` bytes (noise, so it does not compress)."""
    rnd = random.Random(seed)
    rows = max(1, size // 192)
    raw = b"".join(b"\x00" + rnd.randbytes(192) for _ in range(rows))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 64, rows, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def signed_sheet(ticket_no: str, technician_id: str, signature: bytes) -> dict[str, Any]:
    now = datetime.now(UTC).isoformat()
    sheet: dict[str, Any] = {
        "sheet_id": str(uuid.uuid4()),
        "ticket_no": ticket_no,
        "technician_id": technician_id,
        "created_at": now,
        "updated_at": now,
        "arrival": {"checked_in_at": now, "work_id_shown": True, "work_order_shown": True},
        "product_check": {
            "brand": "明辉",
            "model": "MH-P520",
            "serial_read": make_serial("PJ52", date(2025, 8, 1), 1),
            "purchase_date": "2025-09-15",
            "purchase_evidence": "invoice",
        },
        "diagnosis": {
            "symptoms": "画面偏暗，灯泡寿命到期",
            "cause": "unit_fault",
            "explained_to_customer": True,
        },
        "repair": {"actions": "更换灯泡组件，清洁光路", "opened_unit": True, "labour_minutes": 40},
        "outcome": {"kind": "fixed"},
    }
    sheet["sign_off"] = {
        "functions_checked": True,
        "rating": 5,
        "signer_name": "陈晓明",
        "signature": {
            "width": 600,
            "height": 240,
            "strokes": [[{"x": float(i), "y": float(i % 37)} for i in range(60)]],
            "image": {
                "sha256": hashlib.sha256(signature).hexdigest(),
                "kind": "signature",
                "content_type": "image/png",
                "size": len(signature),
            },
        },
        "signed_at": now,
        "content_hash": sheet_content_hash(JobSheet.model_validate(sheet)),
    }
    return sheet


@dataclass
class Timings:
    push: list[float] = field(default_factory=list)
    upload: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def device(
    base: str, username: str, tickets: list[str], batch: int, seed: int, timings: Timings
) -> None:
    """One phone: sign in, then per batch upload the signatures and push the sheets."""
    http = requests.Session()
    login = http.post(
        f"{base}/auth/login",
        json={"username": username, "password": PASSWORD, "device_id": f"bench-{username}"},
        timeout=60,
    ).json()
    http.headers["Authorization"] = f"Bearer {login['access_token']}"
    tech_id = login["user"]["id"]
    for start in range(0, len(tickets), batch):
        items = []
        for n, ticket in enumerate(tickets[start : start + batch]):
            signature = png(seed * 100_000 + start + n)
            t0 = time.perf_counter()
            up = http.put(
                f"{base}/attachments/{hashlib.sha256(signature).hexdigest()}",
                data=signature,
                headers={"Content-Type": "image/png"},
                timeout=120,
            )
            elapsed = time.perf_counter() - t0
            sheet = signed_sheet(ticket, tech_id, signature)
            items.append({"sheet_id": sheet["sheet_id"], "version": 1, "sheet": sheet})
            with timings.lock:
                timings.upload.append(elapsed)
                if up.status_code not in (200, 201):
                    timings.errors.append(f"upload {up.status_code}")
        body = json.dumps(
            {"device_id": f"bench-{username}", "sheets": items}, ensure_ascii=False
        ).encode()
        t0 = time.perf_counter()
        reply = http.post(
            f"{base}/sync/push",
            data=body,
            timeout=120,
            headers={"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())},
        )
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Service:
    """``fieldapp serve`` on a throwaway database."""

    def __init__(self, backend: str, folder: Path, workers: int = 1) -> None:
        self.backend, self.folder, self.pg_name = backend, folder, ""
        if backend == "sqlite":
            self.url = f"sqlite:///{folder / 'bench.sqlite3'}"
        else:
            self.pg_name = f"fieldapp_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.pg_name)))
            self.url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{self.pg_name}"
        port = free_port()
        self.base = f"http://127.0.0.1:{port}/api/v1"
        env = {**os.environ, "FIELDAPP_LOG_LEVEL": "INFO"}
        self.log = (folder / "service.log").open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "fieldapp",
                "serve",
                "--port",
                str(port),
                "--database-url",
                self.url,
                "--data-dir",
                str(folder),
                "--workers",
                str(workers),
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{self.base}/health", timeout=2).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"service did not start: {(folder / 'service.log').read_text()}")
        self.database = Database(self.url)

    def stop(self) -> None:
        self.database.dispose()
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
        if self.pg_name:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(self.pg_name)
                    )
                )


def prepare(service: Service, technicians: int, sheets: int) -> dict[str, list[str]]:
    """Accounts and one assigned work order per sheet, written straight into the database."""
    from sync.core.config import load_settings

    zone = load_settings().zone
    tickets: dict[str, list[str]] = {}
    with service.database.transaction() as session:
        create_user(
            session,
            new=UserCreate(
                username="bench.clerk", display_name="文员", role=Role.CLERK, password=PASSWORD
            ),
        )
        for t in range(technicians):
            create_user(
                session,
                new=UserCreate(
                    username=f"bench.tech{t}",
                    display_name=f"技术员{t}",
                    role=Role.TECHNICIAN,
                    password=PASSWORD,
                ),
            )
    with service.database.transaction() as session:
        clerk = user_by_username(session, username="bench.clerk")
        assert clerk is not None
        new = WorkOrderCreate(
            customer=Customer(
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


def run_devices(base: str, tickets: dict[str, list[str]], batch: int) -> tuple[float, Timings]:
    timings = Timings()
    threads = [
        threading.Thread(target=device, args=(base, user, mine, batch, i, timings))
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
        service = Service(backend, Path(folder), workers)
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
            seconds, t = run_devices(service.base, alone, batch)
            rows.append(_row(backend, f"reference: 1 device x {sheets} sheets", sheets, seconds, t))
            rest = dict(list(tickets.items())[1:])
            seconds, t = run_devices(service.base, rest, batch)
            rows.append(
                _row(backend, f"{devices} devices x {sheets} sheets", devices * sheets, seconds, t)
            )
        finally:
            service.stop()
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
        psycopg.connect(PG_ADMIN, autocommit=True).close()
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
