"""The outbox: each queued job sheet and its files, with the state and the service's words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fieldapp.domain.job_sheet import AttachmentRef
from fieldapp.domain.text import Text
from fieldapp.store import Store
from fieldapp.sync_client.file_states import FileStatus, file_states


@dataclass(frozen=True)
class OutboxFile:
    """One photo or signature a queued sheet names, with its own state."""

    caption: str
    kind: str
    size: int
    present: bool  # the bytes are on the device (a missing file blocks the sheet)
    state: str  # "waiting" | "sent" | "refused" | "lost" (not on the device)
    message: Text | None = None  # why it was refused


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
    states = file_states(store)
    for item in store.pending_sheets():
        entries.append(
            OutboxEntry(
                sheet_id=item.sheet_id,
                ticket_no=item.sheet.ticket_no,
                version=item.version,
                state="pending",
                message=None,
                updated_at=item.sheet.updated_at,
                files=_files(store, item.sheet.attachments(), states),
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
                files=_files(store, sheet.attachments(), states) if sheet else [],
            )
        )
    return entries


def _files(
    store: Store, refs: list[AttachmentRef], states: dict[str, FileStatus]
) -> list[OutboxFile]:
    files = []
    for ref in refs:
        present = store.has_attachment(ref.sha256)
        known = states.get(ref.sha256)
        if known is not None:
            state, message = known.state.value, known.message
        else:
            state, message = ("waiting" if present else "lost"), None
        files.append(
            OutboxFile(
                caption=ref.caption or ref.sha256[:8],
                kind=ref.kind.value,
                size=ref.size,
                present=present,
                state=state,
                message=message,
            )
        )
    return files
