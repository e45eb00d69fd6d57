"""The centre's loaners in stock: fetched when online, kept for offline, never in the way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

from fieldapp.application import Device, MemoryTokenVault
from fieldapp.application.loaner_pool import cached_pool, fetch_pool
from tests.application.conftest import NOW
from tests.application.fake_service import Reply, session_for, technician_service

CENTRE = "明辉售后服务中心"
UNITS = [
    {"serial": "PJ5225190000X", "model": "MH-P520", "service_centre": CENTRE,
     "status": "available", "notes": "备用机", "current_loan": None},
]  # fmt: skip


def _device(folder: Path, reachable: dict[str, bool], asked: list[Any]) -> Device:
    signs_in = technician_service()

    def handle(method: str, path: str, body: Any) -> Reply:
        if path == "/loaners":
            if not reachable["yes"]:
                raise requests.ConnectionError("no network")
            asked.append(path)
            return 200, UNITS, {}
        return signs_in(method, path, body)

    device = Device(
        folder, vault=MemoryTokenVault(), session_factory=session_for(handle), clock=lambda: NOW
    )
    device.sign_in("http://svc", "tech1", "right")
    return device


def test_the_pool_is_kept_and_offered_offline_with_when_it_was_fetched(tmp_path: Path) -> None:
    reachable, asked = {"yes": True}, []
    device = _device(tmp_path / "store", reachable, asked)
    try:
        assert cached_pool(device.store, CENTRE).units == []  # never fetched: nothing offered
        fresh = fetch_pool(device.store, device.api(), CENTRE)
        assert fresh.units == [("PJ5225190000X", "MH-P520")] and not fresh.from_cache
        assert asked == ["/loaners"]
        reachable["yes"] = False
        offline = fetch_pool(device.store, device.api(), CENTRE)
        assert offline.from_cache and offline.units == fresh.units
        assert offline.fetched_at == fresh.fetched_at
        assert fetch_pool(device.store, None, "另一中心").units == []  # another centre's
    finally:
        device.close()


def test_a_service_without_the_pool_leaves_typing_the_serial(tmp_path: Path) -> None:
    device = Device(
        tmp_path / "store", vault=MemoryTokenVault(),
        session_factory=session_for(technician_service()), clock=lambda: NOW,
    )  # fmt: skip
    try:
        device.sign_in("http://svc", "tech1", "right")
        refused = fetch_pool(device.store, device.api(), CENTRE)  # 404 from this service
        assert refused.units == [] and refused.from_cache
    finally:
        device.close()
