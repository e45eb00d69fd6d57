"""Fixtures for the sync client: a real central service process and a real store on disk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.phone import Phone, server_root
from tests.support.service import Client, LiveService, running_service


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
