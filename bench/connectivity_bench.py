#!/usr/bin/env python3
"""How soon the phone's outbox empties once the service answers again, and what knowing costs.

A real ``fieldapp serve`` (SQLite) runs in a subprocess; each simulated phone has a real store
on disk and the sync runner the app runs (the app's defaults: a round every 300 s, checks
every 5 s while something is queued and every 60 s otherwise). The reference, measured in
the same run beside it, is the runner as it was before issue 16: no checks, and a failed
connection retried after the backoff like an error the service returns (1 s doubling to a
300 s cap, full jitter). Half the phones run one, half the other, at the same time.

For each case — 1 sheet; 10 sheets with 3 photos (200 KB) each — the phones sign their
sheets while the service is stopped (each sign-off asks for a sync, which fails), stay
offline for ``--offline`` seconds, then the service starts again on the same port. Measured:
from the moment it answers again to each phone's outbox empty. Requests are counted at each
phone's transport: per minute while offline with one sheet queued (the 1-sheet case's
offline period) and while online with nothing queued (``--idle`` seconds before that).

    .venv/bin/python -m bench.connectivity_bench              # about 10 minutes
    .venv/bin/python -m bench.connectivity_bench --quick      # 2 phones each, shorter waits

(from the repository root, so that ``tests.support`` — the service, the sheets, the
counting transport — imports as in the tests).
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
from types import SimpleNamespace

import requests

from fieldapp.store import Store, open_store
from fieldapp.sync_client import ApiClient, AttemptResult, SyncEngine, SyncRunner
from sync.models.user import Role
from tests.support.api import assigned_order
from tests.support.faults import OutageAdapter
from tests.support.phone import queue_signed_sheet
from tests.support.service import (
    CAST,
    LiveService,
    halt,
    resume,
    start_service,
    stop_service,
    throwaway_database,
)

NOW, BEFORE = "now", "before issue 16"
GIVE_UP = 330.0  # seconds: the old backoff's cap (300 s) and a round


class RunnerBefore16(SyncRunner):
    """The runner before issue 16, kept here as the reference: no checks, requests tell the
    status nothing, and a round that cannot connect is retried after the backoff delay like
    an error the service returns; otherwise a round every ``interval`` seconds."""

    def heard(self, answered: bool) -> None:
        pass

    def check_now(self) -> None:
        pass

    def attempt(self) -> AttemptResult:
        result = super().attempt()
        if result.unreachable:
            result.retry_in = self.backoff.next_delay()
        return result

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._wake.set()
        self._thread = threading.Thread(target=self._loop, name="sync-before-16", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        wait: float | None = 0.0
        while not self._stop.is_set():
            self._wake.wait(timeout=wait)
            if self._stop.is_set():
                return
            self._wake.clear()
            if self.board.current.sign_in_required:
                wait = None
                continue
            try:
                result = self.attempt()
            except Exception:
                result = AttemptResult(retry_in=self.backoff.next_delay())
            wait = result.retry_in if result.retry_in is not None else self.interval


@dataclass
class BenchPhone:
    kind: str
    store: Store
    runner: SyncRunner
    transport: OutageAdapter
    technician_id: str
    device_id: str
    tickets: list[str] = field(default_factory=list)

    def empty(self) -> bool:
        return not self.store.list_sheets(pending=True)

    def requests_between(self, start: float, end: float) -> int:
        return sum(1 for t, _, _ in self.transport.log if start <= t < end)

    def close(self) -> None:
        self.runner.stop()
        self.store.close()


def make_phone(service: LiveService, folder: Path, username: str, kind: str) -> BenchPhone:
    service.add_user(username, Role.TECHNICIAN)
    technician = service.login(username)
    device_id = str(vars(technician)["device_id"])
    transport = OutageAdapter()  # passes everything through; keeps the log
    session = requests.Session()
    session.mount("http://", transport)
    api = ApiClient(service.base.removesuffix("/api/v1"), session, token=technician.token)
    store = open_store(folder)
    engine = SyncEngine(api, store, device_id=device_id)
    runner = SyncRunner(engine) if kind == NOW else RunnerBefore16(engine)
    return BenchPhone(kind, store, runner, transport, technician.id, device_id)


def phones_for(
    service: LiveService, root: Path, case: str, per_kind: int, sheets: int
) -> list[BenchPhone]:
    clerk, boss = service.login("clerk"), service.login("boss")
    phones = []
    for kind in (NOW, BEFORE):
        for n in range(per_kind):
            name = f"{case}_{'now' if kind == NOW else 'old'}_{n}"
            phone = make_phone(service, root / name, name, kind)
            technician = SimpleNamespace(id=phone.technician_id)
            phone.tickets = [assigned_order(clerk, boss, technician) for _ in range(sheets)]
            phones.append(phone)
    for phone in phones:
        phone.runner.start()
    deadline = time.monotonic() + 60
    while not all(p.runner.board.current.last_success for p in phones):
        assert time.monotonic() < deadline, "a phone never synced at start"
        time.sleep(0.1)
    return phones


def sign_offline(phones: list[BenchPhone], photos: int, seed: int) -> None:
    """Each phone's sheets signed one after another, each sign-off asking for a sync."""
    for phone in phones:
        for n, ticket in enumerate(phone.tickets):
            queue_signed_sheet(
                phone.store,
                ticket,
                phone.technician_id,
                phone.device_id,
                seed=seed + n,
                photos=photos,
            )
            phone.runner.sync_now()
            time.sleep(0.3)  # the failed round runs before the next sign-off


