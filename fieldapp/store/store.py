"""The offline store of one device: :func:`open_store` and the :class:`Store` it returns.

Every public method takes the store's lock, so Flet handlers running on several threads
see one writer at a time; a lock file keeps a second process out. Every method that
changes something returns only once the change is on disk ("saved" means saved).
"""

from __future__ import annotations

import functools
import os
import threading
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from fieldapp.domain.job_sheet import AttachmentKind, AttachmentRef, JobSheet
from fieldapp.domain.text import Text, text
from fieldapp.domain.work_order import WorkOrder, WorkOrderStatus
from fieldapp.store.atomic import make_folder, remove_temp_files
from fieldapp.store.attachments import AttachmentFolder, CleanupReport
from fieldapp.store.errors import StoreClosed, StoreTooNew
from fieldapp.store.jobs import ArchiveReport, Jobs
from fieldapp.store.lock import StoreLock
from fieldapp.store.migrations import (
    MIGRATIONS,
    Migration,
    check_migrations,
    make_upgrade,
    schema_version,
)
from fieldapp.store.orders import OrderSummary
from fieldapp.store.outbox import PendingSheet
from fieldapp.store.paths import default_store_dir
from fieldapp.store.quarantine import Quarantine, QuarantineReport
from fieldapp.store.records import DocumentFile
from fieldapp.store.reviews import ReviewResult
from fieldapp.store.settings import Settings
from fieldapp.store.sheets import SheetSummary
from fieldapp.store.storage import Tables
from fieldapp.store.sync_state import (
    BatchItem,
    InFlightBatch,
    SyncFailure,
    SyncState,
    SyncStateFile,
)

P = ParamSpec("P")
R = TypeVar("R")


