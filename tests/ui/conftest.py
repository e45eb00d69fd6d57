"""Fixtures for the UI tests: Chromium, a real service with demo-like data, the app process."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.support.api import call
from tests.support.service import LiveService, running_service
from tests.ui.harness import (
    Browser,
    Screens,
    chromium_or_skip,
    click,
    fill,
    page_report,
    wait_for_text,
)

CENTRE_ZONE = ZoneInfo("Asia/Shanghai")  # the demo's and the tests' service centre


def _clear_of_midnight(window: timedelta) -> None:
    """Wait until the centre's midnight has passed if it falls within ``window``.

    The browser tests book calls for "today" and expect the app to show them on today's
    list; a test that spans the centre's midnight (16:00 UTC) would see the list move on
    to an empty tomorrow, which is right for a technician and wrong for the test.
    """
    now = datetime.now(CENTRE_ZONE)
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), CENTRE_ZONE)
    if midnight - now < window:
        time.sleep((midnight - now).total_seconds() + 5)


def _is_browser(marks: object) -> bool:
    found = marks if isinstance(marks, list) else [marks]
    return any(getattr(mark, "name", None) == "browser" for mark in found)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A browser test has 240 s (the longest walk takes about 90 s); it runs once.

    A failure is a failure: there are no reruns. A test that finds a page not answering
    fails saying so (see :func:`pytest_runtest_makereport`).
    """
    for item in items:
        if item.get_closest_marker("browser") is None:
            continue
        if item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(240))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failed browser test reports each open page: whether it still answers, what its
    screen last said, and the renderers' CPU — a stuck renderer is told apart from a
    product bug at a glance, whatever timed out."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.when != "call" or not report.failed:
        return
    chromium = _session_browser(item)
    if chromium is None:
        return
    try:
        pages = page_report(chromium)
    except Exception as exc:  # the report must never hide the failure itself
        pages = f"(the pages could not be inspected: {exc})"
    report.sections.append(("the browser's pages when the test failed", pages))


def _session_browser(item: pytest.Item) -> Browser | None:
    fixtures = getattr(item, "funcargs", {})
    chromium = fixtures.get("browser")
    return chromium if isinstance(chromium, Browser) else None


@pytest.fixture(scope="module", autouse=True)
def module_clear_of_midnight(request: pytest.FixtureRequest) -> None:
    """A browser module (its calls booked once) starts well clear of the centre's midnight."""
    if _is_browser(getattr(request.module, "pytestmark", None)):
        _clear_of_midnight(timedelta(minutes=15))


@pytest.fixture(autouse=True)
def clear_of_midnight(request: pytest.FixtureRequest) -> None:
    """Each browser test starts clear of the centre's midnight."""
    if request.node.get_closest_marker("browser") is not None:
        _clear_of_midnight(timedelta(minutes=8))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    chromium_or_skip()
    chromium = Browser()
    yield chromium
    chromium.close()


@pytest.fixture(autouse=True)
def pages_closed_after(request: pytest.FixtureRequest) -> Iterator[None]:
    """Whatever a browser test leaves open is closed when it ends, passed or failed."""
    yield
    if "browser" in request.fixturenames:
        request.getfixturevalue("browser").close_pages()


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
