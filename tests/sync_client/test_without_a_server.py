"""The sync client against a service played by a plain function (``FunctionAdapter``).

No server process: each test plays exactly the replies it needs, which a real service
gives only by accident of timing — a push reply that lists files the missing-check said
it had, files that never arrive, replies that do not match the protocol.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.signing import sheet_content_hash
from fieldapp.store import Store, open_store
from fieldapp.sync_client import (
    ApiClient,
    Backoff,
    SyncEngine,
    SyncRunner,
    SyncStatus,
    reply,
    session_for,
)
from fieldapp.sync_client.transport import request_json
from tests.support.sheets import png, pushed_sheet

Reply = Callable[[requests.PreparedRequest], requests.Response]


@dataclass
class PlayedService:
    """Just enough of the sync protocol, with hooks to answer oddly."""

    held: set[str] = field(default_factory=set)  # attachment hashes the "service" holds
    stored: dict[str, int] = field(default_factory=dict)  # sheet id -> version
    calls: list[str] = field(default_factory=list)
    lose_uploads: bool = False  # files are answered "stored" but never kept
    claim_all_held: bool = False  # the missing-check answers "nothing missing"
    override: dict[str, Reply] = field(default_factory=dict)

    def __call__(self, request: requests.PreparedRequest) -> requests.Response:
        path = (request.path_url or "").split("?")[0].removeprefix("/api/v1")
        self.calls.append(path)
        if path in self.override:
            return self.override.pop(path)(request)
        if path == "/attachments/missing":
            hashes = request_json(request)["hashes"]
            missing = [] if self.claim_all_held else [h for h in hashes if h not in self.held]
            return reply(request, {"missing": missing})
        if path == "/attachments/batch":
            names = _part_names(request)
            if not self.lose_uploads:
                self.held.update(names)
            return reply(request, {"results": [{"sha256": n, "status": "stored"} for n in names]})
        if path == "/sync/push":
            return reply(
                request, {"results": [self._push(i) for i in request_json(request)["sheets"]]}
            )
        if path == "/sync/pull":
            return reply(request, {"cursor": "1.a", "has_more": False, "changes": []})
        return reply(request, {"detail": {"code": "not_found"}}, status=404)

    def _push(self, item: dict[str, Any]) -> dict[str, Any]:
        self.stored[item["sheet_id"]] = item["version"]
        sheet = JobSheet.model_validate(item["sheet"])
        missing = sorted({a.sha256 for a in sheet.attachments()} - self.held)
        return {
            "sheet_id": item["sheet_id"],
            "version": item["version"],
            "status": "accepted",
            "message": None,
            "missing_attachments": missing,
        }


def _part_names(request: requests.PreparedRequest) -> list[str]:
    body = request.body if isinstance(request.body, bytes) else b""
    return [
        chunk.split(b'name="', 1)[1].split(b'"', 1)[0].decode()
        for chunk in body.split(b"Content-Disposition: form-data; ")[1:]
    ]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "phone") as opened:
        yield opened


def signed_sheet(store: Store, seed: int) -> tuple[str, str]:
    """A signed sheet with a signature image saved on the phone; (sheet id, image hash)."""
    signature = png(seed, 1_500)
    store.put_attachment(signature, "image/png")
    sheet = JobSheet.model_validate(pushed_sheet("BX20261201-0001", "7", signature=signature))
    assert sheet.sign_off is not None
    signed = sheet.sign_off.model_copy(update={"content_hash": sheet_content_hash(sheet)})
    store.save_sheet(sheet.model_copy(update={"sign_off": signed}))
    return sheet.sheet_id, hashlib.sha256(signature).hexdigest()


def runner_for(store: Store, service: PlayedService) -> SyncRunner:
    api = ApiClient("http://central.test", session_for(service), token="token")
    return SyncRunner(SyncEngine(api, store, device_id="phone-1"), backoff=Backoff(base=0.01))


def test_files_the_push_reply_lists_as_missing_are_uploaded_and_the_sheet_pushed_again(
    store: Store,
) -> None:
    sheet_id, image = signed_sheet(store, seed=1)
    service = PlayedService(claim_all_held=True)  # its missing-check is wrong

    result = runner_for(store, service).attempt()

    assert result.ok, result.error
    assert image in service.held
    assert not store.pending_sheets()
    assert service.calls == [
        "/attachments/missing", "/sync/push",  # accepted, but the image is missing
        "/attachments/batch", "/sync/push",  # the image uploaded, the sheet complete
        "/sync/pull",
    ]  # fmt: skip
    assert service.stored == {sheet_id: 1}


def test_a_sheet_whose_files_never_arrive_stays_pending_and_the_phone_says_why(
    store: Store,
) -> None:
    sheet_id, _ = signed_sheet(store, seed=2)
    runner = runner_for(store, PlayedService(lose_uploads=True))

    result = runner.attempt()

    assert result.report is not None and result.report.incomplete == {sheet_id}
    assert [p.sheet_id for p in store.pending_sheets()] == [sheet_id]
    assert not store.needs_attention()  # nothing for the technician to fix; sync retries
    error = runner.board.current.last_error
    assert error is not None and "尚未全部到达服务器" in error.zh, error
    assert runner.board.current.pending == 1


def _answer(body: Any) -> Reply:
    return lambda request: reply(request, body)


@pytest.mark.parametrize(
    ("path", "body", "named"),
    [
        ("/attachments/missing", {"missings": []}, "missing"),
        ("/attachments/missing", None, "reply"),
        ("/attachments/batch", {"results": [{"sha256": "x", "status": "kept"}]}, "status"),
        ("/sync/push", {"results": [{"sheet_id": "s", "version": 1}]}, "status"),
        (
            "/sync/push",  # never read as "nothing missing"
            {"results": [{"sheet_id": "s", "version": 1, "status": "accepted"}]},
            "missing_attachments",
        ),
        ("/sync/pull", {"cursor": "2.b", "changes": []}, "has_more"),
        (
            "/sync/pull",
            {"cursor": "2.b", "has_more": False, "changes": [{"kind": "loaner_moved", "id": "x"}]},
            "loaner_moved",  # a kind this app does not know: never skipped in silence
        ),
    ],
)
def test_a_reply_that_does_not_match_the_protocol_is_a_retryable_failure_naming_it(
    store: Store, path: str, body: Any, named: str
) -> None:
    sheet_id, _ = signed_sheet(store, seed=3)
    service = PlayedService(override={path: _answer(body)})
    runner = runner_for(store, service)

    result = runner.attempt()

    assert not result.ok and result.retry_in is not None
    assert result.error is not None
    assert path in result.error.en and named in result.error.en, result.error
    assert store.sync_state().cursor is None or path != "/sync/pull"
    if path != "/sync/pull":
        assert [p.sheet_id for p in store.pending_sheets()] == [sheet_id]
    assert runner.attempt().ok  # the service answers properly again
    assert not store.pending_sheets()


def test_status_listeners_hear_each_change_on_the_sync_thread_and_a_broken_one_is_harmless(
    store: Store,
) -> None:
    runner = runner_for(store, PlayedService())
    runner.interval = 3600
    heard: list[tuple[str, int, bool]] = []

    def listener(status: SyncStatus) -> None:
        heard.append((threading.current_thread().name, status.pending, status.running))

    def broken(status: SyncStatus) -> None:
        raise RuntimeError("a screen's bug")

    unsubscribe = runner.board.subscribe(listener)
    runner.board.subscribe(broken)
    signed_sheet(store, seed=4)
    runner.start()
    try:
        deadline = time.monotonic() + 10
        while runner.board.current.last_success is None and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        runner.stop()
    assert runner.board.current.last_success is not None  # the broken listener stopped nothing
    assert ("fieldapp-sync", 1, True) in heard  # a round running with one sheet waiting
    assert heard[-1] == ("fieldapp-sync", 0, False)
    unsubscribe()
    count = len(heard)
    assert runner.attempt().ok
    assert len(heard) == count


def test_the_outbox_shows_each_file_in_its_own_state_after_a_round(store: Store) -> None:
    """A file the service holds says so; one it still lacks says waiting; a refused one
    says why — the technician sees which photo is the one still to go."""
    from fieldapp.application.outbox import outbox_entries

    _, image = signed_sheet(store, seed=3)
    (entry,) = outbox_entries(store)
    assert [f.state for f in entry.files] == ["waiting"]  # nothing tried yet

    # The uploads are "stored" but lost: the push reply lists the image, it stays waiting.
    runner_for(store, PlayedService(lose_uploads=True)).attempt()
    (entry,) = outbox_entries(store)
    assert [(f.caption, f.state) for f in entry.files if f.present] == [
        (entry.files[0].caption, "waiting")
    ]

    # The service refuses the file: the sheet needs attention and the file says why.
    refused = PlayedService()
    refused.override["/attachments/batch"] = lambda request: reply(
        request,
        {"results": [{"sha256": image, "status": "rejected",
                      "message": {"zh": "文件类型不对", "en": "wrong file type"}}]},
    )  # fmt: skip
    runner_for(store, refused).attempt()
    (entry,) = outbox_entries(store)
    assert entry.state == "attention"
    (file,) = entry.files
    assert file.state == "refused"
    assert file.message is not None and file.message.zh == "文件类型不对"


def test_a_file_the_service_already_holds_reads_sent_while_its_sheet_still_waits(
    store: Store,
) -> None:
    from fieldapp.application.outbox import outbox_entries

    sheet_id, image = signed_sheet(store, seed=4)
    service = PlayedService(held={image})
    # The sheet's push is cut off (a retryable failure): the sheet waits, its file is sent.
    service.override["/sync/push"] = lambda request: reply(
        request, {"detail": {"code": "busy"}}, status=503
    )
    runner_for(store, service).attempt()
    (entry,) = outbox_entries(store)
    assert entry.sheet_id == sheet_id and entry.state == "pending"
    assert [f.state for f in entry.files] == ["sent"]
