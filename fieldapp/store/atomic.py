"""Durable, atomic file writes: after a crash a file holds the old bytes or the new, never a mix.

The recipe is the classic one: write a temporary file in the same folder, flush it to the
disk, rename it over (or next to) the target, then flush the folder so that the rename
itself survives a power cut. ``os.fsync`` on macOS and iOS only hands data to the drive,
whose cache may still lose it; there ``F_FULLFSYNC`` asks the drive to write it through.

Temporary files are named ``.<target>.<random>.tmp``: a crash can leave one behind, and
:func:`remove_temp_files` clears them when the store opens (they were never committed).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows desktop builds: no fcntl, fsync still works
    fcntl = None  # type: ignore[assignment]

TEMP_SUFFIX = ".tmp"
_FULLFSYNC = getattr(fcntl, "F_FULLFSYNC", None) if fcntl is not None else None


def flush_to_disk(fd: int) -> None:
    """Make the data of ``fd`` durable (``F_FULLFSYNC`` where fsync alone is not enough)."""
    if _FULLFSYNC is not None:
        try:
            fcntl.fcntl(fd, _FULLFSYNC)
            return
        except OSError:  # some file systems refuse it; plain fsync is the next best
            pass
    os.fsync(fd)


def flush_folder(folder: Path) -> None:
    """Make renames, creations and removals in ``folder`` durable."""
    if os.name == "nt":  # folders cannot be opened on Windows; NTFS journals renames
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        flush_to_disk(fd)
    finally:
        os.close(fd)


def temp_path_for(target: Path) -> Path:
    """A fresh temporary file name beside ``target``."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def write_atomic(target: Path, data: bytes) -> None:
    """Replace (or create) ``target`` with ``data``, atomically and durably.

    When this returns, ``data`` is on disk under ``target``; if the process or the machine
    dies first, ``target`` still holds its previous content (or does not exist).
    """
    temp = temp_path_for(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            flush_to_disk(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    flush_folder(target.parent)


def make_folder(folder: Path) -> None:
    """Create ``folder`` (and parents) so that its existence survives a power cut."""
    if folder.is_dir():
        return
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    folder.mkdir(parents=True, exist_ok=True)
    for created in reversed(missing):
        flush_folder(created.parent)


def remove_temp_files(folder: Path) -> int:
    """Delete leftovers of interrupted writes in ``folder``; returns how many."""
    removed = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX):
                Path(entry.path).unlink(missing_ok=True)
                removed += 1
    return removed