def back_to_empty(service: LiveService, phones: list[BenchPhone]) -> dict[str, list[float]]:
    """Start the service again; seconds from its first answer to each phone's empty outbox."""
    resume(service)  # returns once ``GET /health`` answers
    answered = time.monotonic()
    times: dict[str, list[float]] = {NOW: [], BEFORE: []}
    waiting = list(phones)
    while waiting and time.monotonic() - answered < GIVE_UP:
        for phone in list(waiting):
            if phone.empty():
                times[phone.kind].append(time.monotonic() - answered)
                waiting.remove(phone)
        time.sleep(0.05)
    for phone in waiting:
        times[phone.kind].append(float("inf"))
    return times


def spread(values: list[float]) -> str:
    def show(v: float) -> str:
        return f"> {GIVE_UP:.0f}" if v == float("inf") else f"{v:.1f}"

    return f"{show(statistics.median(values))} / {show(max(values))}"


def per_minute(phones: list[BenchPhone], kind: str, start: float, end: float) -> str:
    counts = [p.requests_between(start, end) for p in phones if p.kind == kind]
    return f"{statistics.mean(counts) * 60 / (end - start):.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=3, help="phones per runner and case")
    parser.add_argument("--offline", type=float, default=60.0, help="seconds offline")
    parser.add_argument("--idle", type=float, default=300.0, help="seconds online, idle")
    parser.add_argument("--quick", action="store_true", help="2 phones, 30 s offline, 120 s idle")
    args = parser.parse_args()
    if args.quick:
        args.phones, args.offline, args.idle = 2, 30.0, 120.0
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "service"
        folder.mkdir()
        service = start_service(throwaway_database("sqlite", folder), folder)
        all_phones: list[BenchPhone] = []
        try:
            for username, role in CAST.items():
                service.add_user(username, role)

            # 1 sheet: first online and idle, then offline with the sheet, then back.
            phones = phones_for(service, Path(tmp), "one", args.phones, sheets=1)
            all_phones += phones
            idle_from = time.monotonic()
            time.sleep(args.idle)
            idle_to = time.monotonic()
            halt(service)
            offline_from = time.monotonic()
            sign_offline(phones, photos=0, seed=1)
            time.sleep(max(0.0, args.offline - (time.monotonic() - offline_from)))
            offline_to = time.monotonic()
            one = back_to_empty(service, phones)

            # 10 sheets with 3 photos each.
            phones = phones_for(service, Path(tmp), "ten", args.phones, sheets=10)
            all_phones += phones
            halt(service)
            started = time.monotonic()
            sign_offline(phones, photos=3, seed=1_000)
            time.sleep(max(0.0, args.offline - (time.monotonic() - started)))
            ten = back_to_empty(service, phones)

            first = all_phones[: 2 * args.phones]
            rows = [
                [
                    "service answers again -> outbox empty, 1 sheet (median / max s)",
                    spread(one[NOW]),
                    spread(one[BEFORE]),
                ],
                [
                    "service answers again -> outbox empty, 10 sheets x 3 photos (median / max s)",
                    spread(ten[NOW]),
                    spread(ten[BEFORE]),
                ],
                [
                    f"requests per minute, offline, 1 sheet queued ({args.offline:.0f} s)",
                    per_minute(first, NOW, offline_from, offline_to),
                    per_minute(first, BEFORE, offline_from, offline_to),
                ],
                [
                    f"requests per minute, online, nothing queued ({args.idle:.0f} s)",
                    per_minute(first, NOW, idle_from, idle_to),
                    per_minute(first, BEFORE, idle_from, idle_to),
                ],
            ]
        finally:
            for phone in all_phones:
                phone.close()
            stop_service(service)
    header = ["", NOW, f"{BEFORE} (reference)"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    for r in [header, *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    print(
        f"{args.phones} phones per runner and case, {args.offline:.0f} s offline; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
