#!/usr/bin/env python3
"""The back office's reads on a full database: the review queue, a sheet's detail, a month's
dashboard (and the PDF of a sheet when the service has it), beside a bare ``GET /health``.

For each backend (SQLite file, PostgreSQL on 127.0.0.1:5432) a real ``fieldapp serve`` runs
in a subprocess with a throwaway database. The database is filled first, in this process,
through the service's own functions (``accept_sheet_version``, ``approve_sheet``, follow-up
outcomes, complaints) so that every derived row — service levels, follow-up calls, units at
the centre — is what the pushes would have made: 10,000 signed sheets from 50 technicians
over four months (a tenth with a second version, half approved, most approvals with a
follow-up call recorded), 300 complaints. Then each request is timed; the server's own time
is read from its access log (``ms``, matched by ``X-Request-ID``), the client's round trip
beside it. Targets: queue and detail ≤ 300 ms server p95, dashboard ≤ 1 s.

    .venv/bin/python bench/office_bench.py                        # both backends
    .venv/bin/python bench/office_bench.py --backends sqlite --sheets 2000 --technicians 10
    .venv/bin/python bench/office_bench.py --keep /tmp/office-bench   # keep the filled databases
    .venv/bin/python bench/office_bench.py --keep /tmp/office-bench --reuse  # measure them again

Filling 10,000 sheets through the service's functions takes a while (about 15 minutes per
backend on a busy 2-core machine); ``--keep`` keeps the SQLite file in that folder and the
PostgreSQL database ``fieldapp_office_bench``, and ``--reuse`` measures them again without
filling.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.serial import make_serial
from fieldapp.domain.work_order import NewCustomer, RegisteredProduct
from fieldapp.protocol.complaints import ComplaintCause, ComplaintCreate
from fieldapp.protocol.follow_ups import FollowUpOutcome, Satisfaction
from fieldapp.protocol.review_queue import DecisionRequest
from fieldapp.protocol.work_orders import WorkOrderCreate
from sync.crud.complaints import record_complaint
from sync.crud.follow_ups import record_outcome
from sync.crud.reviews import approve_sheet
from sync.crud.sheets import accept_sheet_version
from sync.crud.users import user_by_username
from sync.crud.work_orders import assign_work_order, create_work_order
from sync.models.follow_up import FollowUpRow
from sync.models.user import Role
from tests.support.service import (
    PG_ADMIN_DSN,
    LiveService,
    ThrowawayDatabase,
    start_service,
    stop_service,
    throwaway_database,
)
from tests.support.sheets import pushed_sheet

SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST_DAY = date(2026, 7, 1)
DAYS = 120  # July to October 2026
MONTH = {"from": "2026-09-01", "to": "2026-09-30"}
CHUNK = 100


def _visit(rnd: random.Random) -> datetime:
    day = FIRST_DAY + timedelta(days=rnd.randrange(DAYS))
    return datetime(day.year, day.month, day.day, 9 + rnd.randrange(9), tzinfo=SHANGHAI)


def fill(service: LiveService, *, sheets: int, technicians: int, seed: int = 7) -> list[str]:
    """Accounts, work orders, sheets, decisions, calls and complaints; the sheet ids."""
    rnd = random.Random(seed)
    service.add_user("bench.boss", Role.SUPERVISOR)
    service.add_user("bench.clerk", Role.CLERK)
    for t in range(technicians):
        service.add_user(f"bench.tech{t}", Role.TECHNICIAN)
    serials = [make_serial("PJ52", date(2025, 8, 1), n) for n in range(1, int(sheets * 0.8))]
    sheet_ids: list[str] = []
    done = 0
    while done < sheets:
        with service.database.transaction() as session:
            clerk = user_by_username(session, username="bench.clerk")
            boss = user_by_username(session, username="bench.boss")
            assert clerk is not None and boss is not None
            techs = [
                user_by_username(session, username=f"bench.tech{t}") for t in range(technicians)
            ]
            for n in range(done, min(done + CHUNK, sheets)):
                tech = techs[n % technicians]
                assert tech is not None
                visit = _visit(rnd)
                order = create_work_order(
                    session,
                    new=WorkOrderCreate(
                        customer=NewCustomer(
                            name="陈晓明",
                            phone="13801234567",
                            address="上海市浦东新区张杨路 1500 号",
                        ),
                        product=RegisteredProduct(brand="明辉", model="MH-P520"),
                        reported_fault="开机后画面偏暗",
                        reported_at=visit - timedelta(hours=rnd.choice((3, 20, 30))),
                        service_centre="上海浦东服务中心",
                    ),
                    clerk=clerk,
                    zone=SHANGHAI,
                )
                assign_work_order(session, row=order, technician=tech)
                roll = rnd.random()
                outcome = (
                    "fixed" if roll < 0.8 else "another_visit" if roll < 0.9 else "return_to_centre"
                )
                data = pushed_sheet(
                    order.ticket_no,
                    tech.public_id,
                    visit=visit,
                    outcome=outcome,
                    rating=rnd.choice((5, 5, 5, 4, 4, 3, 2)),
                    charged=rnd.random() < 0.3,
                    etiquette=rnd.random() < 0.7,
                    serial=rnd.choice(serials),
                )
                sheet = JobSheet.model_validate(data)
                accepted = accept_sheet_version(
                    session, user=tech, device_id=f"bench-{tech.username}", version=1, sheet=sheet
                )
                row = accepted.row
                assert row is not None
                if rnd.random() < 0.1:  # a second version: something was corrected
                    data["diagnosis"]["cause_notes"] = "灯泡使用超过 3000 小时"
                    again = JobSheet.model_validate(data)
                    # the diagnosis is signed content: sign the corrected sheet again
                    from fieldapp.domain.signing import sheet_content_hash

                    data["sign_off"]["content_hash"] = sheet_content_hash(again)
                    accept_sheet_version(
                        session,
                        user=tech,
                        device_id=f"bench-{tech.username}",
                        version=2,
                        sheet=JobSheet.model_validate(data),
                    )
                if rnd.random() < 0.5:
                    approve_sheet(
                        session,
                        sheet=row,
                        decision=DecisionRequest(revision=1),
                        reviewer=boss,
                        follow_up_after=timedelta(days=1),
                    )
                    call = session.query(FollowUpRow).filter_by(sheet_id=row.sheet_id).one()
                    if rnd.random() < 0.8:
                        happy = rnd.random() < 0.9
                        record_outcome(
                            session,
                            row=call,
                            outcome=FollowUpOutcome(
                                reached=True,
                                unit_working=True,
                                satisfaction=Satisfaction(
                                    attitude=5 if happy else 2,
                                    repair_quality=4,
                                    response_speed=4,
                                    satisfied=happy,
                                ),
                            ),
                            clerk=clerk,
                        )
                if n % (sheets // 300 or 1) == 0:
                    record_complaint(
                        session,
                        new=ComplaintCreate(
                            customer_name="陈晓明",
                            customer_phone="13801234567",
                            cause=rnd.choice(list(ComplaintCause)),
                            details="上门迟到",
                            ticket_no=order.ticket_no,
                            received_at=visit + timedelta(days=1),
                        ),
                        clerk=clerk,
                    )
                sheet_ids.append(row.sheet_id)
        done = min(done + CHUNK, sheets)
        if done % 1000 == 0 or done == sheets:
            print(f"  {done} sheets stored", file=sys.stderr, flush=True)
    return sheet_ids


def server_times(log: Path) -> dict[str, float]:
    """Milliseconds per request id, from the service's access log."""
    found: dict[str, float] = {}
    for line in log.read_text("utf-8", errors="replace").splitlines():
        if '"sync.access"' not in line:
            continue
        entry = json.loads(line)
        found[entry["request_id"]] = float(entry["ms"])
    return found


