"""No sheet lost or duplicated: the real sync client against a real service, through faults.

A seeded random schedule (``FIELDAPP_FAULT_SEED``, ``FIELDAPP_FAULT_ROUNDS``) drives a
phone that keeps filling and editing job sheets while every request may hit a fault:
connection dropped before or after the server commits, timeouts, 500, 429, the same
request delivered twice, a reply truncated in its body or inside its headers, the server
killed and restarted mid-batch, and the app itself restarted. The technician also saves
while requests are in flight (new photos, most often while the missing-file check is
under way). When the faults stop, the outbox must drain and the server must hold every
sheet exactly once, identical to the phone's last version, with every photo and signature.
"""

from __future__ import annotations

import os
import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import requests

from tests.sync.conftest import LiveService
from tests.sync.service_builders import assigned_order
from tests.sync_client.conftest import restart
from tests.sync_client.device import Phone, assert_server_holds_exactly, server_root
from tests.sync_client.faults import FAULTS, FaultyAdapter

SEED = int(os.environ.get("FIELDAPP_FAULT_SEED", "20261123"))
ROUNDS = int(os.environ.get("FIELDAPP_FAULT_ROUNDS", "500"))


def mid_request_restart(service: LiveService, rng: random.Random) -> Callable[[], None]:
    """Kill the server a few milliseconds into a request, then start it again."""

    def restart_server() -> None:
        time.sleep(rng.uniform(0.0, 0.03))
        restart(service)

    return restart_server


def saves_while_requests_are_in_flight(
    phone: Phone, rng: random.Random, tickets: list[str], seen: Counter[str]
) -> Callable[[requests.PreparedRequest], None]:
    """The technician keeps working while sync runs: a photo added, now and then a new sheet."""

    def during(request: requests.PreparedRequest) -> None:
        path = urlsplit(request.url or "").path.removeprefix("/api/v1")
        chance = 0.5 if path == "/attachments/missing" else 0.05
        if not phone.latest or rng.random() >= chance:
            return
        seen[path] += 1
        if rng.random() < 0.8:
            sheet_id = rng.choice(sorted(phone.latest))
            phone.add_photo(sheet_id, seed=rng.randrange(1 << 30), photo_bytes=2_000)
        else:
            phone.new_sheet(rng.choice(tickets), seed=rng.randrange(1 << 30))

    return during


def test_no_sheet_lost_or_duplicated_under_faults(live: LiveService, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    print(f"fault schedule seed {SEED}, {ROUNDS} rounds")
    clerk, boss = live.login("clerk"), live.login("boss")
    technician = live.login("tech_a")
    tickets = [assigned_order(clerk, boss, technician) for _ in range(40)]
    session = requests.Session()
    adapter = FaultyAdapter(rng, mid_request_restart(live, rng))
    session.mount("http://", adapter)
    phone = Phone(tmp_path / "phone", server_root(live), technician, session=session, rng=rng)
    phone.limits.sheets_per_push = 6  # several batches per round, so faults hit mid-way
    saves_during: Counter[str] = Counter()
    adapter.during_request = saves_while_requests_are_in_flight(phone, rng, tickets, saves_during)

    for round_no in range(ROUNDS):
        for _ in range(rng.choice([0, 1, 1, 2])):
            if not phone.latest or rng.random() < 0.3:
                phone.new_sheet(rng.choice(tickets), seed=rng.randrange(1 << 30))
            else:
                sheet_id = rng.choice(sorted(phone.latest))
                phone.edit_sheet(sheet_id, f"第{round_no}轮：更换灯泡组件并清洁光路")
        if rng.random() < 0.03:
            phone.restart_app()
        phone.runner.attempt()

    adapter.enabled = False
    assert phone.runner.drain(10, sleep=lambda _: None), phone.runner.board.current
    print("faults injected:", dict(adapter.seen), "sheets:", len(phone.latest))
    print("saves while a request was in flight:", dict(saves_during))
    assert not phone.store.pending_sheets()
    assert not phone.store.needs_attention()
    if ROUNDS >= 300:  # the schedule really exercised every kind of fault
        assert set(adapter.seen) == set(FAULTS), adapter.seen
        assert saves_during["/attachments/missing"] > 0, saves_during
    assert_server_holds_exactly(phone, boss)
    phone.store.close()
