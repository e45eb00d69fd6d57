"""The outbox: which saved version of each sheet still has to reach the server.

Each sheet record carries its sync marks in a ``sync`` table of the same TinyDB file as
the sheet, so a save and its "needs sync" mark are one atomic write:

- ``version``: the device's save counter of the sheet (1, 2, …), sent as ``version`` in
  a push;
- ``pushed_version``: the highest version the server accepted;
- ``attention``: the server rejected ``attention.version``; the message says why.

A sheet is *pending* when ``version > pushed_version``, unless the current version was
rejected (it then *needs attention* until the technician saves it again or retries).
Marking version 5 pushed while version 6 was saved meanwhile leaves version 6 pending:
sync can never miss a change, and never sends one twice once accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.text import Text


@dataclass(frozen=True, slots=True)
class Attention:
    """The server rejected ``version`` of the sheet for the reason in ``message``."""

    version: int
    message: Text
    at: datetime


@dataclass(frozen=True, slots=True)
class SyncMarks:
    """The sync state of one sheet, stored with it."""

    version: int = 0
    pushed_version: int = 0
    attention: Attention | None = None
    # The version the last review covers: the current one when the review arrived, if the
    # server had it already; None when a newer local version had not been pushed.
    version_at_review: int | None = None

    @property
    def needs_attention(self) -> bool:
        """The current version was rejected and waits for the technician."""
        return self.attention is not None and self.attention.version == self.version

    @property
    def pending(self) -> bool:
        """The current version still has to be pushed."""
        return self.version > self.pushed_version and not self.needs_attention

    def saved(self, version_floor: int = 0) -> SyncMarks:
        """The marks after one more local save: a new, pending version."""
        return replace(self, version=max(self.version, version_floor) + 1)

    def pushed(self, version: int) -> SyncMarks:
        """The marks after the server accepted ``version`` (older versions count as pushed)."""
        return replace(self, pushed_version=max(self.pushed_version, version))

    def rejected(self, version: int, message: Text, at: datetime) -> SyncMarks:
        """The marks after the server rejected ``version``."""
        return replace(self, attention=Attention(version, message, at))

    def retried(self) -> SyncMarks:
        """The marks once the technician asks to send the rejected version again."""
        return replace(self, attention=None)

    def to_json(self) -> dict[str, Any]:
        attention = None
        if self.attention is not None:
            attention = {
                "version": self.attention.version,
                "message": self.attention.message.model_dump(),
                "at": self.attention.at.isoformat(),
            }
        return {
            "version": self.version,
            "pushed_version": self.pushed_version,
            "attention": attention,
            "version_at_review": self.version_at_review,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> SyncMarks:
        if not data:
            return cls()
        raw = data.get("attention")
        attention = None
        if raw:
            attention = Attention(
                int(raw["version"]), Text(**raw["message"]), datetime.fromisoformat(raw["at"])
            )
        return cls(
            version=int(data["version"]),
            pushed_version=int(data["pushed_version"]),
            attention=attention,
            version_at_review=data.get("version_at_review"),
        )


@dataclass(frozen=True, slots=True)
class PendingSheet:
    """A sheet version to push: send ``sheet`` with ``version``, then ``mark_pushed``."""

    sheet_id: str
    version: int
    sheet: JobSheet
