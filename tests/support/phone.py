"""A simulated phone for the sync tests and benches: a real store on disk, the real sync client.

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
from tests.support.service import Client, LiveService
from tests.support.sheets import png, pushed_sheet


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

    def new_sheet(
        self, ticket_no: str, seed: int, *, signature_bytes: int = 3_000, **options: Any
    ) -> str:
        """Fill and sign a new sheet for ``ticket_no`` (``options`` go to the sheet builder);
        returns its id."""
        signature = png(seed, signature_bytes)
        self.store.put_attachment(signature, "image/png")
        raw = pushed_sheet(
            ticket_no, self.technician.id, signature=signature, device_id=self.device_id, **options
        )
        return self.save(raw)

    def add_photo(self, sheet_id: str, seed: int, *, photo_bytes: int = 5_000) -> str:
        """Take a repair photo, store it and save the sheet with it (signed again); its hash."""
        ref = self.store.put_attachment(png(seed, photo_bytes), "image/png")
        raw = dict(self.latest[sheet_id][1])
        raw["repair"] = {
            **raw["repair"],
            "photos": [*raw["repair"]["photos"], ref.model_dump(mode="json")],
        }
        raw["updated_at"] = datetime.now(UTC).isoformat()
        self.save(raw)
        return ref.sha256

    def edit_sheet(self, sheet_id: str, note: str) -> None:
        """Change the repair notes and have the customer sign again."""
        raw = dict(self.latest[sheet_id][1])
        raw["repair"] = {**raw["repair"], "actions": note}
        raw["updated_at"] = datetime.now(UTC).isoformat()
        self.save(raw)

    def save(self, raw: dict[str, Any]) -> str:
        """Validate, sign (when signed off) and save a sheet given as JSON; returns its id."""
        sheet = JobSheet.model_validate(raw)
        if sheet.sign_off is not None:
            sheet = sign(sheet, sheet.sign_off)  # the customer signs the changed sheet again
        version = self.store.save_sheet(sheet)
        self.latest[sheet.sheet_id] = (version, sheet.model_dump(mode="json"))
        return sheet.sheet_id


def queue_signed_sheet(
    store: Store,
    ticket_no: str,
    technician_id: str,
    device_id: str,
    *,
    seed: int,
    photos: int = 0,
    photo_bytes: int = 200_000,
) -> str:
    """Save a signed sheet in ``store`` as the app does at a sign-off: its signature and
    ``photos`` repair photos stored first, then the sheet (queued); returns its id."""
    signature = png(seed, 3_000)
    store.put_attachment(signature, "image/png")
    images = [png(seed * 1_000 + n + 1, photo_bytes) for n in range(photos)]
    for image in images:
        store.put_attachment(image, "image/png")
    raw = pushed_sheet(
        ticket_no, technician_id, signature=signature, device_id=device_id, photos=images
    )
    sheet = JobSheet.model_validate(raw)
    assert sheet.sign_off is not None
    store.save_sheet(sign(sheet, sheet.sign_off))
    return sheet.sheet_id


def server_root(service: LiveService) -> str:
    return service.base.removesuffix("/api/v1")


def assert_server_holds_exactly(phone: Phone, boss: Client) -> None:
    """Every sheet once on the server, at the phone's last version, with the same content,
    and every photo and signature it references, byte for byte."""
    queue = boss.get("/reviews", params={"technician_id": phone.technician.id, "limit": 500}).json()
    assert sum(queue["counts"].values()) == len(phone.latest), queue["counts"]
    for sheet_id, (version, content) in phone.latest.items():
        reply = boss.get(f"/sheets/{sheet_id}")
        assert reply.status_code == 200, reply.text
        detail = reply.json()
        assert detail["summary"]["version"] == version
        assert detail["sheet"] == content
        assert detail["missing_attachments"] == []
        for ref in JobSheet.model_validate(content).attachments():
            held = boss.get(f"/attachments/{ref.sha256}")
            assert held.status_code == 200, (sheet_id, ref.sha256, held.text)
            assert held.content == phone.store.read_attachment(ref.sha256)
