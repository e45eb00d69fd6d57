"""Durable writes: the target holds the old bytes or the new, and no temp file is left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fieldapp.store.atomic import make_folder, remove_temp_files, temp_path_for, write_atomic


def test_write_replaces_the_content(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_a_failed_write_leaves_the_old_content_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "settings.json"
    write_atomic(target, b"old")

    def disk_full(fd: int) -> None:  # fault injected on purpose
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("fieldapp.store.atomic.flush_to_disk", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_leftover_temp_files_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    write_atomic(target, b"kept")
    temp_path_for(target).write_bytes(b"half a wri")
    (tmp_path / ".hidden-but-not-ours").write_bytes(b"x")
    assert remove_temp_files(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".hidden-but-not-ours", "a.json"]


def test_make_folder_creates_parents(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b" / "c"
    make_folder(folder)
    make_folder(folder)
    assert folder.is_dir() and os.access(folder, os.W_OK)
