"""Connectivity told truthfully and acted on promptly (issue 16, defect 8).

Against a real ``fieldapp serve`` process: with a sheet queued, the device says offline
within 10 s of the service stopping, and the outbox is empty within 15 s of the service
answering again, with nothing asked of the technician; a service that answers with errors
is backed off from (a round after 1, 2, 4, 8 s...), however often the device checks that
it answers. With a service played by a function: any failed request — a screen's one-off
read too — says offline at once.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import requests

from fieldapp.application import Device, MemoryTokenVault, SyncState, summarise
from fieldapp.application.job_detail import fetch_history
from fieldapp.sync_client import Backoff
from tests.application.conftest import NOW, SERIAL
from tests.application.fake_service import Reply, session_for, technician_service
from tests.support.api import assigned_order
from tests.support.faults import OutageAdapter
from tests.support.phone import queue_signed_sheet
from tests.support.service import PASSWORD, LiveService, halt, resume, running_service


def waited(condition: Callable[[], bool], seconds: float) -> float | None:
    """Seconds until ``condition`` held (polled every 50 ms), or None if not within ``seconds``."""
    start = time.monotonic()
    while True:
        if condition():
            return time.monotonic() - start
        if time.monotonic() - start > seconds:
            return None
        time.sleep(0.05)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveService]:
    """A service of its own (SQLite): these tests stop it."""
    folder = tmp_path / "service"
    folder.mkdir()
    yield from running_service("sqlite", folder)


def signed_in(
    live: LiveService, folder: Path, session: Callable[[], requests.Session] = requests.Session
) -> Device:
    """``tech_a``'s phone, signed in; its first round done."""
    device = Device(
        folder, vault=MemoryTokenVault(), session_factory=session, sync_backoff=_no_jitter
    )
    device.sign_in(live.base.removesuffix("/api/v1"), "tech_a", PASSWORD)
    assert waited(lambda: device.status.last_success is not None, 30) is not None
    return device


def queue_sheet(device: Device, live: LiveService, seed: int) -> str:
    """A signed sheet saved as the app saves one; no sync asked for. Its id."""
    account = device.account
    assert account is not None
    technician = SimpleNamespace(id=account.user_id)
    ticket = assigned_order(live.login("clerk"), live.login("boss"), technician)
    sheet_id = queue_signed_sheet(
        device.store, ticket, account.user_id, device.device_id, seed=seed, photos=1
    )
    device.changed_locally()
    return sheet_id


class _UpperBound(random.Random):
    """Full jitter drawn at its upper bound: the backoff's delays are exactly 1, 2, 4, 8 s."""

    def uniform(self, a: float, b: float) -> float:
        return b


def _no_jitter() -> Backoff:
    return Backoff(rng=_UpperBound())


def test_a_stopped_service_shows_offline_within_10_s_and_the_outbox_empties_within_15_s(
    live: LiveService, tmp_path: Path
) -> None:
    device = signed_in(live, tmp_path / "phone" / "store")
    try:
        sheet_id = queue_sheet(device, live, seed=1)
        assert device.status.online is True and device.status.pending == 1

        halt(live)
        offline = waited(lambda: device.status.online is False, 10)
        assert offline is not None, f"still online 10 s after the service stopped: {device.status}"
        assert summarise(device.status).state is SyncState.OFFLINE
        assert device.unsent_count() == 1

        resume(live)  # returns once the service answers
        emptied = waited(lambda: device.unsent_count() == 0 and device.status.pending == 0, 15)
        assert emptied is not None, f"the outbox still waits 15 s later: {device.status}"
        print(f"offline shown after {offline:.1f} s; outbox empty {emptied:.1f} s after the return")
        assert device.status.online is True
        held = live.login("boss").get(f"/sheets/{sheet_id}")
        assert held.status_code == 200 and held.json()["missing_attachments"] == []
    finally:
        device.close()


def test_a_service_answering_errors_is_backed_off_from_while_checks_go_on(
    live: LiveService, tmp_path: Path
) -> None:
    gateway = OutageAdapter()

    def session() -> requests.Session:
        made = requests.Session()
        made.mount("http://", gateway)
        return made

    device = signed_in(live, tmp_path / "phone" / "store", session)
    try:
        queue_sheet(device, live, seed=2)
        gateway.mode = "refusing"  # up, but answering 503 to everything
        started = time.monotonic()
        device.sync_now()  # the customer just signed

        def rounds() -> list[float]:
            return [t for t, path, _ in gateway.log if t >= started and path != "/health"]

        # Five rounds: the first at once, then each after the backoff (1, 2, 4, 8 s). A
        # runner that retried whenever a check found the service answering would pack them.
        assert waited(lambda: len(rounds()) >= 5, 40) is not None, gateway.log
        times = rounds()[:5]
        gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
        assert all(gap >= 0.9 * 2**n for n, gap in enumerate(gaps)), gaps
        span = times[-1] - started
        checks = sum(
            1 for t, path, _ in gateway.log if started <= t <= times[-1] and path == "/health"
        )
        assert checks >= 1, gateway.log  # meanwhile it kept finding out that it answers
        assert checks <= span / device.sync_checks.queued + 1, gateway.log  # cheaply
        status = device.status
        assert status.online is True  # it answers: not "offline"
        assert status.last_error is not None and "繁忙" in status.last_error.zh, status

        gateway.mode = "unreachable"  # and now it does not answer at all
        offline = waited(lambda: device.status.online is False, 10)
        assert offline is not None, f"still online 10 s after the service went: {device.status}"
        print(
            f"round gaps {[round(g, 1) for g in gaps]} s, {checks} checks; offline {offline:.1f} s"
        )
    finally:
        device.close()


def test_any_failed_request_says_offline_at_once(tmp_path: Path) -> None:
    """Nothing queued, so checks are a minute apart; a screen's own request that fails (the
    serial's history) still ends the claim to be online, and the next answer restores it."""
    down = False
    service = technician_service()

    def handler(method: str, path: str, body: Any) -> Reply:
        if down:
            raise requests.ConnectionError("the service cannot be reached")
        return service(method, path, body)

    device = Device(
        tmp_path / "store",
        vault=MemoryTokenVault(),
        session_factory=session_for(handler),
        clock=lambda: NOW,
    )
    try:
        device.sign_in("http://svc", "tech1", "right")
        assert waited(lambda: device.status.online is True and not device.status.running, 10)
        down = True
        api = device.api()
        assert api is not None
        fetch_history(device.store, api, SERIAL)
        assert device.status.online is False
        assert summarise(device.status).state is SyncState.OFFLINE

        down = False
        device.check_connection()  # the app came back to the foreground
        assert waited(lambda: device.status.online is True, 5) is not None, device.status
    finally:
        device.close()
