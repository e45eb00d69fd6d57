"""A file that cannot be read is moved aside with a clear message; the rest keeps working."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldapp.store import RecordUnreadable, Store, open_store

from .conftest import a_sheet


def sheet_file(store_path: Path, n: int) -> Path:
    [path] = (store_path / "sheets").glob(f"{a_sheet(n).sheet_id}.*.json")
    return path


def test_a_damaged_sheet_is_quarantined_when_read(store: Store) -> None:
    store.save_sheet(a_sheet(1))
    store.save_sheet(a_sheet(2))
    damaged = sheet_file(store.path, 1)
    damaged.write_bytes(b'{"sheet": {"1": {"sheet_id": "0000')  # cut short
    with pytest.raises(RecordUnreadable) as unreadable:
        store.get_sheet(a_sheet(1).sheet_id)
    assert "无法读取" in unreadable.value.message.zh
    assert "could not be read" in unreadable.value.message.en
    [report] = store.problems()
    assert report.file == f"sheets/{damaged.name}" and report.kind == "sheet"
    assert "not valid JSON" in report.reason.en
    assert (store.path / report.moved_to).read_bytes().startswith(b'{"sheet"')  # kept, not deleted
    # The rest of the store keeps working.
    assert store.get_sheet(a_sheet(2).sheet_id) == a_sheet(2)
    assert [s.sheet_id for s in store.list_sheets()] == [a_sheet(2).sheet_id]
    assert store.get_sheet(a_sheet(1).sheet_id) is None


def test_a_damaged_sheet_found_on_open_is_reported(store_path: Path) -> None:
    with open_store(store_path) as store:
        store.save_sheet(a_sheet(1))
        store.save_sheet(a_sheet(2))
    sheet_file(store_path, 1).write_text("not json at all")
    (store_path / "index" / "snapshot.json").unlink()  # forces every file to be read
    with open_store(store_path) as store:
        [report] = store.problems()
        assert report.key == a_sheet(1).sheet_id
        assert [s.sheet_id for s in store.list_sheets()] == [a_sheet(2).sheet_id]


def test_a_sheet_that_no_longer_validates_is_quarantined_with_the_field(store: Store) -> None:
    store.save_sheet(a_sheet(1))
    path = sheet_file(store.path, 1)
    path.write_text(path.read_text().replace('"technician_id":"tech-07"', '"technician_id":""'))
    with pytest.raises(RecordUnreadable):
        store.get_sheet(a_sheet(1).sheet_id)
    [report] = store.problems()
    assert "技术员" in report.reason.zh and "Technician" in report.reason.en


def test_saving_over_a_damaged_sheet_continues_its_version(store: Store) -> None:
    sheet = a_sheet(1)
    for _ in range(3):
        store.save_sheet(sheet)
    sheet_file(store.path, 1).write_bytes(b"\x00\x00\x00")
    assert store.save_sheet(sheet) == 4  # the server already holds 1..3
    assert len(store.problems()) == 1


def test_a_newest_generation_that_is_damaged_falls_back_to_the_previous_one(store: Store) -> None:
    sheet = a_sheet(1)
    store.save_sheet(sheet)
    store.close()
    (store.path / "sheets" / f"{sheet.sheet_id}.2.json").write_text("{garbage")
    with open_store(store.path) as reopened:
        assert reopened.get_sheet(sheet.sheet_id) == sheet
        assert len(reopened.problems()) == 1
        assert reopened.save_sheet(sheet) == 2


def test_damaged_settings_are_set_aside_and_defaults_used(store_path: Path) -> None:
    with open_store(store_path) as store:
        store.set_setting("archive_after_days", 7)
    (store_path / "settings.json").write_text("[1, 2")
    with open_store(store_path) as store:
        assert store.get_setting("archive_after_days") == 30
        [report] = store.problems()
        assert report.kind == "settings"
        store.set_setting("archive_after_days", 10)  # and it can be set again
    with open_store(store_path) as store:
        assert store.get_setting("archive_after_days") == 10


def test_photos_of_a_quarantined_sheet_are_not_cleaned_up(store: Store) -> None:
    photo = store.put_attachment(b"the only proof of the repair", "image/jpeg")
    store.save_sheet(a_sheet(1, photos=[photo]))
    sheet_file(store.path, 1).write_bytes(b"damaged" + photo.sha256.encode())
    with pytest.raises(RecordUnreadable):
        store.get_sheet(a_sheet(1).sheet_id)
    later = datetime.now(UTC) + timedelta(days=3)
    assert store.cleanup_attachments(now=later).removed == []
    assert store.has_attachment(photo.sha256)


def test_marking_a_damaged_sheet_reports_it_instead_of_inventing_a_record(store: Store) -> None:
    sheet = a_sheet(1)
    store.save_sheet(sheet)
    sheet_file(store.path, 1).write_bytes(b"{")
    with pytest.raises(RecordUnreadable):
        store.mark_pushed(sheet.sheet_id, 1)
    assert list((store.path / "sheets").iterdir()) == []  # nothing half-made in its place
    assert store.pending_sheets() == [] and len(store.problems()) == 1


def test_damaged_sync_marks_do_not_block_the_next_save(store: Store) -> None:
    sheet = a_sheet(1)
    store.save_sheet(sheet)
    store.save_sheet(sheet)
    path = sheet_file(store.path, 1)
    path.write_text(path.read_text().replace('"pushed_version":0', '"pushed_version":"zero"'))
    assert store.save_sheet(sheet) == 3
    assert store.get_sheet(sheet.sheet_id) == sheet and len(store.problems()) == 1


def test_odd_digits_in_file_names_and_document_ids_do_not_break_the_store(
    store_path: Path,
) -> None:
    with open_store(store_path) as store:
        store.save_sheet(a_sheet(1))
        store.save_sheet(a_sheet(2))
    # "²" counts as a digit for str.isdigit() but int() cannot read it.
    (store_path / "sheets" / "stray.².json").write_text("{}")
    damaged = sheet_file(store_path, 1)
    damaged.write_text(damaged.read_text().replace('"1":', '"²":', 1))
    (store_path / "index" / "snapshot.json").unlink()  # forces every file to be read
    with open_store(store_path) as store:
        assert [r.key for r in store.problems()] == [a_sheet(1).sheet_id]
        assert [s.sheet_id for s in store.list_sheets()] == [a_sheet(2).sheet_id]
