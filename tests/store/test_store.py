"""The Store as a whole: thread safety, closing, and what opening reports."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

import pytest

from fieldapp.store import Store, StoreClosed, open_store
from tests.support.sheets import edited

from .conftest import a_sheet


def run_threads(count: int, work: object) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def runner(n: int) -> None:
        start.wait()
        try:
            work(n)  # type: ignore[operator]
        except BaseException as exc:  # reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=runner, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_concurrent_writers_lose_nothing(store: Store) -> None:
    """Eight handlers save at once, half of them the same sheet: every save counts."""
    shared = a_sheet(1000)
    saves_per_thread = 25
    returned: Counter[str] = Counter()
    versions: dict[str, list[int]] = {}
    lock = threading.Lock()

    def work(n: int) -> None:
        own = a_sheet(n + 1)
        for k in range(saves_per_thread):
            sheet = shared if n % 2 else own
            version = store.save_sheet(edited(sheet, f"thread {n} save {k}"))
            with lock:
                returned[sheet.sheet_id] += 1
                versions.setdefault(sheet.sheet_id, []).append(version)

    assert run_threads(8, work) == []
    for sheet_id, count in returned.items():
        assert sorted(versions[sheet_id]) == list(range(1, count + 1))  # no version twice
        summary = store.sheet_summary(sheet_id)
        assert summary is not None and summary.version == count
    store.close()
    with open_store(store.path) as reopened:
        assert {s.sheet_id: s.version for s in reopened.list_sheets()} == dict(returned)


def test_pushing_while_saving_never_loses_the_pending_mark(store: Store) -> None:
    sheet = a_sheet()
    store.save_sheet(sheet)
    stop = threading.Event()

    def work(n: int) -> None:
        if n == 0:
            for k in range(60):
                store.save_sheet(edited(sheet, f"save {k}"))
            stop.set()
        else:
            while not stop.is_set():
                for pending in store.pending_sheets():
                    store.mark_pushed(pending.sheet_id, pending.version)

    assert run_threads(2, work) == []
    summary = store.sheet_summary(sheet.sheet_id)
    assert summary is not None and summary.version == 61
    # Either the last version was pushed, or it is still waiting: never marked by mistake.
    assert summary.pending == (summary.marks.pushed_version < 61)
    for pending in store.pending_sheets():
        assert pending.version == 61


def test_a_closed_store_refuses_work(store_path: Path) -> None:
    store = open_store(store_path)
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreClosed):
        store.save_sheet(a_sheet())


def test_every_store_gets_a_device_id_that_stays(store_path: Path) -> None:
    with open_store(store_path) as store:
        device_id = store.device_id
    with open_store(store_path) as store:
        assert store.device_id == device_id and len(device_id) == 36
