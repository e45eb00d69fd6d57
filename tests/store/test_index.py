"""The index is a cache of the record files: losing or damaging it costs time, never data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fieldapp.store import open_store
from tests.support.orders import an_order

from .conftest import a_sheet

SAVE_AND_DIE = """
import os, sys
sys.path.insert(0, sys.argv[2])
from tests.support.sheets import edited
from tests.store.conftest import a_sheet
from fieldapp.store import open_store
store = open_store(sys.argv[1])
for n in range(1, 6):
    store.save_sheet(edited(a_sheet(n), "after the snapshot"))
store.mark_pushed(a_sheet(1).sheet_id, 2)
os._exit(0)  # killed: no close(), so no fresh snapshot
"""


def fill(store_path: Path) -> None:
    with open_store(store_path) as store:
        for n in range(1, 6):
            store.save_sheet(a_sheet(n))
        store.apply_work_order(an_order())


def expected_state(store_path: Path) -> dict[str, tuple[int, bool, str]]:
    with open_store(store_path) as store:
        return {
            s.sheet_id: (s.version, s.pending, store.get_sheet(s.sheet_id).repair.actions)  # type: ignore[union-attr]
            for s in store.list_sheets()
        }


def test_changes_after_the_last_snapshot_are_found_after_a_kill(store_path: Path) -> None:
    fill(store_path)
    repo_root = str(Path(__file__).parent.parent.parent)
    subprocess.run([sys.executable, "-c", SAVE_AND_DIE, str(store_path), repo_root], check=True)
    state = expected_state(store_path)
    assert state[a_sheet(1).sheet_id] == (2, False, "after the snapshot")
    assert state[a_sheet(2).sheet_id] == (2, True, "after the snapshot")


def test_a_lost_index_is_rebuilt_from_the_files(store_path: Path) -> None:
    fill(store_path)
    before = expected_state(store_path)
    for name in ("snapshot.json", "journal.jsonl"):
        (store_path / "index" / name).unlink(missing_ok=True)
    assert expected_state(store_path) == before
    with open_store(store_path) as store:
        assert [o.ticket_no for o in store.list_work_orders()] == [an_order().ticket_no]


def test_a_damaged_snapshot_is_set_aside_and_rebuilt(store_path: Path) -> None:
    fill(store_path)
    before = expected_state(store_path)
    (store_path / "index" / "snapshot.json").write_text('{"sheets": ')
    assert expected_state(store_path) == before
    with open_store(store_path) as store:
        assert [r.kind for r in store.problems()] == ["index"]


def test_a_torn_journal_line_is_ignored(store_path: Path) -> None:
    fill(store_path)
    repo_root = str(Path(__file__).parent.parent.parent)
    subprocess.run([sys.executable, "-c", SAVE_AND_DIE, str(store_path), repo_root], check=True)
    with (store_path / "index" / "journal.jsonl").open("ab") as journal:
        journal.write(b'{"t":"sheets","k":"00000000-')  # an append cut short by a power cut
    state = expected_state(store_path)
    assert state[a_sheet(3).sheet_id] == (2, True, "after the snapshot")


def test_superseded_generations_left_by_a_crash_are_removed(store_path: Path) -> None:
    fill(store_path)
    folder = store_path / "sheets"
    sheet_id = a_sheet(1).sheet_id
    [current] = folder.glob(f"{sheet_id}.*.json")
    (folder / f"{sheet_id}.0.json").write_bytes(current.read_bytes())  # an older generation
    (folder / f".{sheet_id}.2.json.1a2b3c4d.tmp").write_bytes(b'{"half')  # an interrupted write
    with open_store(store_path) as store:
        assert store.get_sheet(sheet_id) == a_sheet(1)
    assert sorted(p.name for p in folder.glob(f"*{sheet_id}*")) == [current.name]
