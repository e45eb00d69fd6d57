"""What can go wrong in the offline store, as exceptions that carry a bilingual message.

The hierarchy, so callers catch at the right level::

    StoreError                  every store failure; ``.message`` is a :class:`Text`
    ├── StoreLocked             another process (or another open Store) holds the folder
    ├── StoreTooNew             the folder was written by a newer app version
    ├── StoreClosed             the Store was used after ``close()``
    ├── RecordNotFound          (also a ``KeyError``) no sheet / work order / attachment by that id
    ├── RecordUnreadable        a file could not be read; it has been moved aside (quarantined)
    └── AttachmentRejected      (also a ``ValueError``) empty or oversized attachment bytes

Bad arguments that are programming errors (an id that is not a sheet id) raise plain
``ValueError``.
"""

from __future__ import annotations

from fieldapp.domain.text import Text, text


class StoreError(Exception):
    """Base of every store failure; ``message`` is shown to the technician."""

    def __init__(self, message: Text) -> None:
        super().__init__(str(message))
        self.message = message


class StoreLocked(StoreError):
    """Raised by ``open_store`` when the folder is already open (lock file held)."""


class StoreTooNew(StoreError):
    """Raised by ``open_store`` when the folder's schema version is newer than this app."""


class StoreClosed(StoreError):
    """Raised by any operation on a Store after ``close()``."""

    def __init__(self) -> None:
        super().__init__(text("本地数据已关闭", "the local store has been closed"))


class RecordNotFound(StoreError, KeyError):
    """Raised when an operation names a sheet, work order or attachment the store lacks."""

    def __str__(self) -> str:  # KeyError would otherwise show the repr of the message
        return str(self.message)


class RecordUnreadable(StoreError):
    """Raised when a file cannot be read; it has been moved to the quarantine folder."""


class AttachmentRejected(StoreError, ValueError):
    """Raised by ``put_attachment`` for empty or oversized bytes."""
