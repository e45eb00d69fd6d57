"""The sync client's bookkeeping, persisted atomically in ``sync_state.json`` (TinyDB).

- ``cursor``: the server's change-log position after the last fully applied pull page;
- ``in_flight``: the push batch being sent (its ``Idempotency-Key`` and the sheet
  versions in it), so that after a crash the same batch can be sent again with the same
  key, or abandoned when a sheet was saved since (the server accepts a newer version
  under a new key);
- ``last_success_at``, ``last_error``: what the app shows about the last sync.

Per-sheet "needs sync" marks are not here: they live with each sheet
(:mod:`fieldapp.store.outbox`).
"""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from fieldapp.domain.text import Text, text
from fieldapp.store.records import DocumentFile


class BatchItem(BaseModel):
    """One sheet version in a push batch."""

    model_config = ConfigDict(frozen=True)

    sheet_id: str
    version: int = Field(ge=1)


class InFlightBatch(BaseModel):
    """A push batch sent (or about to be) whose reply has not been applied yet."""

    model_config = ConfigDict(frozen=True)

    idempotency_key: str = Field(min_length=1, max_length=100)
    items: list[BatchItem]
    started_at: AwareDatetime


class SyncFailure(BaseModel):
    """The last sync error, as shown to the technician."""

    model_config = ConfigDict(frozen=True)

    at: AwareDatetime
    message: Text


class SyncState(BaseModel):
    """Everything the sync client keeps between runs."""

    model_config = ConfigDict(frozen=True)

    cursor: str | None = None
    in_flight: InFlightBatch | None = None
    last_success_at: AwareDatetime | None = None
    last_error: SyncFailure | None = None


class SyncStateFile:
    """The sync state document of a store."""

    def __init__(self, file: DocumentFile) -> None:
        self._file = file
        raw = file.load()
        try:
            self._state = SyncState.model_validate(raw) if raw else SyncState()
        except ValueError as exc:
            # Unusable state is safe to set aside: sheets keep their own pending marks, and
            # a pull from the start applies every change again to the same effect.
            file.move_aside(text(f"同步状态格式不正确（{exc}）", f"malformed sync state ({exc})"))
            self._state = SyncState()

    def get(self) -> SyncState:
        return self._state

    def save(self, state: SyncState) -> SyncState:
        """Replace the state (atomic, durable)."""
        self._file.save(state.model_dump(mode="json"))
        self._state = state
        return state
