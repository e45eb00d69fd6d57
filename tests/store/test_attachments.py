"""Photos and signatures: files named by content hash, checked on read, cleaned up safely."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from fieldapp.domain.job_sheet import AttachmentKind
from fieldapp.store import (
    MAX_ATTACHMENT_BYTES,
    AttachmentRejected,
    RecordNotFound,
    RecordUnreadable,
    Store,
    open_store,
)

from .conftest import a_sheet

PHOTO = b"\xff\xd8\xff\xe0" + b"JPEG data of a repair photo" * 100
LATER = datetime.now(UTC) + timedelta(days=2)  # the grace period of today's files is over


def test_an_attachment_is_a_file_named_by_its_hash(store: Store) -> None:
    ref = store.put_attachment(PHOTO, "image/jpeg", caption="维修前")
    assert ref.sha256 == hashlib.sha256(PHOTO).hexdigest()
    assert ref.size == len(PHOTO) and ref.content_type == "image/jpeg"
    assert (store.path / "attachments" / ref.sha256[:2] / ref.sha256).read_bytes() == PHOTO
    assert store.read_attachment(ref.sha256) == PHOTO


def test_the_same_photo_twice_is_one_file(store: Store) -> None:
    first = store.put_attachment(PHOTO, "image/jpeg")
    second = store.put_attachment(PHOTO, "image/jpeg", AttachmentKind.SIGNATURE)
    assert first.sha256 == second.sha256
    assert len(list((store.path / "attachments").rglob("*"))) == 2  # shard folder + file


def test_empty_or_oversized_attachments_are_refused(store: Store) -> None:
    with pytest.raises(AttachmentRejected, match="empty"):
        store.put_attachment(b"", "image/png")
    with pytest.raises(AttachmentRejected) as too_big:
        store.put_attachment(b"x" * (MAX_ATTACHMENT_BYTES + 1), "image/jpeg")
    assert "10 MB" in too_big.value.message.zh and "10 MB" in too_big.value.message.en


def test_a_damaged_file_is_moved_aside_not_uploaded(store: Store) -> None:
    ref = store.put_attachment(PHOTO, "image/jpeg")
    path = store.path / "attachments" / ref.sha256[:2] / ref.sha256
    path.write_bytes(PHOTO[:-10] + b"bit rot!!!")
    with pytest.raises(RecordUnreadable, match="does not match its hash"):
        store.read_attachment(ref.sha256)
    [report] = store.problems()
    assert report.kind == "attachment" and (store.path / report.moved_to).is_file()
    with pytest.raises(RecordNotFound):
        store.read_attachment(ref.sha256)


def test_cleanup_keeps_every_referenced_file(store: Store) -> None:
    pending = store.put_attachment(b"photo of a pending sheet", "image/jpeg")
    synced = store.put_attachment(b"photo of a synced sheet", "image/jpeg")
    orphan = store.put_attachment(b"photo taken and then deleted", "image/jpeg")
    store.save_sheet(a_sheet(1, photos=[pending]))
    store.save_sheet(a_sheet(2, photos=[synced]))
    store.mark_pushed(a_sheet(2).sheet_id, 1)
    report = store.cleanup_attachments(now=LATER)
    assert report.removed == [orphan.sha256]
    assert report.bytes_freed == orphan.size
    assert store.has_attachment(pending.sha256) and store.has_attachment(synced.sha256)
    assert not store.has_attachment(orphan.sha256)


def test_cleanup_spares_photos_just_taken(store: Store) -> None:
    fresh = store.put_attachment(b"photo for the sheet being edited", "image/jpeg")
    report = store.cleanup_attachments()
    assert report.removed == [] and report.kept_recent == 1
    assert store.has_attachment(fresh.sha256)
    assert store.cleanup_attachments(grace=timedelta(0), now=LATER).removed == [fresh.sha256]


def test_an_attachment_write_cut_off_by_a_kill_leaves_nothing_once_the_store_opens(
    store: Store,
) -> None:
    kept = store.put_attachment(PHOTO, "image/jpeg")
    folder = store.path / "attachments"
    # What a kill between creating the temp file and renaming it leaves behind: a photo
    # half written beside a stored one, and one in a shard folder of its own.
    beside = folder / kept.sha256[:2] / f".{kept.sha256[:2]}{'1' * 62}.1a2b3c4d.tmp"
    beside.write_bytes(PHOTO[:100])
    (folder / "ee").mkdir()
    alone = folder / "ee" / f".ee{'2' * 62}.5e6f7a8b.tmp"
    alone.write_bytes(PHOTO[:10])
    store.close()

    with open_store(store.path) as reopened:
        assert not beside.exists() and not alone.exists()
        assert reopened.read_attachment(kept.sha256) == PHOTO
        assert reopened.problems() == []
