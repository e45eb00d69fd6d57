"""What the last sync round learnt about each queued photo and signature file.

The outbox lists every file a queued sheet names with its own state, not its sheet's: a
technician whose sheet waits should see whether the 3 MB photo already reached the
service or is the thing still to go. The engine records, once per pass, which files the
service holds, which it refused (with its words) and which a push reply still listed as
missing; the record is one store setting, kept to the files of sheets still queued.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from fieldapp.domain.text import Text
from fieldapp.store import Store

FILE_STATES_SETTING = "sync.files"


class FileState(StrEnum):
    """A queued file's state as the phone knows it."""

    WAITING = "waiting"  # not sent yet, or the service still lacks it
    SENT = "sent"  # the service holds these bytes
    REFUSED = "refused"  # the service refused it, or it cannot be read on the phone


@dataclass(frozen=True)
class FileStatus:
    """One file's state and, when refused, the reason in words."""

    state: FileState
    message: Text | None = None


def file_states(store: Store) -> dict[str, FileStatus]:
    """The recorded state of each file by its SHA-256 (a file not listed is waiting)."""
    raw = store.get_setting(FILE_STATES_SETTING, {}) or {}
    found: dict[str, FileStatus] = {}
    for sha256, entry in raw.items():
        try:
            message = entry.get("message")
            found[sha256] = FileStatus(
                FileState(entry["state"]), Text.model_validate(message) if message else None
            )
        except (KeyError, TypeError, ValueError):
            continue  # an unreadable entry reads as "waiting"
    return found


def record_file_states(
    store: Store,
    *,
    queued: Iterable[str],
    sent: Iterable[str] = (),
    refused: Mapping[str, Text] | None = None,
    waiting: Iterable[str] = (),
) -> None:
    """Record what a pass learnt; entries for files no queued sheet names are dropped.

    ``queued`` is every file the still-queued sheets name; later arguments win over
    earlier ones (a file uploaded but then listed missing by the push reply is waiting).
    """
    keep = set(queued) | set(refused or {})
    current: dict[str, Any] = {
        sha256: entry
        for sha256, entry in (store.get_setting(FILE_STATES_SETTING, {}) or {}).items()
        if sha256 in keep
    }
    for sha256 in sent:
        current[sha256] = {"state": FileState.SENT.value}
    for sha256, message in (refused or {}).items():
        current[sha256] = {"state": FileState.REFUSED.value, "message": message.model_dump()}
    for sha256 in waiting:
        current[sha256] = {"state": FileState.WAITING.value}
    store.set_setting(FILE_STATES_SETTING, current)
