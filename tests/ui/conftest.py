"""Fixtures for the UI tests: Chromium, a real service with demo-like data, the app process."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.sync.conftest import LiveService, running_service
from tests.sync.service_builders import call
from tests.ui.harness import Browser, Screens, chromium_or_skip, click, fill, wait_for_text


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


CUSTOMERS = ("陈晓明", "赵丽华", "孙建平")


def book_jobs(service: LiveService, technician: str, names: tuple[str, ...]) -> list[str]:
    """Record calls this morning with appointments now, assigned to ``technician``."""
    clerk, boss, tech = service.login("clerk"), service.login("boss"), service.login(technician)
    now = datetime.now(UTC)
    tickets = []
    for n, name in enumerate(names):
        body = call(
            customer={
                "name": name,
                "phone": f"1380000{n:04d}",
                "address": f"上海市浦东新区张杨路 {n + 1} 号",
            },
            reported_at=(now - timedelta(hours=3)).isoformat(),
            appointment=(now - timedelta(minutes=n + 1)).isoformat(),
            urgency="urgent" if n == 1 else "normal",
        )  # fmt: skip
        created = clerk.post("/work-orders", json=body)
        assert created.status_code == 201, created.text
        ticket = created.json()["ticket_no"]
        assigned = boss.post(f"/work-orders/{ticket}/assign", json={"technician_id": tech.id})
        assert assigned.status_code == 200, assigned.text
        tickets.append(ticket)
    return tickets


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    folder = tmp_path_factory.mktemp("service")
    yield from running_service("sqlite", folder)


@pytest.fixture(scope="module")
def tickets(live: LiveService) -> list[str]:
    return book_jobs(live, "tech_a", CUSTOMERS)


def service_root(service: LiveService) -> str:
    return service.base.removesuffix("/api/v1")


def sign_in(page: Any, username: str = "tech_a", password: str = "correct-horse-battery") -> None:
    wait_for_text(page, "技术员登录")
    fill(page, "username", username)
    fill(page, "password", password)
    click(page, page.get_by_role("button", name="登录"))
