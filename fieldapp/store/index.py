"""The compact index: a summary of every active sheet and work order, loaded when the store
opens, so that lists never open per-job files.

On disk it is a snapshot plus a journal:

- ``index/snapshot.json``: a TinyDB database with one table per kind (``sheets``,
  ``orders``), each document ``{"key", "gen", "entry"}``; rewritten atomically only when
  the store is compacted (on close, on open after an unclean exit, or when the journal
  has grown past the size of the index);
- ``index/journal.jsonl``: one line per change since the snapshot, appended with a
  single ``write``. Saving a sheet costs one short line, whatever the number of jobs.

The index is a cache, never the truth: the record files are. The journal is therefore
not flushed to disk, and each entry carries the generation of the file it summarises.
When the store opens, the folder listing (names only, ``<key>.<gen>.json``) is compared
with the index, and every record whose generation differs is read again from its file
(see :mod:`fieldapp.store.jobs`). A torn journal line, a lost journal or a lost snapshot
costs time on the next open, never data.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from tinydb import TinyDB

from fieldapp.store.atomic import make_folder, write_atomic
from fieldapp.store.quarantine import Quarantine
from fieldapp.store.storage import (
    AtomicJSONStorage,
    Transaction,
    UnreadableFile,
    encode_tables,
    read_tables,
)

log = logging.getLogger(__name__)

SNAPSHOT_FILE = "snapshot.json"
JOURNAL_FILE = "journal.jsonl"
SNAPSHOT_FORMAT = 1
# Compact when the journal holds more lines than this, or than twice the index size.
MIN_JOURNAL_LINES = 4096

S = TypeVar("S")


@dataclass(frozen=True)
class Codec(Generic[S]):
    """How summaries of one kind are written to and read from the index."""

    to_json: Callable[[S], dict[str, Any]]
    from_json: Callable[[str, dict[str, Any]], S]


class Entry(Generic[S]):
    """The index entry of one record: its file generation and its summary.

    Entries loaded from disk keep their JSON until the summary is first needed, so that
    opening the store does not build thousands of summaries to show one day's jobs.
    """

    __slots__ = ("_from_json", "_raw", "_summary", "gen", "key")

    def __init__(
        self,
        key: str,
        gen: int,
        *,
        summary: S | None = None,
        raw: dict[str, Any] | None = None,
        from_json: Callable[[str, dict[str, Any]], S] | None = None,
    ) -> None:
        self.key = key
        self.gen = gen
        self._summary = summary
        self._raw = raw
        self._from_json = from_json

    @property
    def summary(self) -> S:
        if self._summary is None:
            assert self._raw is not None and self._from_json is not None
            self._summary = self._from_json(self.key, self._raw)
        return self._summary

    @property
    def day(self) -> str:
        """The ISO day of the record (both kinds of summary have one), without decoding."""
        if self._raw is not None:
            return str(self._raw["day"])
        return str(self.summary.day.isoformat())  # type: ignore[attr-defined]

    def to_json(self, encode: Callable[[S], dict[str, Any]]) -> dict[str, Any]:
        if self._raw is not None:
            return self._raw
        return encode(self.summary)


class Index:
    """Summaries of the active records of every kind, with the generation each came from."""

    def __init__(self, folder: Path, codecs: dict[str, Codec[Any]]) -> None:
        self.folder = folder
        self.codecs = codecs
        self.entries: dict[str, dict[str, Entry[Any]]] = {kind: {} for kind in codecs}
        self.journal_lines = 0
        self.dirty_journal = False  # a torn or unreadable line was seen: compact soon
        make_folder(folder)
        self._journal_fd: int | None = None

    # -- loading -------------------------------------------------------------------------

    def load(self, quarantine: Quarantine) -> None:
        """Read the snapshot and replay the journal (a damaged snapshot is moved aside)."""
        path = self.folder / SNAPSHOT_FILE
        try:
            self._load_snapshot(path)
        except UnreadableFile as exc:
            quarantine.move_aside(path, exc.reason, kind="index", key=SNAPSHOT_FILE)
            self.entries = {kind: {} for kind in self.codecs}
        except (KeyError, TypeError, ValueError) as exc:
            # A snapshot from another index format: it is only a cache, rebuild it.
            log.warning("index snapshot ignored (%s); rebuilding from the record files", exc)
            self.entries = {kind: {} for kind in self.codecs}
        self._replay_journal()
        self._journal_fd = os.open(
            self.folder / JOURNAL_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600
        )

    def _load_snapshot(self, path: Path) -> None:
        # One parse of the file: TinyDB tables would each read the storage again.
        tables = read_tables(path)
        if tables is None:
            return
        db = TinyDB(path, storage=Transaction(AtomicJSONStorage, initial=tables))
        meta = db.table("meta").get(doc_id=1)
        if meta is None or meta.get("format") != SNAPSHOT_FORMAT:
            raise ValueError(f"snapshot format {meta and meta.get('format')}")
        for kind, codec in self.codecs.items():
            table = self.entries[kind]
            from_json = codec.from_json
            for doc in tables.get(kind, {}).values():  # raw documents: no copies needed
                key = doc["key"]
                table[key] = Entry(key, int(doc["gen"]), raw=doc["entry"], from_json=from_json)

    def _replay_journal(self) -> None:
        try:
            raw = (self.folder / JOURNAL_FILE).read_bytes()
        except FileNotFoundError:
            return
        lines = raw.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        elif lines:
            self.dirty_journal = True  # the last append was cut short
        for line in lines:
            self.journal_lines += 1
            try:
                change = json.loads(line)
                self._apply(change["t"], change["k"], int(change["g"]), change["v"])
            except (ValueError, KeyError, TypeError):
                self.dirty_journal = True

    def _apply(self, kind: str, key: str, gen: int, value: dict[str, Any] | None) -> None:
        table = self.entries[kind]
        current = table.get(key)
        if current is not None and current.gen > gen:
            return  # an older line replayed over a newer snapshot
        if value is None:
            table.pop(key, None)
        else:
            table[key] = Entry(key, gen, raw=value, from_json=self.codecs[kind].from_json)

    # -- changes -------------------------------------------------------------------------

    def get(self, kind: str, key: str) -> Entry[Any] | None:
        return self.entries[kind].get(key)

    def put(self, kind: str, key: str, gen: int, summary: Any) -> None:
        """Record the summary of ``key`` at generation ``gen``."""
        self.entries[kind][key] = Entry(key, gen, summary=summary)
        self._append({"t": kind, "k": key, "g": gen, "v": self.codecs[kind].to_json(summary)})

    def drop(self, kind: str, key: str) -> None:
        """Forget ``key`` (archived or moved aside)."""
        entry = self.entries[kind].pop(key, None)
        if entry is not None:
            self._append({"t": kind, "k": key, "g": entry.gen, "v": None})

    def _append(self, change: dict[str, Any]) -> None:
        if self._journal_fd is None:
            return  # still loading: the open routine compacts at the end
        line = json.dumps(change, ensure_ascii=False, separators=(",", ":")) + "\n"
        # One write call per line; no fsync: the record file, already durable, is the truth.
        try:
            os.write(self._journal_fd, line.encode("utf-8"))
        except OSError as exc:
            # The change is durable in its record file; the next open finds it by listing.
            log.warning("index journal not written (%s)", exc)
            self.dirty_journal = True
        self.journal_lines += 1

    # -- compaction ----------------------------------------------------------------------

    def size(self) -> int:
        return sum(len(table) for table in self.entries.values())

    def on_day(self, kind: str, day: str) -> list[Entry[Any]]:
        """Entries of ``kind`` whose ISO ``day`` matches, decoding only those."""
        return [entry for entry in self.entries[kind].values() if entry.day == day]

    def should_compact(self) -> bool:
        return self.dirty_journal or self.journal_lines > max(MIN_JOURNAL_LINES, 2 * self.size())

    def compact(self) -> None:
        """Write a fresh snapshot (atomic), then empty the journal."""
        tables: dict[str, dict[str, dict[str, Any]]] = {"meta": {"1": {"format": SNAPSHOT_FORMAT}}}
        for kind, codec in self.codecs.items():
            tables[kind] = {
                str(n): {"key": key, "gen": entry.gen, "entry": entry.to_json(codec.to_json)}
                for n, (key, entry) in enumerate(self.entries[kind].items(), start=1)
            }
        write_atomic(self.folder / SNAPSHOT_FILE, encode_tables(tables))
        # A crash here replays old lines over the new snapshot: generations make that harmless.
        if self._journal_fd is not None:
            os.ftruncate(self._journal_fd, 0)
        else:
            (self.folder / JOURNAL_FILE).unlink(missing_ok=True)
        self.journal_lines = 0
        self.dirty_journal = False

    def close(self) -> None:
        if self._journal_fd is not None:
            os.close(self._journal_fd)
            self._journal_fd = None