def pct(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def measure(
    service: LiveService,
    token: str | None,
    n: int,
    path_of: Callable[[int], tuple[str, dict[str, str]]],
) -> tuple[list[str], list[float], int]:
    """Call ``n`` times; the request ids, client round trips (ms) and the number of errors."""
    ids, client, errors = [], [], 0
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    http = requests.Session()
    for i in range(n):
        path, params = path_of(i)
        rid = uuid.uuid4().hex
        t0 = time.perf_counter()
        reply = http.get(
            service.base + path, params=params, headers={**headers, "X-Request-ID": rid}, timeout=60
        )
        client.append((time.perf_counter() - t0) * 1000)
        ids.append(rid)
        if reply.status_code != 200:
            errors += 1
            print(f"  {path}: {reply.status_code} {reply.text[:200]}", file=sys.stderr)
    return ids, client, errors


KEPT_PG = "fieldapp_office_bench"


def kept_database(backend: str, folder: Path, *, reuse: bool) -> ThrowawayDatabase:
    """The benchmark's database kept between runs (made anew unless ``reuse``)."""
    folder.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        path = folder / "office-bench.sqlite3"
        if not reuse:
            for old in folder.glob("office-bench.sqlite3*"):
                old.unlink()
        return ThrowawayDatabase("sqlite", f"sqlite:///{path}")
    if not reuse:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {KEPT_PG} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {KEPT_PG}")
    return ThrowawayDatabase(
        "postgresql", f"postgresql+psycopg://postgres@127.0.0.1:5432/{KEPT_PG}"
    )


def stored_sheet_ids(service: LiveService) -> list[str]:
    from sqlalchemy import select

    from sync.models.sheet import SheetRow

    with service.database.session(write=False) as session:
        return list(session.scalars(select(SheetRow.sheet_id).order_by(SheetRow.sheet_id)))


def analyse(service: LiveService) -> None:
    """Give the database's planner its statistics, as a running database has them.

    A production PostgreSQL's autovacuum analyses a table once a tenth of it has changed; on
    a database just filled in one go (and on servers with autovacuum off, as on these
    machines) the planner still guesses a few hundred rows, and picks nested loops that make
    the month's dashboard five times slower than it is (800 ms against 140 ms on 90 days)."""
    from sqlalchemy import text

    with service.database.transaction() as session:
        session.execute(text("ANALYZE"))


def bench_backend(
    backend: str, sheets: int, technicians: int, samples: int, keep: Path | None, reuse: bool
) -> list[list[str]]:
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as folder:
        if keep is not None:
            db = kept_database(backend, keep, reuse=reuse)
        else:
            db = throwaway_database(backend, Path(folder))
        service = start_service(db, Path(folder))
        try:
            t0 = time.perf_counter()
            if reuse:
                sheet_ids = stored_sheet_ids(service)
            else:
                sheet_ids = fill(service, sheets=sheets, technicians=technicians)
            analyse(service)
            print(
                f"{backend}: {len(sheet_ids)} sheets ready in {time.perf_counter() - t0:.0f} s",
                file=sys.stderr,
            )
            token = service.login("bench.boss").token
            rnd = random.Random(1)
            pdf_there = (
                requests.get(
                    f"{service.base}/sheets/{sheet_ids[0]}/pdf",
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=60,
                ).status_code
                == 200
            )
            scenarios: list[tuple[str, str | None, int, Callable[[int], Any], float | None]] = [
                ("reference: GET /health", None, samples * 2, lambda i: ("/health", {}), None),
                (
                    "review queue, first page (50)",
                    token,
                    samples,
                    lambda i: ("/reviews", {"status": "submitted"}),
                    300.0,
                ),
                (
                    "sheet detail (random sheet)",
                    token,
                    samples,
                    lambda i: (f"/reviews/{rnd.choice(sheet_ids)}", {}),
                    300.0,
                ),
                (
                    "dashboard, one month",
                    token,
                    max(samples // 3, 5),
                    lambda i: ("/dashboard", MONTH),
                    1000.0,
                ),
            ]
            if pdf_there:
                scenarios.append(
                    (
                        "sheet PDF (random sheet)",
                        token,
                        max(samples // 3, 5),
                        lambda i: (f"/sheets/{rnd.choice(sheet_ids)}/pdf", {}),
                        None,
                    )
                )
            for name, who, n, path_of, target in scenarios:
                measure(service, who, 3, path_of)  # warm up
                ids, client, errors = measure(service, who, n, path_of)
                time.sleep(0.3)  # the access log line is written after the reply
                known = server_times(service.log)
                server = [known[i] for i in ids if i in known]
                p95 = pct(server, 95)
                rows.append(
                    [
                        backend,
                        name,
                        str(n),
                        f"{pct(server, 50):.1f}",
                        f"{p95:.1f}",
                        f"{pct(client, 50):.1f}",
                        f"{pct(client, 95):.1f}",
                        "-" if target is None else f"≤ {target:.0f}",
                        "-" if target is None else ("met" if p95 <= target else "NOT met"),
                        str(errors),
                    ]
                )
            if not pdf_there:
                rows.append([backend, "sheet PDF", "-", "-", "-", "-", "-", "-", "not wired", "-"])
        finally:
            stop_service(service)
            if keep is None:
                db.drop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--sheets", type=int, default=10_000)
    parser.add_argument("--technicians", type=int, default=50)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--keep", type=Path, default=None, help="keep the filled databases")
    parser.add_argument("--reuse", action="store_true", help="measure the kept databases again")
    args = parser.parse_args()
    if args.reuse and args.keep is None:
        parser.error("--reuse needs --keep FOLDER")
    header = [
        "backend",
        "scenario",
        "n",
        "server p50 ms",
        "server p95 ms",
        "client p50 ms",
        "client p95 ms",
        "target p95",
        "",
        "errors",
    ]
    table = [header]
    for backend in args.backends.split(","):
        table += bench_backend(
            backend, args.sheets, args.technicians, args.samples, args.keep, args.reuse
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    print(
        f"{args.sheets} sheets from {args.technicians} technicians; "
        f"month {MONTH['from']}..{MONTH['to']}; machine: {os.cpu_count()} cores"
    )
    for k, row in enumerate(table):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if k == 0:
            print("  ".join("-" * w for w in widths))


if __name__ == "__main__":
    main()
