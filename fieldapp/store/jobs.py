"""Sheets and work orders on the device: their record files, the index over them, the archive.

This is where the store's rules for jobs live; :class:`~fieldapp.store.store.Store` adds
locking and exposes them. Every change of a record is one atomic write of that record's
small TinyDB file, followed by one journal line in the index: the cost of a save does not
depend on how many jobs the device holds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.order_status import is_finished
from fieldapp.domain.text import Text
from fieldapp.domain.work_order import WorkOrder
from fieldapp.store import orders, sheets
from fieldapp.store.archive import Archive
from fieldapp.store.errors import RecordNotFound, RecordUnreadable
from fieldapp.store.index import Codec, Entry, Index
from fieldapp.store.orders import OrderSummary
from fieldapp.store.outbox import PendingSheet, SyncMarks
from fieldapp.store.quarantine import Quarantine
from fieldapp.store.records import META_TABLE, RecordFolder, Upgrade, meta_of
from fieldapp.store.reviews import ReviewResult, same_review
from fieldapp.store.sheets import SheetSummary
from fieldapp.store.storage import Tables, UnreadableFile, key_to_name

log = logging.getLogger(__name__)

SHEETS = "sheets"
ORDERS = "orders"

_DECODERS: dict[str, Callable[[Tables, Path], Any]] = {SHEETS: sheets.decode, ORDERS: orders.decode}
_SUMMARIZERS: dict[str, Callable[..., Any]] = {
    SHEETS: sheets.summarize,
    ORDERS: orders.summarize,
}


@dataclass(frozen=True)
class ArchiveReport:
    """What an archive run moved out of the active set."""

    sheets: list[str]
    work_orders: list[str]


def check_key(key: str) -> str:
    """``key`` if it can name a record file; ValueError otherwise."""
    key_to_name(key)
    return key


def _not_found(what_zh: str, what_en: str, key: str) -> RecordNotFound:
    return RecordNotFound(
        Text(zh=f"本机没有{what_zh} {key}", en=f"no {what_en} {key} on this device")
    )


class Jobs:
    """Active and archived sheets and work orders, and the index over the active ones."""

    def __init__(
        self, root: Path, *, quarantine: Quarantine, upgrade: Upgrade, schema: int
    ) -> None:
        self.quarantine = quarantine
        self.folders = {
            SHEETS: RecordFolder(root / "sheets", "sheet", upgrade, schema),
            ORDERS: RecordFolder(root / "orders", "order", upgrade, schema),
        }
        self.index = Index(
            root / "index",
            {
                SHEETS: Codec(SheetSummary.to_json, SheetSummary.from_json),
                ORDERS: Codec(OrderSummary.to_json, OrderSummary.from_json),
            },
        )
        self.archive = Archive(
            root / "archive",
            kinds={
                SHEETS: Codec(
                    SheetSummary.to_json,
                    lambda k, d: SheetSummary.from_json(k, d, archived=True),
                ),
                ORDERS: Codec(
                    OrderSummary.to_json,
                    lambda k, d: OrderSummary.from_json(k, d, archived=True),
                ),
            },
            record_kinds={SHEETS: "sheet", ORDERS: "order"},
            summarize=lambda kind, tables, path: self._summarize(kind, tables, path, True),
            upgrade=upgrade,
            schema=schema,
            quarantine=quarantine,
        )

    # -- opening ---------------------------------------------------------------------------

    def open(self) -> None:
        """Load the index and bring it in line with the record files (see :mod:`.index`)."""
        self.index.load(self.quarantine)
        for kind in self.folders:
            self._reconcile(kind)
        # Changes found are in the journal already; a fresh snapshot waits for close()
        # unless the journal is damaged or long.
        if self.index.should_compact():
            self.index.compact()

    def _reconcile(self, kind: str) -> None:
        """Re-read every record whose file generation differs from its index entry."""
        folder = self.folders[kind]
        listing = folder.scan()
        for key in set(self.index.entries[kind]) - set(listing):
            self.index.drop(kind, key)
        for key, gens in listing.items():
            entry = self.index.get(kind, key)
            if entry is not None and entry.gen == gens[0]:
                folder.gens[key] = gens[0]
                if len(gens) > 1:
                    self._remove_stale(folder, key, gens[1:])
                continue
            self._reload(kind, key, gens, entry.summary if entry else None)

    def _reload(self, kind: str, key: str, gens: list[int], known: Any) -> None:
        folder = self.folders[kind]
        for position, gen in enumerate(gens):
            path = folder.path(key, gen)
            try:
                summary = self._summarize(kind, folder.read(key, gen), path)
            except UnreadableFile as exc:
                refs = set(getattr(known, "attachments", ()))
                self.quarantine.move_aside(
                    path, exc.reason, kind=folder.kind, key=key, attachments=refs
                )
                continue
            folder.gens[key] = gen
            self.index.put(kind, key, gen, summary)
            self._remove_stale(folder, key, gens[position + 1 :])
            return
        self.index.drop(kind, key)
        folder.forget(key)

    @staticmethod
    def _remove_stale(folder: RecordFolder, key: str, gens: list[int]) -> None:
        # Older generations are committed versions superseded by a newer one that was
        # read successfully (or was indexed from a successful write).
        for gen in gens:
            folder.path(key, gen).unlink(missing_ok=True)

    def _summarize(self, kind: str, tables: Tables, path: Path, archived: bool = False) -> Any:
        return _SUMMARIZERS[kind](_DECODERS[kind](tables, path), archived=archived)

    def migrate(self) -> None:
        """Rewrite every record file written in an older schema (see :mod:`.migrations`)."""
        for folder in self.folders.values():
            for key, gens in folder.scan().items():
                folder.gens[key] = gens[0]
                try:
                    if folder.disk_schema(key) != folder.schema:
                        with folder.edit(key, base=(gens[0], folder.read(key)), force=True):
                            pass
                except UnreadableFile as exc:
                    self.quarantine.move_aside(exc.path, exc.reason, kind=folder.kind, key=key)
                    folder.forget(key)
        self.archive.migrate()

    # -- reading records ---------------------------------------------------------------------

    def _read_record(self, kind: str, key: str) -> tuple[Any, bool] | None:
        """The decoded record of ``key`` (active first, then archived), or None."""
        folder = self.folders[kind]
        if key in folder.gens:
            path = folder.path(key)
            try:
                return _DECODERS[kind](folder.read(key), path), False
            except UnreadableFile as exc:
                raise self._unreadable(kind, key, exc) from None
        if self.archive.contains(kind, key):
            path = self.archive.path(kind, key)
            try:
                return _DECODERS[kind](self.archive.read(kind, key), path), True
            except UnreadableFile as exc:
                raise self._archived_unreadable(kind, key, exc) from None
        return None

    def _archived_unreadable(self, kind: str, key: str, exc: UnreadableFile) -> RecordUnreadable:
        """Move an archived record's file aside, forget it, and say so."""
        archived = self.archive.summaries(kind).pop(key, None)
        refs = set(getattr(archived, "attachments", ()))
        report = self.quarantine.move_aside(
            exc.path, exc.reason, kind=self.folders[kind].kind, key=key, attachments=refs
        )
        self.archive.save_index()
        return RecordUnreadable(report.message)

    def _unreadable(self, kind: str, key: str, exc: UnreadableFile) -> RecordUnreadable:
        """Move an active record's file aside, forget it, and say so."""
        folder = self.folders[kind]
        entry = self.index.get(kind, key)
        refs = set(getattr(entry.summary, "attachments", ())) if entry else set()
        report = self.quarantine.move_aside(
            folder.path(key), exc.reason, kind=folder.kind, key=key, attachments=refs
        )
        self.index.drop(kind, key)
        folder.forget(key)
        return RecordUnreadable(report.message)

    def _base(
        self, kind: str, key: str, replacing: bool
    ) -> tuple[tuple[int, Tables] | None, int, bool]:
        """What an edit of ``key`` starts from: ``(gen and tables, version floor, restored)``.

        A damaged file is moved aside. When the caller is ``replacing`` the record's
        content (a save), the record starts afresh, its sheet version continuing above the
        last one known so the server never mistakes the new content for one it holds.
        Otherwise (marks, reviews, removal) :class:`RecordUnreadable` is raised.
        """
        folder = self.folders[kind]
        if key in folder.gens:
            try:
                tables = folder.read(key)
                if kind == SHEETS:
                    sheets.check_bookkeeping(tables, folder.path(key))
                return (folder.gens[key], tables), 0, False
            except UnreadableFile as exc:
                entry = self.index.get(kind, key)
                floor = entry.summary.version if entry and kind == SHEETS else 0
                unreadable = self._unreadable(kind, key, exc)
                if not replacing:
                    raise unreadable from None
                return None, floor, False
        if self.archive.contains(kind, key):
            archived = self.archive.summaries(kind).get(key)
            try:
                tables = self.archive.read(kind, key)
            except UnreadableFile as exc:
                unreadable = self._archived_unreadable(kind, key, exc)
                if not replacing:
                    raise unreadable from None
                return None, getattr(archived, "version", 0), False
            meta = meta_of(tables)
            meta.pop("archived_at", None)
            tables[META_TABLE] = {"1": meta}
            return (int(meta.get("gen", 0)), tables), 0, True
        return None, 0, False

    @contextmanager
    def _edit(
        self, kind: str, key: str, *, replacing: bool = False
    ) -> Iterator[tuple[TinyDB, int]]:
        """Edit record ``key`` (restoring it from the archive if needed) in one atomic write.

        ``replacing``: the caller writes the record's whole content, so a damaged file
        may be replaced (see :meth:`_base`).
        """
        base, floor, restored = self._base(kind, key, replacing)
        with self.folders[kind].edit(key, base=base) as db:
            yield db, floor
        # Remove the archived copy only once the active file is written (it may be unchanged).
        if restored and key in self.folders[kind].gens:
            self.archive.remove(kind, key)
            self.archive.save_index()

    def _index(self, kind: str, key: str, summary: Any) -> None:
        """Record the new summary; the record itself is already durable."""
        self.index.put(kind, key, self.folders[kind].gens[key], summary)
        if self.index.should_compact():
            try:
                self.index.compact()
            except OSError as exc:  # the save succeeded; a full disk must not say otherwise
                log.warning("index compaction failed (%s); the journal keeps growing", exc)

    def _active(self, kind: str, day: date | None) -> Iterable[Entry[Any]]:
        if day is None:
            return self.index.entries[kind].values()
        return self.index.on_day(kind, day.isoformat())

    # -- sheets ------------------------------------------------------------------------------

    def save_sheet(self, sheet: JobSheet) -> int:
        key = check_key(sheet.sheet_id)
        with self._edit(SHEETS, key, replacing=True) as (db, floor):
            marks = sheets.read_marks(db).saved(floor)
            sheets.write_sheet(db, sheet, marks)
            reviews = sheets.read_reviews(db)
        self._index(SHEETS, key, sheets.summarize(sheets.SheetRecord(sheet, marks, reviews)))
        return marks.version

    def get_sheet(self, sheet_id: str) -> JobSheet | None:
        found = self._read_record(SHEETS, check_key(sheet_id))
        return found[0].sheet if found else None

    def sheet_record(self, sheet_id: str) -> sheets.SheetRecord | None:
        found = self._read_record(SHEETS, check_key(sheet_id))
        return found[0] if found else None

    def sheet_summary(self, sheet_id: str) -> SheetSummary | None:
        entry = self.index.get(SHEETS, check_key(sheet_id))
        if entry is not None:
            return entry.summary  # type: ignore[no-any-return]
        if self.archive.contains(SHEETS, sheet_id):
            return self.archive.summaries(SHEETS).get(sheet_id)
        return None

    def list_sheets(self, include_archived: bool, day: date | None) -> Iterator[SheetSummary]:
        for entry in self._active(SHEETS, day):
            yield entry.summary
        if include_archived:
            active = self.index.entries[SHEETS]
            for key, summary in self.archive.summaries(SHEETS).items():
                if key not in active:
                    yield summary

    def change_marks(
        self, sheet_id: str, change: Callable[[SyncMarks], SyncMarks]
    ) -> SyncMarks | None:
        """Apply ``change`` to an active sheet's marks (one atomic write when they change).

        Returns the new marks, or None for an archived sheet (archived means synced).
        """
        key = check_key(sheet_id)
        entry = self.index.get(SHEETS, key)
        if entry is None:
            if self.archive.contains(SHEETS, key):
                return None
            raise _not_found("报告单", "job sheet", key)
        with self._edit(SHEETS, key) as (db, _):
            before = sheets.read_marks(db)
            after = change(before)
            if after != before:
                sheets.write_marks(db, after)
        if after != before:
            self._index(SHEETS, key, entry.summary.with_marks(after))
        return after

    def pending_sheets(self) -> list[PendingSheet]:
        pending = sorted(
            (e.summary for e in self.index.entries[SHEETS].values() if e.summary.pending),
            key=lambda s: s.updated_at,
        )
        result: list[PendingSheet] = []
        for summary in pending:
            try:
                found = self._read_record(SHEETS, summary.sheet_id)
            except RecordUnreadable:
                continue  # moved aside and reported; the other sheets still go out
            if found is not None:
                record = found[0]
                result.append(PendingSheet(summary.sheet_id, record.marks.version, record.sheet))
        return result

    def apply_review(self, review: ReviewResult) -> bool:
        key = check_key(review.sheet_id)
        if self.index.get(SHEETS, key) is None and not self.archive.contains(SHEETS, key):
            return False  # not a sheet of this device (or already gone): nothing to attach to
        if self.archive.contains(SHEETS, key) and self._archived_review_known(key, review):
            return False
        with self._edit(SHEETS, key) as (db, _):
            added = sheets.add_review(db, review)
            if added:
                marks = sheets.read_marks(db)
                # The decision covers the current version only if the server had it: a
                # version saved or pushed later needs a review of its own.
                reviewed = marks.version if marks.pushed_version >= marks.version else None
                sheets.write_marks(db, replace(marks, version_at_review=reviewed))
        if added:
            record = self._read_record(SHEETS, key)
            if record is not None:
                self._index(SHEETS, key, sheets.summarize(record[0]))
        return added

    def _archived_review_known(self, key: str, review: ReviewResult) -> bool:
        found = self._read_record(SHEETS, key)
        return found is not None and any(same_review(r, review) for r in found[0].reviews)

    # -- work orders ---------------------------------------------------------------------------

    def save_work_order(self, order: WorkOrder, *, from_server: bool) -> bool:
        key = check_key(order.ticket_no)
        data = order.model_dump(mode="json")
        with self._edit(ORDERS, key, replacing=True) as (db, _):
            removal = orders.read_removal(db)
            unchanged = orders.read_order(db) == data and (removal is None or not from_server)
            if not unchanged:
                orders.write_order(db, order)
                if from_server:
                    orders.write_removal(db, None, "")
        if unchanged:
            return False
        reason = None if from_server or removal is None else str(removal.get("reason", ""))
        record = orders.OrderRecord(order, reason, datetime.now(UTC))
        self._index(ORDERS, key, orders.summarize(record))
        return True

    def remove_work_order(self, ticket_no: str, reason: str) -> bool:
        key = check_key(ticket_no)
        entry = self.index.get(ORDERS, key)
        if entry is None:
            return False  # unknown or archived: nothing on the active list to take away
        if entry.summary.removed_reason == reason:
            return False
        with self._edit(ORDERS, key) as (db, _):
            orders.write_removal(db, reason, datetime.now(UTC).isoformat())
        summary = replace(entry.summary, removed_reason=reason, saved_at=datetime.now(UTC))
        self._index(ORDERS, key, summary)
        return True

    def get_work_order(self, ticket_no: str) -> WorkOrder | None:
        found = self._read_record(ORDERS, check_key(ticket_no))
        return found[0].order if found else None

    def list_work_orders(self, include_archived: bool, day: date | None) -> Iterator[OrderSummary]:
        for entry in self._active(ORDERS, day):
            yield entry.summary
        if include_archived:
            active = self.index.entries[ORDERS]
            for key, summary in self.archive.summaries(ORDERS).items():
                if key not in active:
                    yield summary

    # -- archive -------------------------------------------------------------------------------

    def archive_jobs(self, older_than: timedelta, now: datetime) -> ArchiveReport:
        """Move synced, approved jobs whose last activity is before ``now - older_than``."""
        cutoff = now - older_than
        for kind in self.folders:  # copies left by an interrupted restore
            self.archive.drop_duplicates(kind, set(self.index.entries[kind]))
        moved_sheets = [
            key
            for key, entry in list(self.index.entries[SHEETS].items())
            if _sheet_archivable(entry.summary, cutoff) and self._archive_one(SHEETS, key, now)
        ]
        active_tickets = {e.summary.ticket_no for e in self.index.entries[SHEETS].values()}
        archived_tickets = {s.ticket_no for s in self.archive.summaries(SHEETS).values()}
        moved_orders = [
            key
            for key, entry in list(self.index.entries[ORDERS].items())
            if key not in active_tickets
            and _order_archivable(entry.summary, key in archived_tickets, cutoff)
            and self._archive_one(ORDERS, key, now)
        ]
        self.archive.save_index()
        if self.index.should_compact():
            self.index.compact()
        return ArchiveReport(moved_sheets, moved_orders)

    def _archive_one(self, kind: str, key: str, now: datetime) -> bool:
        folder = self.folders[kind]
        try:
            tables = folder.read(key)
        except UnreadableFile as exc:
            self._unreadable(kind, key, exc)
            return False
        entry = self.index.get(kind, key)
        meta = meta_of(tables)
        meta["archived_at"] = now.isoformat()
        tables[META_TABLE] = {"1": meta}
        assert entry is not None
        self.archive.put(kind, key, tables, replace(entry.summary, archived=True))
        folder.remove_file(key)  # only after the archived copy is durable
        self.index.drop(kind, key)
        return True

    def referenced_attachments(self) -> set[str]:
        """Every attachment hash any sheet on the device refers to."""
        refs = {sha for e in self.index.entries[SHEETS].values() for sha in e.summary.attachments}
        for summary in self.archive.summaries(SHEETS).values():
            refs.update(summary.attachments)
        return refs | self.quarantine.referenced_hashes()

    def close(self) -> None:
        if self.index.journal_lines:
            self.index.compact()
        self.index.close()


def _sheet_archivable(summary: SheetSummary, cutoff: datetime) -> bool:
    return (
        summary.approved
        and summary.marks.pushed_version >= summary.marks.version
        and not summary.needs_attention
        and summary.last_activity < cutoff
    )


def _order_archivable(summary: OrderSummary, has_archived_sheets: bool, cutoff: datetime) -> bool:
    finished = summary.removed or is_finished(summary.status) or has_archived_sheets
    last = summary.saved_at or summary.reported_at
    return finished and last < cutoff
