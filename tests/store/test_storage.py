"""The TinyDB storages: real TinyDB databases, written atomically, one write per transaction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tinydb import Query, TinyDB
from tinydb.storages import JSONStorage

from fieldapp.store import Store
from fieldapp.store.storage import (
    AtomicJSONStorage,
    GenerationStorage,
    Transaction,
    UnreadableFile,
    decode_tables,
    key_to_name,
    name_to_key,
)

from .conftest import a_sheet


def test_atomic_storage_is_an_ordinary_tinydb_storage(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        db.insert({"ticket_no": "BX20261122-0007", "status": "assigned"})
        db.update({"status": "closed"}, Query().ticket_no == "BX20261122-0007")
    with TinyDB(path, storage=JSONStorage, access_mode="r") as stock:
        assert stock.all() == [{"ticket_no": "BX20261122-0007", "status": "closed"}]


def test_generation_storage_writes_a_new_file_and_removes_the_old(tmp_path: Path) -> None:
    db = TinyDB(tmp_path, "sheet", 0, storage=GenerationStorage)
    db.insert({"n": 1})
    db.insert({"n": 2})
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.2.json"]
    assert len(TinyDB(tmp_path, "sheet", 2, storage=GenerationStorage).all()) == 2


def test_a_transaction_is_one_write(tmp_path: Path) -> None:
    transaction = Transaction(GenerationStorage)
    db = TinyDB(tmp_path, "sheet", 0, storage=transaction)
    db.table("sheet").insert({"actions": "更换镇流器"})
    db.table("sync").insert({"version": 1})
    assert list(tmp_path.iterdir()) == []  # nothing written until the commit
    transaction.commit()
    [written] = tmp_path.iterdir()
    assert written.name == "sheet.1.json"
    assert set(json.loads(written.read_bytes())) == {"sheet", "sync"}


def test_every_job_file_is_a_tinydb_database(store: Store) -> None:
    sheet = a_sheet()
    store.save_sheet(sheet)
    [path] = (store.path / "sheets").glob("*.json")
    with TinyDB(path, storage=JSONStorage, access_mode="r") as stock:
        assert stock.table("sheet").all()[0]["sheet_id"] == sheet.sheet_id
        assert stock.table("sync").all()[0]["version"] == 1


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b'{"sheet": {"1": ', "not valid JSON"),
        (b"[1, 2]", "not a TinyDB database"),
        (b'{"sheet": {"one": {}}}', "malformed"),
        (b'{"sheet": {"1": 5}}', "malformed"),
    ],
)
def test_a_file_that_is_not_a_database_is_reported(raw: bytes, reason: str) -> None:
    with pytest.raises(UnreadableFile) as unreadable:
        decode_tables(raw, Path("sheets/x.1.json"))
    assert reason in unreadable.value.reason.en and unreadable.value.reason.zh


def test_keys_that_are_not_plain_become_safe_file_names() -> None:
    assert key_to_name("BX20261122-0007") == "BX20261122-0007"
    for key in ("BX2026١١22-0007", "../../etc/passwd", "a.b"):
        name = key_to_name(key)
        assert "/" not in name and "." not in name and name_to_key(name) == key
