"""The outbox: a save and its "needs sync" mark commit together; sync never misses or repeats."""

from __future__ import annotations

import pytest

from fieldapp.domain.text import text
from fieldapp.store import RecordNotFound, Store, open_store
from tests.support.sheets import edited

from .conftest import a_sheet


def test_each_save_is_a_new_pending_version(store: Store) -> None:
    sheet = a_sheet()
    assert store.save_sheet(sheet) == 1
    assert store.save_sheet(edited(sheet, "清洁光路")) == 2
    [pending] = store.pending_sheets()
    assert (pending.sheet_id, pending.version) == (sheet.sheet_id, 2)
    assert pending.sheet.repair.actions == "清洁光路"


def test_pushed_version_leaves_the_outbox(store: Store) -> None:
    sheet = a_sheet()
    version = store.save_sheet(sheet)
    assert store.mark_pushed(sheet.sheet_id, version) is True
    assert store.pending_sheets() == []
    assert store.mark_pushed(sheet.sheet_id, version) is True  # a repeated reply is harmless


def test_a_save_during_the_push_stays_pending(store: Store) -> None:
    sheet = a_sheet()
    store.save_sheet(sheet)
    [sending] = store.pending_sheets()
    store.save_sheet(edited(sheet, "补充：更换遥控器电池"))  # technician edits meanwhile
    assert store.mark_pushed(sending.sheet_id, sending.version) is False
    [pending] = store.pending_sheets()
    assert pending.version == 2 and pending.sheet.repair.actions == "补充：更换遥控器电池"


def test_an_older_reply_never_unpushes_a_newer_version(store: Store) -> None:
    sheet = a_sheet()
    store.save_sheet(sheet)
    store.save_sheet(sheet)
    store.mark_pushed(sheet.sheet_id, 2)
    store.mark_pushed(sheet.sheet_id, 1)  # a late reply of an earlier batch
    assert store.pending_sheets() == []


def test_a_version_never_saved_cannot_be_marked_pushed(store: Store) -> None:
    sheet = a_sheet()
    store.save_sheet(sheet)
    with pytest.raises(ValueError, match="no version 5"):
        store.mark_pushed(sheet.sheet_id, 5)
    with pytest.raises(RecordNotFound):
        store.mark_pushed(a_sheet(99).sheet_id, 1)


def test_pending_marks_survive_reopening(store: Store) -> None:
    first, second = a_sheet(1), a_sheet(2)
    store.save_sheet(first)
    store.save_sheet(second)
    store.mark_pushed(first.sheet_id, 1)
    store.close()
    with open_store(store.path) as reopened:
        assert [p.sheet_id for p in reopened.pending_sheets()] == [second.sheet_id]


def test_a_rejected_version_needs_attention_until_saved_again(store: Store) -> None:
    sheet = a_sheet()
    version = store.save_sheet(sheet)
    reason = text("机身编号格式不正确", "the serial number is not in the expected format")
    assert store.mark_needs_attention(sheet.sheet_id, version, reason) is True
    assert store.pending_sheets() == []  # not sent again as it is: it would fail again
    [attention] = store.needs_attention()
    assert attention.attention_message == reason
    store.save_sheet(edited(sheet, "已更正机身编号"))
    assert [p.version for p in store.pending_sheets()] == [2]
    assert store.needs_attention() == []


def test_rejection_of_an_older_version_does_not_hide_the_newer_one(store: Store) -> None:
    sheet = a_sheet()
    store.save_sheet(sheet)
    store.save_sheet(edited(sheet, "更正"))
    reason = text("签名缺失", "the signature is missing")
    assert store.mark_needs_attention(sheet.sheet_id, 1, reason) is False
    assert [p.version for p in store.pending_sheets()] == [2]


def test_retrying_a_rejected_sheet_sends_it_again(store: Store) -> None:
    sheet = a_sheet()
    store.save_sheet(sheet)
    store.mark_needs_attention(sheet.sheet_id, 1, text("服务器维护", "server maintenance"))
    store.clear_needs_attention(sheet.sheet_id)
    assert [p.version for p in store.pending_sheets()] == [1]


def test_attention_survives_reopening(store: Store) -> None:
    sheet = a_sheet()
    store.save_sheet(sheet)
    reason = text("工作单不属于该技术员", "the work order is not this technician's")
    store.mark_needs_attention(sheet.sheet_id, 1, reason)
    store.close()
    with open_store(store.path) as reopened:
        [attention] = reopened.needs_attention()
        assert attention.attention_message == reason
