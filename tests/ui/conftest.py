"""Fixtures for the UI tests: Chromium, a real service with demo-like data, the app process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.harness import Browser, Screens, chromium_or_skip


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    chromium_or_skip()
    chromium = Browser()
    yield chromium
    chromium.close()


@pytest.fixture
def screens(request: pytest.FixtureRequest) -> Screens:
    return Screens(request.node.name)


@pytest.fixture
def app_folder(tmp_path: Path) -> Path:
    return tmp_path / "app"
