"""The outbox: each queued job sheet and its files, with the state and the service's words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fieldapp.domain.job_sheet import AttachmentRef
from fieldapp.domain.text import Text
from fieldapp.store import Store


@dataclass(frozen=True)
class OutboxFile:
    caption: str
    kind: str
    size: int
    present: bool  # the bytes are on the device (a missing file blocks the sheet)


@dataclass(frozen=True)
class OutboxEntry:
    sheet_id: str
    ticket_no: str
    version: int
    state: str  # "pending" | "attention"
    message: Text | None  # the service's reason, for a sheet it refused
    updated_at: datetime
    files: list[OutboxFile]


def outbox_entries(store: Store) -> list[OutboxEntry]:
    """What waits to be sent (oldest first), then what the service refused (blocking)."""
    entries: list[OutboxEntry] = []
    for item in store.pending_sheets():
        entries.append(
            OutboxEntry(
                sheet_id=item.sheet_id,
                ticket_no=item.sheet.ticket_no,
                version=item.version,
                state="pending",
                message=None,
                updated_at=item.sheet.updated_at,
                files=_files(store, item.sheet.attachments()),
            )
        )
    for summary in store.needs_attention():
        sheet = store.get_sheet(summary.sheet_id)
        entries.append(
            OutboxEntry(
                sheet_id=summary.sheet_id,
                ticket_no=summary.ticket_no,
                version=summary.version,
                state="attention",
                message=summary.attention_message,
                updated_at=summary.updated_at,
                files=_files(store, sheet.attachments()) if sheet else [],
            )
        )
    return entries


def _files(store: Store, refs: list[AttachmentRef]) -> list[OutboxFile]:
    return [
        OutboxFile(
            caption=ref.caption or ref.sha256[:8],
            kind=ref.kind.value,
            size=ref.size,
            present=store.has_attachment(ref.sha256),
        )
        for ref in refs
    ]
