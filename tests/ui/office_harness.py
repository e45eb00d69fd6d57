"""Driving the back office in Chromium against a real service (``fieldapp demo``).

``OfficeProcess`` runs ``fieldapp office`` on a free port; :func:`sign_in` signs a member of
staff in as a person would; :class:`Phone` is a technician's phone reduced to what the
office needs from it: pushing a signed job sheet (and its photos) for a demo work order,
through the real sync API.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from tests.support.api import push, upload
from tests.support.service import Client, free_port
from tests.support.sheets import png, pushed_sheet
from tests.ui.harness import AppProcess, _spawn, _wait_until_up, semantics_text
from tests.ui.visit_harness import DemoService, node, tap_id, type_into

SUPERVISOR = ("supervisor", "supervisor-demo")
CLERK = ("clerk", "clerk-demo")
ADMIN = ("admin", "admin-demo")
TECH = ("tech1", "tech1-demo")
TABLET = (1024, 1366)
DESKTOP = (1440, 900)


def start_office(folder: Path, service_url: str) -> AppProcess:
    """``fieldapp office`` in web mode on a free port, the service address pre-filled."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    args = [
        sys.executable, "-m", "fieldapp", "office", "--port", str(port),
        "--service-url", service_url,
    ]  # fmt: skip
    log = folder / "office.log"
    process = _spawn(args, log)
    url = f"http://127.0.0.1:{port}/"
    _wait_until_up(url, process, log)
    return AppProcess(url, folder, process, log, args)


def wait_for(page: Any, wanted: str, timeout: float = 30.0) -> str:
    """Wait until ``wanted`` is in the semantics tree; the tree's text."""
    deadline = time.monotonic() + timeout
    seen = ""
    while time.monotonic() < deadline:
        seen = semantics_text(page)
        if wanted in seen:
            return seen
        time.sleep(0.15)
    raise AssertionError(f"{wanted!r} never appeared; the screen said:\n{seen[-3000:]}")


def sign_in(page: Any, who: tuple[str, str]) -> None:
    """Type the username and password (the service address is pre-filled) and sign in."""
    type_into(page, "username", who[0], delay_ms=20)
    type_into(page, "password", who[1], delay_ms=20)
    tap_id(page, "sign-in")
    deadline = time.monotonic() + 30
    while node(page, "rail").count() == 0:
        if time.monotonic() > deadline:
            said = semantics_text(page)
            raise AssertionError(f"{who[0]} was not signed in; the screen said:\n{said[-2000:]}")
        time.sleep(0.2)


def go(page: Any, place_label: str) -> None:
    """Open a place from the navigation rail by its label."""
    target = page.locator("[flt-semantics-identifier='rail']").get_by_text(place_label).first
    target.wait_for(state="attached", timeout=15_000)
    box = target.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    time.sleep(0.4)


@dataclass
class Phone:
    """A technician's phone as far as the office needs it: signed in, pushing sheets."""

    demo: DemoService
    who: tuple[str, str] = TECH
    client: Client = field(init=False)

    def __post_init__(self) -> None:
        reply = requests.post(
            f"{self.demo.api}/auth/login",
            json={"username": self.who[0], "password": self.who[1], "device_id": "phone-tech1"},
            timeout=10,
        )
        reply.raise_for_status()
        body = reply.json()
        self.client = Client(self.demo.api, body["access_token"], body["user"])
        self.client.device_id = "phone-tech1"  # type: ignore[attr-defined]

    def submit(
        self, ticket_no: str, version: int, sheet_id: str | None = None, **options: Any
    ) -> dict[str, Any]:
        """Push a signed sheet (photo and signature uploaded first); the sheet as pushed."""
        # The same repair photo in every version; the customer signs each version anew.
        photo = png(int(ticket_no[-4:]), 6000)
        signature = png(version * 10 + 2, 3000)
        for data in (photo, signature):
            assert upload(self.client, data).status_code in (200, 201)
        sheet = pushed_sheet(
            ticket_no, self.client.id, sheet_id=sheet_id, photos=[photo], signature=signature,
            device_id="phone-tech1", **options,
        )  # fmt: skip
        reply = push(self.client, [(sheet, version)])
        assert reply.status_code == 200, reply.text
        assert reply.json()["results"][0]["status"] == "accepted", reply.text
        return sheet
