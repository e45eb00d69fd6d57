#!/usr/bin/env python3
"""The phone's sync client against a local central service: requests and bytes per sheet.

A real ``fieldapp serve`` (SQLite) runs in a subprocess. A phone with a real store on disk
pushes N job sheets (~3 KB each, plus a 10 KB signature PNG each) with the sync client, and,
in the same run as the reference, a naive client sends the same amount one request per
attachment and one per sheet. Then a sync with nothing new, and optionally a soak run with
injected faults (the fault schedule of the test suite, thousands of rounds).

    .venv/bin/python bench/sync_client_bench.py                  # 1,000 sheets
    .venv/bin/python bench/sync_client_bench.py --sheets 200 --soak 3000
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

from sync.models.user import Role

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.sync.conftest import CAST, LiveService, start_service, stop_service, throwaway_database
from tests.sync.service_builders import assigned_order, job_sheet, png, sha
from tests.sync_client.device import Phone, assert_server_holds_exactly
from tests.sync_client.faults import FaultyAdapter
from tests.sync_client.test_sync_under_faults import mid_request_restart

SYMPTOMS = "开机约十分钟后画面逐渐变暗并伴有风扇异响，灯泡指示灯橙色闪烁，" * 14  # ~3 KB sheet


def started(folder: Path) -> LiveService:
    service = start_service(throwaway_database("sqlite", folder), folder)
    for username, role in CAST.items():
        service.add_user(username, role)
    return service


def fill(phone: Phone, tickets: list[str], count: int, seed: int) -> None:
    for i in range(count):
        signature = png(seed + i, 10_000)
        phone.store.put_attachment(signature, "image/png")
        raw = job_sheet(
            tickets[i % len(tickets)], phone.technician.id, signature=signature, symptoms=SYMPTOMS
        )
        raw["device_id"] = phone.device_id
        phone.save(raw)


def client_run(
    service: LiveService, folder: Path, tickets: list[str], count: int
) -> list[list[str]]:
    phone = Phone(folder, service.base.removesuffix("/api/v1"), service.login("tech_a"))
    fill(phone, tickets, count, seed=1)
    size = sum(len(json.dumps(s[1], ensure_ascii=False).encode()) for s in phone.latest.values())
    started_at = time.perf_counter()
    assert phone.runner.drain(5, sleep=time.sleep), phone.runner.board.current
    wall = time.perf_counter() - started_at
    t = phone.runner.engine.api.traffic
    row = [
        "sync client",
        str(count),
        f"{size / count / 1024:.1f} KB",
        f"{wall:.2f}",
        str(t.requests),
        f"{t.requests / count:.3f}",
        f"{(t.bytes_sent + t.bytes_received) / count / 1024:.1f} KB",
    ]
    before = (t.requests, t.bytes_sent + t.bytes_received)
    assert phone.runner.attempt().ok
    idle = [
        "nothing new",
        "0",
        "-",
        "-",
        str(t.requests - before[0]),
        "-",
        f"{t.bytes_sent + t.bytes_received - before[1]} B total",
    ]
    phone.store.close()
    return [row, idle]


def naive_run(service: LiveService, tickets: list[str], count: int) -> list[str]:
    """One PUT per signature and one push per sheet, no compression: the reference."""
    tech = service.login("tech_b")
    http = requests.Session()
    headers = {"Authorization": f"Bearer {tech.token}"}
    requests_sent = wire = 0
    started_at = time.perf_counter()
    for i in range(count):
        signature = png(10_000_000 + i, 10_000)
        reply = http.put(
            f"{service.base}/attachments/{sha(signature)}",
            data=signature,
            headers={**headers, "Content-Type": "image/png"},
            timeout=30,
        )
        wire += len(signature) + len(reply.content)
        sheet = job_sheet(
            tickets[i % len(tickets)], tech.id, signature=signature, symptoms=SYMPTOMS
        )
        body = json.dumps(
            {
                "device_id": vars(tech)["device_id"],
                "sheets": [{"sheet_id": sheet["sheet_id"], "version": 1, "sheet": sheet}],
            }
        ).encode()
        reply = http.post(
            f"{service.base}/sync/push",
            data=body,
            timeout=30,
            headers={
                **headers,
                "Content-Type": "application/json",
                "Idempotency-Key": str(uuid.uuid4()),
            },
        )
        assert reply.json()["results"][0]["status"] == "accepted", reply.text
        wire += len(body) + len(reply.content)
        requests_sent += 2
    wall = time.perf_counter() - started_at
    return [
        "naive (1 request each)",
        str(count),
        "-",
        f"{wall:.2f}",
        str(requests_sent),
        f"{requests_sent / count:.3f}",
        f"{wire / count / 1024:.1f} KB",
    ]


def soak(service: LiveService, folder: Path, rounds: int) -> str:
    """Edits and syncs through injected faults, by a technician of its own."""
    service.add_user("tech_soak", Role.TECHNICIAN)
    technician = service.login("tech_soak")
    clerk, boss = service.login("clerk"), service.login("boss")
    tickets = [assigned_order(clerk, boss, technician) for _ in range(max(1, rounds // 10))]
    rng = random.Random(7)
    session = requests.Session()
    adapter = FaultyAdapter(rng, mid_request_restart(service, rng))
    session.mount("http://", adapter)
    phone = Phone(
        folder,
        service.base.removesuffix("/api/v1"),
        technician,
        session=session,
        rng=rng,
    )
    for n in range(rounds):
        draw = rng.random()
        if draw < 0.35 or not phone.latest:
            fill(phone, tickets, 1, seed=20_000_000 + n)
        elif draw < 0.7:
            phone.edit_sheet(rng.choice(sorted(phone.latest)), f"第{n}轮：更换灯泡组件")
        phone.runner.attempt()
    adapter.enabled = False
    drained = phone.runner.drain(10, sleep=lambda _: None)
    ok = drained and not phone.store.pending_sheets() and not phone.store.needs_attention()
    try:
        assert_server_holds_exactly(phone, service.login("boss"))
        matches = "yes"
    except AssertionError as exc:
        matches = f"NO ({exc})"
    phone.store.close()
    faults = sum(v for k, v in adapter.seen.items() if k != "none")
    return (
        f"soak: {rounds} rounds, {faults} injected faults, {len(phone.latest)} sheets, "
        f"outbox drained: {ok}, server holds each sheet once at the last version: {matches}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sheets", type=int, default=1000)
    parser.add_argument("--soak", type=int, default=0, help="rounds of the fault soak (0: skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "service"
        folder.mkdir()
        service = started(folder)
        try:
            clerk, boss = service.login("clerk"), service.login("boss")
            # A work order gets one or two visits: one ticket per two sheets, as in real life
            # (the service looks at every sheet of a ticket when it receives one).
            tickets = max(1, args.sheets // 2)
            tech_a, tech_b = service.login("tech_a"), service.login("tech_b")
            tickets_a = [assigned_order(clerk, boss, tech_a) for _ in range(tickets)]
            tickets_b = [assigned_order(clerk, boss, tech_b) for _ in range(tickets)]
            rows = client_run(service, Path(tmp) / "phone", tickets_a, args.sheets)
            rows.insert(1, naive_run(service, tickets_b, args.sheets))
            header = [
                "client",
                "sheets",
                "sheet size",
                "wall s",
                "requests",
                "req/sheet",
                "wire/sheet",
            ]
            widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
            for r in [header, *rows]:
                print("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))
            if args.soak:
                print(soak(service, Path(tmp) / "soak-phone", args.soak))
        finally:
            stop_service(service)
    return 0


if __name__ == "__main__":
    sys.exit(main())
