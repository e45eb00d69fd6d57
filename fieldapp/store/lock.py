"""One process at a time: an advisory lock on ``store.lock`` held while a Store is open.

Two processes (or two Store objects in one process) writing the same folder would each
keep their own index and overwrite each other's generations. The lock is an OS file
lock (``flock``), so it disappears with the process: a killed app never leaves a stale
lock behind. The file holds the owner's process id, for the message only.
"""

from __future__ import annotations

import os
from pathlib import Path

from fieldapp.domain.text import text
from fieldapp.store.errors import StoreLocked

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

LOCK_FILE = "store.lock"


class StoreLock:
    """The held lock of one store folder; :meth:`release` lets another process open it."""

    def __init__(self, fd: int, path: Path) -> None:
        self._fd: int | None = fd
        self.path = path

    @classmethod
    def acquire(cls, folder: Path) -> StoreLock:
        """Take the lock or raise :class:`StoreLocked` at once (never waits)."""
        path = folder / LOCK_FILE
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except OSError:
            owner = _read_owner(fd)
            os.close(fd)
            raise StoreLocked(
                text(
                    f"本地数据 {folder} 已被另一个程序打开（进程 {owner}），请先关闭它",
                    f"the store {folder} is already open in another process "
                    f"(pid {owner}); close that one first",
                )
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        return cls(fd, path)

    def release(self) -> None:
        """Give the lock up (idempotent)."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing the descriptor drops the flock


def _lock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    else:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)


def _read_owner(fd: int) -> str:
    try:
        return os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
    except (OSError, AttributeError):
        return "?"
