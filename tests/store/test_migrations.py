"""Schema versions: an older store is upgraded on open, a newer one is refused untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldapp.store import Migration, StoreTooNew, open_store
from fieldapp.store.storage import Tables
from tests.support.orders import an_order

from .conftest import a_sheet


def add_technician_note(kind: str, tables: Tables) -> Tables:
    """A version-2 layout: sheet records gain a ``notes`` table."""
    if kind == "sheet":
        tables["notes"] = {"1": {"text": "migrated"}}
    return tables


TO_V2 = Migration(1, "sheet records gain a notes table", add_technician_note)


def sheet_tables(store_path: Path) -> dict[str, object]:
    [path] = (store_path / "sheets").glob("*.json")
    return json.loads(path.read_bytes())  # type: ignore[no-any-return]


def test_a_new_store_starts_at_the_current_schema(store_path: Path) -> None:
    with open_store(store_path) as store:
        assert store.schema_version == 1
        store.save_sheet(a_sheet())
    assert sheet_tables(store_path)["meta"]["1"]["schema"] == 1  # type: ignore[index]


def test_an_older_store_is_migrated_on_open(store_path: Path) -> None:
    with open_store(store_path) as store:
        store.save_sheet(a_sheet())
        store.apply_work_order(an_order())
        store.set_setting("language", "zh")
    with open_store(store_path, migrations=[TO_V2]) as store:
        assert store.schema_version == 2
        assert store.get_sheet(a_sheet().sheet_id) == a_sheet()
        assert store.get_work_order(an_order().ticket_no) == an_order()
        assert store.get_setting("language") == "zh"
        assert [p.version for p in store.pending_sheets()] == [1]  # marks kept
    tables = sheet_tables(store_path)
    assert tables["notes"] == {"1": {"text": "migrated"}}
    assert tables["meta"]["1"]["schema"] == 2  # type: ignore[index]
    info = json.loads((store_path / "store.json").read_bytes())
    assert info["store"]["1"]["schema_version"] == 2


def test_a_migration_interrupted_half_way_is_finished_next_time(store_path: Path) -> None:
    with open_store(store_path) as store:
        for n in range(1, 5):
            store.save_sheet(a_sheet(n))
    calls = 0

    def fails_on_the_third_sheet(kind: str, tables: Tables) -> Tables:
        nonlocal calls
        if kind == "sheet":
            calls += 1
            if calls == 3:
                raise OSError("battery died")  # fault injected on purpose
        return add_technician_note(kind, tables)

    with pytest.raises(OSError, match="battery died"):
        open_store(store_path, migrations=[Migration(1, "flaky", fails_on_the_third_sheet)])
    with open_store(store_path, migrations=[TO_V2]) as store:
        assert len(store.list_sheets()) == 4
        assert store.problems() == []
    for path in (store_path / "sheets").glob("*.json"):
        tables = json.loads(path.read_bytes())
        assert tables["notes"] == {"1": {"text": "migrated"}} and tables["meta"]["1"]["schema"] == 2


def test_a_store_written_by_a_newer_app_is_refused_untouched(store_path: Path) -> None:
    with open_store(store_path, migrations=[TO_V2]) as store:
        store.save_sheet(a_sheet())
    before = {p: p.read_bytes() for p in store_path.rglob("*.json")}
    with pytest.raises(StoreTooNew) as refused:
        open_store(store_path)
    assert "请更新应用" in refused.value.message.zh and "update the app" in refused.value.message.en
    assert {p: p.read_bytes() for p in store_path.rglob("*.json")} == before
    open_store(store_path, migrations=[TO_V2]).close()  # the lock was released


def test_migrations_must_follow_each_other(store_path: Path) -> None:
    with pytest.raises(ValueError, match="expected 1"):
        open_store(store_path, migrations=[Migration(2, "skips version 1", add_technician_note)])
