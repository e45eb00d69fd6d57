"""The offline store: work orders, job sheets, sync bookkeeping, attachments and settings,
kept on the phone in small TinyDB files whose every save is atomic and durable.

Open it with :func:`open_store`; see ``docs/store.md`` for the design and the figures.
Modules, by concept:

- ``paths``: where the data lives; ``lock``: one process at a time;
- ``atomic``, ``storage``: durable writes and the TinyDB storages built on them;
- ``records``: one TinyDB file per record; ``index``: the compact index over them;
- ``sheets``, ``orders``, ``reviews``, ``outbox``: what a job record holds;
- ``jobs``: the rules for jobs; ``archive``: jobs out of the active set;
- ``attachments``, ``settings``, ``sync_state``, ``migrations``, ``quarantine``;
- ``store``: the :class:`Store` facade (thread-safe).
"""

from fieldapp.domain.job_sheet import MAX_ATTACHMENT_BYTES
from fieldapp.store.archive import Archive
from fieldapp.store.attachments import CleanupReport
from fieldapp.store.errors import (
    AttachmentRejected,
    RecordNotFound,
    RecordUnreadable,
    StoreClosed,
    StoreError,
    StoreLocked,
    StoreTooNew,
)
from fieldapp.store.jobs import ArchiveReport
from fieldapp.store.migrations import MIGRATIONS, Migration
from fieldapp.store.orders import OrderSummary
from fieldapp.store.outbox import Attention, PendingSheet, SyncMarks
from fieldapp.store.paths import default_store_dir
from fieldapp.store.quarantine import QuarantineReport
from fieldapp.store.reviews import ReviewDecision, ReviewResult
from fieldapp.store.sheets import SheetSummary
from fieldapp.store.store import Store, open_store
from fieldapp.store.sync_state import BatchItem, InFlightBatch, SyncFailure, SyncState

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "MIGRATIONS",
    "Archive",
    "ArchiveReport",
    "AttachmentRejected",
    "Attention",
    "BatchItem",
    "CleanupReport",
    "InFlightBatch",
    "Migration",
    "OrderSummary",
    "PendingSheet",
    "QuarantineReport",
    "RecordNotFound",
    "RecordUnreadable",
    "ReviewDecision",
    "ReviewResult",
    "SheetSummary",
    "Store",
    "StoreClosed",
    "StoreError",
    "StoreLocked",
    "StoreTooNew",
    "SyncFailure",
    "SyncMarks",
    "SyncState",
    "default_store_dir",
    "open_store",
]
