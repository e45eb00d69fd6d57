"""A simulated phone for the sync tests: a real store on disk, the real sync client.

It fills and edits job sheets the way the app does (attachments saved to the store
first, the sheet re-signed after each change) and remembers each sheet's last saved
version, which is what the server must hold in the end.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.signing import sign
from fieldapp.store import Store, open_store
from fieldapp.sync_client.backoff import Backoff
from fieldapp.sync_client.engine import Limits, SyncEngine
from fieldapp.sync_client.http import ApiClient
from fieldapp.sync_client.runner import SyncRunner
from tests.sync.conftest import Client, LiveService
from tests.sync.service_builders import job_sheet, png


@dataclass
class Phone:
    """One technician's device."""

    folder: Path
    server_root: str
    technician: Client
    session: requests.Session = field(default_factory=requests.Session)
    limits: Limits = field(default_factory=Limits)
    rng: random.Random = field(default_factory=lambda: random.Random(1))
    latest: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # ``LiveService.login`` sets the device the technician signed in on.
        self.device_id: str = vars(self.technician)["device_id"]
        self.store: Store = open_store(self.folder)
        self.runner = self._runner()

    def _runner(self) -> SyncRunner:
        api = ApiClient(self.server_root, self.session, token=self.technician.token)
        engine = SyncEngine(api, self.store, device_id=self.device_id, limits=self.limits)
        return SyncRunner(engine, backoff=Backoff(base=0.5, cap=30, rng=self.rng))

    def restart_app(self) -> None:
        """Close and reopen the store and start a fresh sync client, as after the app was killed."""
        self.store.close()
        self.store = open_store(self.folder)
        self.runner = self._runner()

    def new_sheet(self, ticket_no: str, seed: int, *, signature_bytes: int = 3_000) -> str:
        """Fill and sign a new sheet for ``ticket_no``; returns its id."""
        signature = png(seed, signature_bytes)
        self.store.put_attachment(signature, "image/png")
        raw = job_sheet(ticket_no, self.technician.id, signature=signature)
        raw["device_id"] = self.device_id
        return self._save(raw)

    def edit_sheet(self, sheet_id: str, note: str) -> None:
        """Change the repair notes and have the customer sign again."""
        raw = dict(self.latest[sheet_id][1])
        raw["repair"] = {**raw["repair"], "actions": note}
        raw["updated_at"] = datetime.now(UTC).isoformat()
        self._save(raw)

    def _save(self, raw: dict[str, Any]) -> str:
        sheet = JobSheet.model_validate(raw)
        if sheet.sign_off is not None:
            sheet = sign(sheet, sheet.sign_off)  # the customer signs the changed sheet again
        version = self.store.save_sheet(sheet)
        self.latest[sheet.sheet_id] = (version, sheet.model_dump(mode="json"))
        return sheet.sheet_id


def server_root(service: LiveService) -> str:
    return service.base.removesuffix("/api/v1")


def assert_server_holds_exactly(phone: Phone, boss: Client) -> None:
    """Every sheet once on the server, at the phone's last version, with the same content."""
    queue = boss.get("/reviews", params={"technician_id": phone.technician.id, "limit": 500}).json()
    assert sum(queue["counts"].values()) == len(phone.latest), queue["counts"]
    for sheet_id, (version, content) in phone.latest.items():
        reply = boss.get(f"/sheets/{sheet_id}")
        assert reply.status_code == 200, reply.text
        detail = reply.json()
        assert detail["summary"]["version"] == version
        assert detail["sheet"] == content
        assert detail["missing_attachments"] == []
