"""The sync client's bookkeeping survives restarts and changes atomically."""

from __future__ import annotations

from datetime import UTC, datetime

from fieldapp.domain.text import text
from fieldapp.store import Store, open_store


def test_cursor_and_in_flight_batch_survive_a_restart(store: Store) -> None:
    store.set_cursor("1284")
    batch = store.begin_batch("7d9e0c1a-key", [("0b6f2c9e-3f4a-4d8e-9a1b-2c3d4e5f6a7b", 3)])
    store.close()
    with open_store(store.path) as reopened:
        state = reopened.sync_state()
        assert state.cursor == "1284"
        assert state.in_flight == batch  # send the same batch again under the same key


def test_ending_a_batch_forgets_only_that_batch(store: Store) -> None:
    store.begin_batch("batch-1", [])
    store.end_batch("batch-0")  # a late reply of an older batch
    assert store.sync_state().in_flight is not None
    store.end_batch("batch-1")
    assert store.sync_state().in_flight is None


def test_last_error_and_success_are_shown(store: Store) -> None:
    message = text("网络不可用，稍后自动重试", "no network; will retry automatically")
    store.record_sync_error(message)
    assert store.sync_state().last_error is not None
    assert store.sync_state().last_error.message == message  # type: ignore[union-attr]
    done = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
    state = store.record_sync_success(done)
    assert state.last_success_at == done and state.last_error is None
