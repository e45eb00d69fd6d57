"""Fixtures for the sync client: a real central service process and a real store on disk."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.sync.conftest import Client, LiveService, running_service
from tests.sync_client.device import Phone, server_root


def restart(service: LiveService, *, kill: bool = True) -> None:
    """Stop the service process (SIGKILL by default) and start it again on the same port."""
    process = service.process
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
        process.wait(timeout=30)
    log = service.log.open("ab")
    service.process = subprocess.Popen(
        process.args, stdout=log, stderr=subprocess.STDOUT, env={**os.environ}
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{service.base}/health", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.05)
    raise RuntimeError("the service did not come back:\n" + service.log_text()[-3000:])


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveService]:
    """A service of its own (SQLite), since these tests kill and restart it."""
    folder = tmp_path / "service"
    folder.mkdir()
    yield from running_service("sqlite", folder)


@pytest.fixture
def short_token_service(tmp_path: Path) -> Iterator[LiveService]:
    """A service whose sign-ins expire after 5 seconds."""
    folder = tmp_path / "service"
    folder.mkdir()
    yield from running_service("sqlite", folder, FIELDAPP_TOKEN_TTL_SECONDS="5")


@pytest.fixture
def clerk(live: LiveService) -> Client:
    return live.login("clerk")


@pytest.fixture
def boss(live: LiveService) -> Client:
    return live.login("boss")


@pytest.fixture
def phone(live: LiveService, tmp_path: Path) -> Iterator[Phone]:
    """Technician ``tech_a``'s phone: a real store on disk and the sync client."""
    device = Phone(tmp_path / "phone", server_root(live), live.login("tech_a"))
    yield device
    device.store.close()  # the store open now (a test may have restarted the app)
