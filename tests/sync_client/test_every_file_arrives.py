"""A sheet counts as synced only once the service holds every photo and signature it names.

Issue 8, defect 1: a photo saved while a round runs was pushed without its file, and the
phone said "synced" while the supervisor could not approve. Defect 2: a reply cut inside
its headers was read as "nothing missing". Both are driven against the real service; the
fault is acted out by :class:`~tests.sync_client.faults.ScriptedAdapter`.
"""

from __future__ import annotations

import pytest

from tests.sync.conftest import Client
from tests.sync.service_builders import assigned_order
from tests.sync_client.device import Phone, assert_server_holds_exactly
from tests.sync_client.faults import ScriptedAdapter


def scripted(phone: Phone) -> ScriptedAdapter:
    adapter = ScriptedAdapter()
    phone.session.mount("http://", adapter)
    return adapter


@pytest.mark.parametrize("during", ["/attachments/missing", "/attachments/batch", "/sync/push"])
def test_a_photo_saved_during_a_round_reaches_the_server_before_the_sheet_counts_as_synced(
    phone: Phone, clerk: Client, boss: Client, during: str
) -> None:
    ticket = assigned_order(clerk, boss, phone.technician)
    sheet_id = phone.new_sheet(ticket, seed=1)
    adapter = scripted(phone)
    # The technician adds a photo while that request is under way.
    adapter.before(during, lambda: phone.add_photo(sheet_id, seed=2))

    result = phone.runner.attempt()
    assert adapter.done[f"before {during}"] == 1
    assert result.ok, result.error
    # A version saved after its push left may wait for the next round; whatever the phone
    # calls synced must be on the server with every file.
    assert phone.runner.drain(3, sleep=lambda _: None)
    assert_server_holds_exactly(phone, boss)  # the photo too, byte for byte
    approved = boss.post(f"/reviews/{sheet_id}/approve", json={"revision": 1, "comment": "好"})
    assert approved.status_code == 200, approved.text


@pytest.mark.parametrize(
    "cut", ["/attachments/missing", "/attachments/batch", "/sync/push", "/sync/pull"]
)
def test_a_reply_cut_inside_its_headers_is_a_retryable_failure_that_says_so(
    phone: Phone, clerk: Client, boss: Client, cut: str
) -> None:
    ticket = assigned_order(clerk, boss, phone.technician)
    sheet_id = phone.new_sheet(ticket, seed=1)
    adapter = scripted(phone)
    adapter.cut_reply_in_headers(cut)

    result = phone.runner.attempt()

    assert adapter.done[f"cut {cut}"] == 1
    assert not result.ok, f"a reply to {cut} cut inside its headers was taken as an answer"
    assert result.error is not None and result.retry_in is not None
    assert cut in result.error.en and "reply" in result.error.en, result.error
    assert "回复" in result.error.zh, result.error
    if cut != "/sync/pull":
        summary = phone.store.sheet_summary(sheet_id)
        assert summary is not None and summary.pending  # not synced on an unread reply
    status = boss.get(f"/sheets/{sheet_id}")
    if status.status_code == 200:  # the push itself went through: never without its files
        assert status.json()["missing_attachments"] == []

    result = phone.runner.attempt()
    assert result.ok, result.error
    assert not phone.store.pending_sheets()
    assert_server_holds_exactly(phone, boss)
