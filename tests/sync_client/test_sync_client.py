"""The sync client against a real service: what a technician sees when things go wrong."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path

import requests

from fieldapp.domain.text import Text
from fieldapp.store import ReviewDecision
from tests.sync.conftest import Client, LiveService
from tests.sync.service_builders import assigned_order, job_sheet, png, push
from tests.sync_client.device import Phone, assert_server_holds_exactly, server_root


def phone_for(live: LiveService, folder: Path, username: str = "tech_a") -> Phone:
    return Phone(folder, server_root(live), live.login(username))


def test_one_bad_sheet_needs_attention_and_the_rest_sync(
    live: LiveService, phone: Phone, clerk: Client, boss: Client
) -> None:
    other = live.login("tech_b")
    mine = assigned_order(clerk, boss, phone.technician)
    not_mine = assigned_order(clerk, boss, other)
    good = [phone.new_sheet(mine, seed=i) for i in range(3)]
    bad = phone.new_sheet(not_mine, seed=99)

    assert phone.runner.attempt().ok
    assert not phone.store.pending_sheets()
    attention = phone.store.needs_attention()
    assert [s.sheet_id for s in attention] == [bad]
    message = attention[0].attention_message
    assert isinstance(message, Text) and message.zh and message.en
    for sheet_id in good:
        assert boss.get(f"/sheets/{sheet_id}").status_code == 200
    assert boss.get(f"/sheets/{bad}").status_code == 404


def test_a_huge_photo_does_not_hold_back_the_sheets_queued_behind_it(
    phone: Phone, clerk: Client, boss: Client
) -> None:
    ticket = assigned_order(clerk, boss, phone.technician)
    big = png(7, 6_000_000)
    ref = phone.store.put_attachment(big, "image/png")
    first = phone.new_sheet(ticket, seed=1)
    raw = dict(phone.latest[first][1])
    raw["repair"] = {**raw["repair"], "photos": [ref.model_dump(mode="json")]}
    phone.save(raw)
    others = [phone.new_sheet(ticket, seed=i) for i in range(2, 6)]

    result = phone.runner.attempt()
    assert result.ok, result.error
    assert_server_holds_exactly(phone, boss)
    assert len(others) == 4


def test_nothing_new_costs_at_most_two_requests_and_2_kb(
    phone: Phone, clerk: Client, boss: Client
) -> None:
    ticket = assigned_order(clerk, boss, phone.technician)
    phone.new_sheet(ticket, seed=1)
    assert phone.runner.attempt().ok
    traffic = phone.runner.engine.api.traffic
    before = (traffic.requests, traffic.bytes_sent + traffic.bytes_received)

    assert phone.runner.attempt().ok
    spent = (traffic.requests - before[0], traffic.bytes_sent + traffic.bytes_received - before[1])
    assert spent[0] <= 2 and spent[1] <= 2048, spent


def test_pull_applies_assignments_cancellations_and_reviews_once(
    phone: Phone, clerk: Client, boss: Client
) -> None:
    kept = assigned_order(clerk, boss, phone.technician)
    cancelled = assigned_order(clerk, boss, phone.technician)
    sheet_id = phone.new_sheet(kept, seed=3)
    assert phone.runner.attempt().ok
    assert phone.store.get_work_order(kept) is not None
    assert boss.post(f"/work-orders/{cancelled}/cancel", json={"reason": "用户已自行解决"}).ok
    returned = boss.post(
        f"/reviews/{sheet_id}/return", json={"comment": "请补拍故障照片", "revision": 1}
    )
    assert returned.status_code == 200, returned.text

    assert phone.runner.attempt().ok
    order = phone.store.get_work_order(cancelled)
    assert order is not None and order.status == "cancelled"
    reviews = phone.store.reviews(sheet_id)
    assert [r.decision for r in reviews] == [ReviewDecision.RETURNED]
    assert reviews[0].comment == "请补拍故障照片"
    cursor = phone.store.sync_state().cursor
    # Pulling again from an older cursor re-applies the same changes to the same effect.
    phone.store.set_cursor(None)
    assert phone.runner.attempt().ok
    assert len(phone.store.reviews(sheet_id)) == 1
    assert phone.store.sync_state().cursor == cursor


def test_expired_sign_in_asks_to_sign_in_again_and_keeps_the_queue(
    short_token_service: LiveService, tmp_path: Path
) -> None:
    live = short_token_service
    phone = phone_for(live, tmp_path / "phone")
    # Each account signs in right before it acts: on a busy machine 5 seconds pass quickly.
    ticket = assigned_order(live.login("clerk"), live.login("boss"), phone.technician)
    sheet_ids = [phone.new_sheet(ticket, seed=i) for i in range(3)]
    # The technician's token expires.
    assert wait_until(lambda: phone.technician.get("/sync/pull").status_code == 401)

    result = phone.runner.attempt()
    assert not result.ok
    status = phone.runner.board.current
    assert status.sign_in_required and status.last_error is not None
    assert "登录" in status.last_error.zh
    assert {p.sheet_id for p in phone.store.pending_sheets()} == set(sheet_ids)

    fresh = live.login("tech_a", device_id=phone.device_id)
    phone.runner.signed_in(str(fresh.token))
    assert phone.runner.attempt().ok
    assert not phone.store.pending_sheets()
    assert_server_holds_exactly(phone, live.login("boss"))
    phone.store.close()


def test_request_bodies_are_compressed(phone: Phone, clerk: Client, boss: Client) -> None:
    seen: list[requests.PreparedRequest] = []
    phone.session.hooks["response"].append(lambda r, *a, **k: seen.append(r.request))
    ticket = assigned_order(clerk, boss, phone.technician)
    for i in range(10):
        phone.new_sheet(ticket, seed=i)
    assert phone.runner.attempt().ok
    pushes = [r for r in seen if r.url and r.url.endswith("/sync/push")]
    assert pushes and all(r.headers.get("Content-Encoding") == "gzip" for r in pushes)


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_background_sync_runs_at_start_and_on_sync_now(
    phone: Phone, clerk: Client, boss: Client
) -> None:
    ticket = assigned_order(clerk, boss, phone.technician)
    phone.new_sheet(ticket, seed=1)
    phone.runner.interval = 3600  # no periodic round during this test
    seen: list[int] = []
    phone.runner.board.subscribe(lambda status: seen.append(status.pending))
    phone.runner.start()
    try:
        assert wait_until(lambda: phone.runner.board.current.last_success is not None)
        assert not phone.store.pending_sheets()
        phone.new_sheet(ticket, seed=2)  # e.g. right after the customer signed
        phone.runner.sync_now()
        assert wait_until(lambda: not phone.store.pending_sheets())
        assert wait_until(lambda: phone.runner.board.current.pending == 0)
    finally:
        phone.runner.stop()
    assert 1 in seen  # the screen was told a sheet was waiting
    assert_server_holds_exactly(phone, boss)


def test_a_spent_idempotency_key_is_replaced_not_blamed_on_the_sheets(
    phone: Phone, clerk: Client, boss: Client
) -> None:
    ticket = assigned_order(clerk, boss, phone.technician)
    sheet_id = phone.new_sheet(ticket, seed=1)
    key = str(uuid.uuid4())
    other = job_sheet(ticket, phone.technician.id)
    assert push(phone.technician, [(other, 1)], key=key).status_code == 200
    # The phone believes its own batch went out under that key (e.g. restored from a backup).
    phone.store.begin_batch(key, [(sheet_id, 1)])

    assert phone.runner.attempt().ok
    assert not phone.store.needs_attention()
    assert not phone.store.pending_sheets()
    assert boss.get(f"/sheets/{sheet_id}").json()["summary"]["version"] == 1


def test_an_upload_refused_as_a_whole_is_split_until_every_file_gets_through(
    phone: Phone, clerk: Client, boss: Client
) -> None:
    phone.limits.attachments_per_batch = 1000  # more files than the server takes at once
    ticket = assigned_order(clerk, boss, phone.technician)
    for i in range(210):
        phone.new_sheet(ticket, seed=i, signature_bytes=300)
    hashes = [ref.sha256 for s in phone.store.pending_sheets() for ref in s.sheet.attachments()]

    result = phone.runner.attempt()
    assert result.ok, result.error
    assert not phone.store.needs_attention() and not phone.store.pending_sheets()
    missing = phone.technician.post("/attachments/missing", json={"hashes": hashes})
    assert len(hashes) == 210 and missing.json()["missing"] == []


def test_a_cursor_the_server_does_not_know_restarts_from_its_snapshot(
    phone: Phone, clerk: Client, boss: Client
) -> None:
    ticket = assigned_order(clerk, boss, phone.technician)
    phone.store.set_cursor("999999999")  # e.g. the server's database was restored from a backup

    result = phone.runner.attempt()
    assert result.ok, result.error
    assert phone.store.get_work_order(ticket) is not None
    assert phone.store.sync_state().cursor != "999999999"


def test_the_last_sync_outcome_survives_an_app_restart(phone: Phone) -> None:
    assert phone.runner.attempt().ok
    synced_at = phone.runner.board.current.last_success
    phone.runner.engine.api.base_url = "http://127.0.0.1:9"  # no server there: offline
    assert not phone.runner.attempt().ok

    phone.restart_app()
    status = phone.runner.board.current
    assert status.last_success == synced_at is not None
    assert status.last_error is not None and "无法连接服务器" in status.last_error.zh
