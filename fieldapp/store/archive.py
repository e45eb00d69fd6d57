"""The archive: synced, approved jobs that left the active set but stay readable.

An archived record is a TinyDB file ``archive/<kind>s/<key>.json`` (the same tables as the
active file, plus ``meta.archived_at``), written atomically before the active file is
removed. Archived records are not part of the index loaded at open, so months of history
do not slow the app down; ``archive/index.json`` summarises them and is loaded only when
an archived record is listed or the attachment cleanup needs their references. It is
rebuilt from the files whenever its keys differ from the folder listing.

If the process dies between writing the archive copy and removing the active file, both
exist: the active one wins, and the stale copy is dropped the next time the archive
index is loaded.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from fieldapp.store.atomic import make_folder, remove_temp_files, write_atomic
from fieldapp.store.index import Codec
from fieldapp.store.quarantine import Quarantine
from fieldapp.store.records import Upgrade, meta_of
from fieldapp.store.storage import (
    AtomicJSONStorage,
    Tables,
    UnreadableFile,
    encode_tables,
    key_to_name,
    name_to_key,
    read_tables,
)

INDEX_FILE = "index.json"
Summarize = Callable[[str, Tables, Path], Any]  # (kind, tables, path) -> archived summary


class Archive:
    """Archived records of every kind and their lazily loaded summaries."""

    def __init__(
        self,
        folder: Path,
        *,
        kinds: dict[str, Codec[Any]],
        record_kinds: dict[str, str],
        summarize: Summarize,
        upgrade: Upgrade,
        schema: int,
        quarantine: Quarantine,
    ) -> None:
        self.folder = folder
        self._codecs = kinds
        self._record_kinds = record_kinds  # folder name -> record kind ("sheets" -> "sheet")
        self._summarize = summarize
        self._upgrade = upgrade
        self._schema = schema
        self._quarantine = quarantine
        self._summaries: dict[str, dict[str, Any]] | None = None
        for kind in kinds:
            make_folder(folder / kind)

    def path(self, kind: str, key: str) -> Path:
        return self.folder / kind / f"{key_to_name(key)}.json"

    def contains(self, kind: str, key: str) -> bool:
        return self.path(kind, key).is_file()

    def keys(self, kind: str) -> list[str]:
        """Archived keys of ``kind``, from the folder listing."""
        folder = self.folder / kind
        remove_temp_files(folder)
        stems = [name[: -len(".json")] for name in os.listdir(folder) if name.endswith(".json")]
        keys = [name_to_key(stem) for stem in stems]
        return [key for key in keys if key is not None]

    def read(self, kind: str, key: str) -> Tables:
        """The tables of an archived record, upgraded to the current schema."""
        path = self.path(kind, key)
        tables = read_tables(path)
        if tables is None:
            raise FileNotFoundError(path)
        return self._upgrade(self._record_kinds[kind], tables, path)

    def put(self, kind: str, key: str, tables: Tables, summary: Any) -> None:
        """Write the archived copy of a record (call :meth:`save_index` after a batch)."""
        write_atomic(self.path(kind, key), encode_tables(tables))
        self.summaries(kind)[key] = summary

    def remove(self, kind: str, key: str) -> None:
        """Remove an archived copy once the record is active again."""
        self.path(kind, key).unlink(missing_ok=True)
        self.summaries(kind).pop(key, None)

    def summaries(self, kind: str) -> dict[str, Any]:
        """Summaries of the archived records of ``kind`` (loaded on first use)."""
        if self._summaries is None:
            self._summaries = self._load()
        return self._summaries[kind]

    def save_index(self) -> None:
        """Write ``archive/index.json`` (atomic) after the archived set changed."""
        if self._summaries is None:
            return
        tables: Tables = {}
        for kind, codec in self._codecs.items():
            tables[kind] = {
                str(n): {"key": key, "entry": codec.to_json(summary)}
                for n, (key, summary) in enumerate(self._summaries[kind].items(), start=1)
            }
        write_atomic(self.folder / INDEX_FILE, encode_tables(tables))

    def migrate(self) -> None:
        """Rewrite archived files written in an older schema; the summaries are rebuilt."""
        for kind in self._codecs:
            for key in self.keys(kind):
                path = self.path(kind, key)
                try:
                    raw = read_tables(path) or {}
                    if int(meta_of(raw).get("schema", 1)) != self._schema:
                        write_atomic(path, encode_tables(self.read(kind, key)))
                except UnreadableFile as exc:
                    self._quarantine.move_aside(
                        path, exc.reason, kind=self._record_kinds[kind], key=key
                    )
        (self.folder / INDEX_FILE).unlink(missing_ok=True)  # a cache, rebuilt when next needed
        self._summaries = None

    def drop_duplicates(self, kind: str, active: set[str]) -> None:
        """Remove archive copies of records that are active again (an interrupted restore)."""
        for key in set(self.summaries(kind)) & active:
            self.remove(kind, key)

    def _load(self) -> dict[str, dict[str, Any]]:
        summaries: dict[str, dict[str, Any]] = {kind: {} for kind in self._codecs}
        changed = False
        try:
            db = TinyDB(self.folder / INDEX_FILE, storage=AtomicJSONStorage, access_mode="r")
            for kind, codec in self._codecs.items():
                for doc in db.table(kind).all():
                    summaries[kind][doc["key"]] = codec.from_json(doc["key"], doc["entry"])
        except (UnreadableFile, KeyError, TypeError, ValueError):
            summaries = {kind: {} for kind in self._codecs}  # a cache: rebuild it
            changed = True
        for kind in self._codecs:
            listed = set(self.keys(kind))
            known = summaries[kind]
            for key in set(known) - listed:
                del known[key]
                changed = True
            for key in listed - set(known):
                changed = True
                path = self.path(kind, key)
                try:
                    known[key] = self._summarize(kind, self.read(kind, key), path)
                except UnreadableFile as exc:
                    self._quarantine.move_aside(
                        path, exc.reason, kind=self._record_kinds[kind], key=key
                    )
        self._summaries = summaries
        if changed:
            self.save_index()
        return summaries
