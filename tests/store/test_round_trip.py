"""Every model the store keeps comes back exactly as saved, before and after reopening."""

from __future__ import annotations

import tempfile
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.domain.job_sheet import Arrival, JobSheet
from fieldapp.domain.visit import visit_day
from fieldapp.domain.work_order import WorkOrder
from fieldapp.store import ReviewResult, Store, SyncState, open_store
from tests.builders import VISIT_DAY, at

from .conftest import a_sheet
from .strategies import job_sheets, json_values, review_results, work_orders

# Every example does real fsyncs: keep the counts modest on a shared 2-core machine.
examples = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def reopened(store: Store) -> Store:
    store.close()
    return open_store(store.path)


@examples
@given(sheet=job_sheets())
def test_job_sheet_round_trip(store: Store, sheet: JobSheet) -> None:
    version = store.save_sheet(sheet)
    assert store.get_sheet(sheet.sheet_id) == sheet
    summary = store.sheet_summary(sheet.sheet_id)
    assert summary is not None and summary.version == version and summary.pending
    assert set(summary.attachments) == {ref.sha256 for ref in sheet.attachments()}
    assert summary.day == visit_day(sheet)
    assert [p.sheet for p in store.pending_sheets() if p.sheet_id == sheet.sheet_id] == [sheet]


@settings(max_examples=25, deadline=None)
@given(sheets=st.lists(job_sheets(), min_size=1, max_size=4, unique_by=lambda s: s.sheet_id))
def test_job_sheets_survive_reopening(sheets: list[JobSheet]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder))
        for sheet in sheets:
            store.save_sheet(sheet)
        store = reopened(store)
        try:
            for sheet in sheets:
                assert store.get_sheet(sheet.sheet_id) == sheet
            assert {s.sheet_id for s in store.list_sheets()} == {s.sheet_id for s in sheets}
        finally:
            store.close()


def test_a_sheet_is_listed_under_the_day_of_its_visit(store: Store) -> None:
    """Started the evening before, checked in the next morning: listed on the visit's day."""
    early = a_sheet(1, day=VISIT_DAY - timedelta(days=1))
    visited = early.model_copy(update={"arrival": Arrival(checked_in_at=at(VISIT_DAY, 9))})
    # Recorded in UTC, 17:30 on the day before is already half past one in Shanghai.
    utc_start = at(VISIT_DAY, 1, 30).astimezone(UTC)
    late = a_sheet(2).model_copy(update={"created_at": utc_start, "updated_at": utc_start})
    store.save_sheet(visited)
    store.save_sheet(late)

    listed = {s.sheet_id for s in store.list_sheets(day=VISIT_DAY)}

    assert listed == {visited.sheet_id, late.sheet_id}
    assert store.list_sheets(day=VISIT_DAY - timedelta(days=1)) == []


@examples
@given(order=work_orders())
def test_work_order_round_trip(store: Store, order: WorkOrder) -> None:
    store.apply_work_order(order)
    assert store.get_work_order(order.ticket_no) == order
    summary = next(o for o in store.list_work_orders() if o.ticket_no == order.ticket_no)
    assert summary.status is order.status
    assert summary.day == (order.appointment or order.reported_at).date()


@examples
@given(data=st.data())
def test_review_results_round_trip(store: Store, data: st.DataObject) -> None:
    sheet = data.draw(job_sheets())
    store.save_sheet(sheet)
    before = store.reviews(sheet.sheet_id)  # examples share the store (and may share ids)
    reviews = data.draw(st.lists(review_results(sheet.sheet_id), max_size=3, unique=True))
    for review in reviews:
        store.apply_review_result(review)
        store.apply_review_result(review)  # applying a pulled change twice = once
    stored: list[ReviewResult] = store.reviews(sheet.sheet_id)
    expected = before + [r for r in reviews if r not in before]
    assert sorted(stored, key=repr) == sorted(expected, key=repr)


@settings(max_examples=30, deadline=None)
@given(values=st.dictionaries(st.text(min_size=1, max_size=10), json_values, max_size=5))
def test_settings_round_trip(values: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder))
        for name, value in values.items():
            store.set_setting(name, value)
        store = reopened(store)
        try:
            for name, value in values.items():
                assert store.get_setting(name) == value
        finally:
            store.close()


@examples
@given(
    cursor=st.none() | st.text(max_size=20),
    items=st.lists(st.tuples(st.uuids().map(str), st.integers(1, 10**6)), max_size=5),
)
def test_sync_state_round_trip(
    store: Store, cursor: str | None, items: list[tuple[str, int]]
) -> None:
    store.set_cursor(cursor)
    batch = store.begin_batch("9f1c-key", items)
    state: SyncState = store.sync_state()
    assert state.cursor == cursor and state.in_flight == batch
    assert [(i.sheet_id, i.version) for i in batch.items] == items