def _locked(method: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """Run ``method`` holding the store's lock, refusing once the store is closed."""

    def locked(self: Store, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            if self._closed:
                raise StoreClosed()
            return method(self, *args, **kwargs)

    return functools.update_wrapper(locked, method)  # type: ignore[return-value]


def open_store(
    path: str | os.PathLike[str] | None = None, *, migrations: Iterable[Migration] = MIGRATIONS
) -> Store:
    """Open (creating if needed) the store in ``path``, default :func:`default_store_dir`.

    Raises :class:`~fieldapp.store.errors.StoreLocked` when another process has it open and
    :class:`~fieldapp.store.errors.StoreTooNew` when a newer app version wrote it.
    ``migrations`` is for tests and tooling; the app uses the default.
    """
    return Store(Path(path) if path is not None else default_store_dir(), tuple(migrations))


def _as_is(kind: str, tables: Tables, path: Path) -> Tables:
    return tables


class Store:
    """Work orders, job sheets, their sync marks, attachments, settings and sync state."""

    def __init__(self, path: Path, migrations: tuple[Migration, ...] = MIGRATIONS) -> None:
        check_migrations(migrations)
        self.path = path
        self._lock = threading.RLock()
        self._closed = False
        make_folder(path)
        self._process_lock = StoreLock.acquire(path)
        try:
            self._open(migrations)
        except BaseException:
            self._process_lock.release()
            raise

    def _open(self, migrations: tuple[Migration, ...]) -> None:
        schema, upgrade = schema_version(migrations), make_upgrade(migrations)
        self.schema_version = schema
        self._quarantine = Quarantine(self.path)
        info_file = DocumentFile(
            self.path / "store.json", "store", quarantine=self._quarantine, upgrade=_as_is,
            schema=schema, table="store",
        )  # fmt: skip
        info = info_file.load() or {}
        found = int(info.get("schema_version", 0))  # 0: a new folder, or store.json was lost
        if found > schema:
            raise StoreTooNew(
                text(
                    f"本地数据由更新版本的应用写入（数据版本 {found}，本应用支持 {schema}），"
                    "请更新应用；数据未被改动",
                    f"the local data was written by a newer app version (schema {found}, "
                    f"this app knows {schema}); update the app. Nothing was changed",
                )
            )
        self._jobs = Jobs(self.path, quarantine=self._quarantine, upgrade=upgrade, schema=schema)
        documents = {
            name: DocumentFile(
                self.path / f"{name}.json",
                name,
                quarantine=self._quarantine,
                upgrade=upgrade,
                schema=schema,
            )
            for name in ("settings", "sync_state")
        }
        if found != schema:
            # Bring every file to this schema first; each file records its own version,
            # so a crash half-way is finished by the next open.
            self._jobs.migrate()
            for document in documents.values():
                document.migrate()
            info = {
                "schema_version": schema,
                "created_at": info.get("created_at") or datetime.now(UTC).isoformat(),
                "device_id": info.get("device_id") or str(uuid.uuid4()),
            }
            info_file.save(info)
        self.device_id: str = info["device_id"]
        self._settings = Settings(documents["settings"])
        self._sync = SyncStateFile(documents["sync_state"])
        self._jobs.open()
        self._attachments = AttachmentFolder(self.path / "attachments", self._quarantine)
        for folder in (self.path, self.path / "index", self._quarantine.folder):
            remove_temp_files(folder)  # interrupted writes of the small files

    # -- life cycle ----------------------------------------------------------------------------

    def close(self) -> None:
        """Write a fresh index snapshot and release the folder (idempotent)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            try:
                self._jobs.close()
            finally:
                self._process_lock.release()

    @contextmanager
    def unless_busy(self) -> Iterator[bool]:
        """Hold the store's lock if no other thread holds it now (True), else nothing (False).

        For reads on the screens' event loop, which must keep answering taps while the sync
        thread writes and so may never wait for this lock: on False, read on a thread."""
        held = self._lock.acquire(blocking=False)
        try:
            yield held
        finally:
            if held:
                self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- job sheets ----------------------------------------------------------------------------

    @_locked
    def save_sheet(self, sheet: JobSheet) -> int:
        """Save ``sheet`` and mark it for sync in one atomic write; returns its new version.

        Versions count the saves of this sheet on this device: 1, 2, … A sheet that was
        archived comes back to the active set.
        """
        return self._jobs.save_sheet(sheet)

    @_locked
    def update_sheet(self, sheet_id: str, change: Callable[[JobSheet], JobSheet]) -> JobSheet:
        """Apply ``change`` to the sheet as stored and save the result, with no other
        writer in between; returns the saved sheet.

        A screen that holds a sheet in memory must not save that copy whole: another
        screen (the job's arrival checks) may have saved the same sheet since it was read,
        and that change would be lost. Raises ``KeyError`` when there is no such sheet.
        """
        current = self._jobs.get_sheet(sheet_id)
        if current is None:
            raise KeyError(sheet_id)
        sheet = change(current)
        self._jobs.save_sheet(sheet)
        return sheet

    @_locked
    def get_sheet(self, sheet_id: str) -> JobSheet | None:
        """The sheet (active or archived), or None. A damaged file raises RecordUnreadable."""
        return self._jobs.get_sheet(sheet_id)

    @_locked
    def sheet_summary(self, sheet_id: str) -> SheetSummary | None:
        """The sheet's summary (sync and review state) without reading the sheet itself."""
        return self._jobs.sheet_summary(sheet_id)

    @_locked
    def reviews(self, sheet_id: str) -> list[ReviewResult]:
        """Every review result stored for the sheet, oldest first."""
        record = self._jobs.sheet_record(sheet_id)
        if record is None:
            return []
        return sorted(record.reviews, key=lambda r: (r.revision, r.reviewed_at))

    @_locked
    def list_sheets(
        self,
        *,
        day: date | None = None,
        ticket_no: str | None = None,
        pending: bool | None = None,
        needs_attention: bool | None = None,
        include_archived: bool = False,
    ) -> list[SheetSummary]:
        """Summaries of the sheets matching every given filter, oldest first.

        ``day`` is the day of the visit: the check-in's, or the day the sheet was started, in
        the service centre's time zone (:func:`fieldapp.domain.visit.visit_day`).
        """
        found = [
            s
            for s in self._jobs.list_sheets(include_archived, day)
            if (day is None or s.day == day)
            and (ticket_no is None or s.ticket_no == ticket_no)
            and (pending is None or s.pending == pending)
            and (needs_attention is None or s.needs_attention == needs_attention)
        ]
        return sorted(found, key=lambda s: (s.created_at, s.sheet_id))

    # -- outbox ---------------------------------------------------------------------------------

    @_locked
    def pending_sheets(self) -> list[PendingSheet]:
        """The current version of every sheet that needs sync, least recently edited first."""
        return self._jobs.pending_sheets()

    @_locked
    def mark_pushed(self, sheet_id: str, version: int) -> bool:
        """Record that the server accepted ``version``; True if nothing is left to push.

        If the sheet was saved again meanwhile, the newer version stays pending.
        """
        summary = self._jobs.sheet_summary(sheet_id)
        if summary is not None and version > summary.version:
            raise ValueError(f"sheet {sheet_id} has no version {version} (at {summary.version})")
        marks = self._jobs.change_marks(sheet_id, lambda m: m.pushed(version))
        return marks is None or not marks.pending

    @_locked
    def mark_needs_attention(self, sheet_id: str, version: int, message: Text) -> bool:
        """Record that the server rejected ``version`` and why.

        Returns True when that is the current version: the sheet leaves the pending list
        and shows in :meth:`needs_attention` until it is saved again or retried. A
        rejection of an older version changes nothing the technician sees.
        """
        now = datetime.now(UTC)
        marks = self._jobs.change_marks(sheet_id, lambda m: m.rejected(version, message, now))
        return marks is not None and marks.needs_attention

    @_locked
    def clear_needs_attention(self, sheet_id: str) -> None:
        """Send the rejected version again without changing it (after a fix on the server)."""
        self._jobs.change_marks(sheet_id, lambda m: m.retried())

    @_locked
    def needs_attention(self) -> list[SheetSummary]:
        """Sheets whose current version the server rejected, with the reason."""
        found = [s for s in self._jobs.list_sheets(False, None) if s.needs_attention]
        return sorted(found, key=lambda s: (s.updated_at, s.sheet_id))

    @_locked
    def apply_review_result(self, review: ReviewResult) -> bool:
        """Store a supervisor's review on the sheet's record; False if already known.

        Idempotent. A review for a sheet this device does not hold is ignored (False).
        """
        return self._jobs.apply_review(review)

    # -- work orders ----------------------------------------------------------------------------

    @_locked
    def save_work_order(self, order: WorkOrder) -> None:
        """Save a work order changed on this device (e.g. its status when a visit starts)."""
        self._jobs.save_work_order(order, from_server=False)

    @_locked
    def apply_work_order(self, order: WorkOrder) -> bool:
        """Apply a work order pulled from the server; True if anything changed.

        Idempotent: the same order twice writes nothing the second time. An order that
        had been removed from this technician is active again. A cancelled order arrives
        with status ``cancelled`` and stays listed (filter by status).
        """
        return self._jobs.save_work_order(order, from_server=True)

    @_locked
    def remove_work_order(self, ticket_no: str, reason: str) -> bool:
        """Take an order off the active list (``work_order_removed``); True if it changed.

        The file is kept, and so are any sheets already filled for the order.
        """
        return self._jobs.remove_work_order(ticket_no, reason)

    @_locked
    def get_work_order(self, ticket_no: str) -> WorkOrder | None:
        """The work order (active, removed or archived), or None."""
        return self._jobs.get_work_order(ticket_no)

    @_locked
    def list_work_orders(
        self,
        *,
        day: date | None = None,
        status: WorkOrderStatus | Collection[WorkOrderStatus] | None = None,
        include_removed: bool = False,
        include_archived: bool = False,
    ) -> list[OrderSummary]:
        """Summaries of matching work orders, by appointment (or call) time.

        ``day`` is the appointment's date, or the call's when no time is booked.
        """
        statuses = {status} if isinstance(status, WorkOrderStatus) else status
        found = [
            o
            for o in self._jobs.list_work_orders(include_archived, day)
            if (day is None or o.day == day)
            and (statuses is None or o.status in statuses)
            and (include_removed or not o.removed)
        ]
        return sorted(found, key=lambda o: (o.appointment or o.reported_at, o.ticket_no))

    # -- sync state -----------------------------------------------------------------------------

    @_locked
    def sync_state(self) -> SyncState:
        """The sync client's bookkeeping (cursor, in-flight batch, last success / error)."""
        return self._sync.get()

    @_locked
    def save_sync_state(self, state: SyncState) -> SyncState:
        """Replace the whole sync state in one atomic write."""
        return self._sync.save(state)

    @_locked
    def set_cursor(self, cursor: str | None) -> SyncState:
        """Store the pull cursor (after every change of the page was applied)."""
        return self._sync.save(self._sync.get().model_copy(update={"cursor": cursor}))

    @_locked
    def begin_batch(self, idempotency_key: str, items: Iterable[tuple[str, int]]) -> InFlightBatch:
        """Record a push batch before it is sent: its key and ``(sheet_id, version)`` items."""
        batch = InFlightBatch(
            idempotency_key=idempotency_key,
            items=[BatchItem(sheet_id=s, version=v) for s, v in items],
            started_at=datetime.now(UTC),
        )
        self._sync.save(self._sync.get().model_copy(update={"in_flight": batch}))
        return batch

    @_locked
    def end_batch(self, idempotency_key: str) -> None:
        """Forget the in-flight batch once its reply was applied (only if it is that batch)."""
        state = self._sync.get()
        if state.in_flight is not None and state.in_flight.idempotency_key == idempotency_key:
            self._sync.save(state.model_copy(update={"in_flight": None}))

    @_locked
    def record_sync_success(self, at: datetime | None = None) -> SyncState:
        """Note a completed sync; clears the last error."""
        update = {"last_success_at": at or datetime.now(UTC), "last_error": None}
        return self._sync.save(self._sync.get().model_copy(update=update))

    @_locked
    def record_sync_error(self, message: Text, at: datetime | None = None) -> SyncState:
        """Note a failed sync and why, for the technician to see."""
        error = SyncFailure(at=at or datetime.now(UTC), message=message)
        return self._sync.save(self._sync.get().model_copy(update={"last_error": error}))

    # -- settings -------------------------------------------------------------------------------

    @_locked
    def get_setting(self, name: str, default: Any = None) -> Any:
        """A setting's value (stored, else its built-in default, else ``default``)."""
        return self._settings.get(name, default)

    @_locked
    def set_setting(self, name: str, value: Any) -> None:
        """Store a setting (JSON data); durable when this returns."""
        self._settings.set(name, value)

    @_locked
    def settings(self) -> dict[str, Any]:
        """Every setting, built-in defaults included."""
        return self._settings.all()

    # -- attachments ----------------------------------------------------------------------------

    @_locked
    def put_attachment(
        self,
        data: bytes,
        content_type: str,
        kind: AttachmentKind = AttachmentKind.PHOTO,
        caption: str = "",
    ) -> AttachmentRef:
        """Store a photo or signature image by content hash; returns the sheet's reference."""
        return self._attachments.put(data, content_type, kind, caption)

    @_locked
    def read_attachment(self, sha256: str) -> bytes:
        """The bytes of an attachment, checked against its hash (RecordNotFound if absent)."""
        return self._attachments.read(sha256)

    @_locked
    def has_attachment(self, sha256: str) -> bool:
        return self._attachments.exists(sha256)

    @_locked
    def cleanup_attachments(
        self, *, grace: timedelta | None = None, now: datetime | None = None
    ) -> CleanupReport:
        """Remove attachment files no sheet references and older than ``grace``.

        Files referenced by any sheet (active, archived, quarantined; pending or not) are
        never removed. ``grace`` defaults to the ``attachment_grace_minutes`` setting.
        """
        if grace is None:
            grace = timedelta(minutes=float(self._settings.get("attachment_grace_minutes")))
        referenced = self._jobs.referenced_attachments()
        return self._attachments.cleanup(referenced, grace, now or datetime.now(UTC))

    # -- archive and problems -------------------------------------------------------------------

    @_locked
    def archive_jobs(
        self, *, older_than: timedelta | None = None, now: datetime | None = None
    ) -> ArchiveReport:
        """Move synced, approved jobs idle for ``older_than`` out of the active set.

        They stay readable with ``get_sheet`` / ``get_work_order`` and listed with
        ``include_archived=True``. ``older_than`` defaults to the ``archive_after_days``
        setting.
        """
        if older_than is None:
            older_than = timedelta(days=float(self._settings.get("archive_after_days")))
        return self._jobs.archive_jobs(older_than, now or datetime.now(UTC))

    @_locked
    def problems(self) -> list[QuarantineReport]:
        """Files moved aside because they could not be read, with what to tell the user."""
        return self._quarantine.reports()
