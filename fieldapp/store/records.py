"""The store's TinyDB files: one file per job record, and single-document files.

- :class:`RecordFolder`: the active sheets (or work orders), one small TinyDB database per
  record, named ``<key>.<gen>.json`` (see :class:`~fieldapp.store.storage.GenerationStorage`).
  Saving one record writes one small file, whatever else is on the device.
- :class:`DocumentFile`: a TinyDB file holding one document (settings, sync state, the
  store's own metadata).

Every file carries a ``meta`` table: its kind, key, schema version, generation and when it
was saved. Every change goes through one path: :meth:`RecordFolder.edit` (a
:class:`~fieldapp.store.storage.Transaction`) and one atomic write at the end.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from fieldapp.domain.text import Text, text
from fieldapp.store.atomic import TEMP_SUFFIX, make_folder
from fieldapp.store.quarantine import Quarantine
from fieldapp.store.storage import (
    AtomicJSONStorage,
    GenerationStorage,
    Tables,
    Transaction,
    UnreadableFile,
    generation_name,
    parse_generation_name,
    read_tables,
)

META_TABLE = "meta"
Upgrade = Callable[[str, Tables, Path], Tables]
"""Brings a file's tables to the current schema: ``(kind, tables, path) -> tables``."""


def get_doc(table: Table) -> dict[str, Any] | None:
    """The single document of a one-document table (doc id 1), or None."""
    doc = table.get(doc_id=1)
    return dict(doc) if doc is not None else None


def put_doc(table: Table, doc: Mapping[str, Any]) -> None:
    """Replace the single document of a one-document table."""
    # TinyDB's upsert merges fields into the old document; a record must be replaced whole.
    table.truncate()
    table.insert(Document(doc, doc_id=1))


def meta_of(tables: Tables) -> dict[str, Any]:
    """The ``meta`` document of a file's tables ({} when absent)."""
    return dict(tables.get(META_TABLE, {}).get("1", {}))


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


class RecordFolder:
    """The active records of one kind, one TinyDB file each, and their current generations."""

    def __init__(self, folder: Path, kind: str, upgrade: Upgrade, schema: int) -> None:
        self.folder = folder
        self.kind = kind
        self.gens: dict[str, int] = {}
        self._upgrade = upgrade
        self.schema = schema
        make_folder(folder)

    def scan(self) -> dict[str, list[int]]:
        """Every record in the folder with its generations, newest first.

        Only names are listed: no file is opened. Leftover temporary files of
        interrupted writes are removed on the way.
        """
        found: dict[str, list[int]] = {}
        with os.scandir(self.folder) as entries:
            for entry in entries:
                name = entry.name
                parsed = parse_generation_name(name)
                if parsed is not None:
                    found.setdefault(parsed[0], []).append(parsed[1])
                elif name.startswith(".") and name.endswith(TEMP_SUFFIX):
                    os.unlink(entry.path)  # an interrupted write, never committed
        for gens in found.values():
            gens.sort(reverse=True)
        return found

    def path(self, key: str, gen: int | None = None) -> Path:
        """The file of ``key`` at ``gen`` (default: the current generation)."""
        return self.folder / generation_name(key, self.gens[key] if gen is None else gen)

    def read(self, key: str, gen: int | None = None) -> Tables:
        """The tables of ``key`` (current generation unless given), upgraded to the schema."""
        path = self.path(key, gen)
        tables = read_tables(path)
        if tables is None:
            raise UnreadableFile(path, text("文件不存在", "the file does not exist"))
        return self._upgrade(self.kind, tables, path)

    def disk_schema(self, key: str) -> int:
        """The schema version the current file of ``key`` was written in."""
        tables = read_tables(self.path(key))
        return int(meta_of(tables or {}).get("schema", 1))

    @contextmanager
    def edit(
        self, key: str, *, base: tuple[int, Tables] | None = None, force: bool = False
    ) -> Iterator[TinyDB]:
        """A TinyDB database of record ``key`` whose changes commit as one atomic write.

        The write happens when the ``with`` block ends without an exception and something
        changed (or ``force``); ``base`` starts the record from given tables and generation
        (restoring from the archive).
        """
        if base is not None:
            gen, initial = base
        elif key in self.gens:
            gen, initial = self.gens[key], self.read(key)
        else:
            gen, initial = 0, {}
        transaction = Transaction(GenerationStorage, initial=initial)
        db = TinyDB(self.folder, key, gen, storage=transaction)
        yield db
        if transaction.dirty or force:
            put_doc(
                db.table(META_TABLE),
                {
                    "kind": self.kind,
                    "key": key,
                    "schema": self.schema,
                    "gen": gen + 1,
                    "saved_at": now_iso(),
                },
            )
            transaction.commit()
            self.gens[key] = gen + 1

    def forget(self, key: str) -> None:
        """Stop tracking ``key`` (its file was moved elsewhere)."""
        self.gens.pop(key, None)

    def remove_file(self, key: str) -> None:
        """Remove the current file of ``key`` after it was copied elsewhere (archive)."""
        self.path(key).unlink(missing_ok=True)
        self.gens.pop(key, None)


class DocumentFile:
    """A TinyDB file holding one document, replaced atomically on every save."""

    def __init__(
        self,
        path: Path,
        kind: str,
        *,
        quarantine: Quarantine,
        upgrade: Upgrade,
        schema: int,
        table: str = "data",
    ) -> None:
        self.path = path
        self.kind = kind
        self._quarantine = quarantine
        self._upgrade = upgrade
        self.schema = schema
        self._table = table
        self._tables: Tables = {}
        self._disk_schema = schema

    def load(self) -> dict[str, Any] | None:
        """The document, or None when the file does not exist or had to be moved aside."""
        try:
            tables = read_tables(self.path)
            if tables is None:
                return None
            self._disk_schema = int(meta_of(tables).get("schema", 1))
            self._tables = self._upgrade(self.kind, tables, self.path)
        except UnreadableFile as exc:
            self._quarantine.move_aside(self.path, exc.reason, kind=self.kind, key=self.path.name)
            self._tables = {}
            return None
        db = TinyDB(self.path, storage=Transaction(AtomicJSONStorage, initial=self._tables))
        return get_doc(db.table(self._table))

    def move_aside(self, reason: Text) -> None:
        """Quarantine the file (its content is unusable); the next save starts afresh."""
        if self.path.exists():
            self._quarantine.move_aside(self.path, reason, kind=self.kind, key=self.path.name)
        self._tables = {}

    def save(self, doc: Mapping[str, Any]) -> None:
        """Replace the document (atomic, durable)."""
        transaction = Transaction(AtomicJSONStorage, initial=self._tables)
        db = TinyDB(self.path, storage=transaction)
        put_doc(db.table(self._table), doc)
        put_doc(
            db.table(META_TABLE),
            {
                "kind": self.kind,
                "key": self.path.name,
                "schema": self.schema,
                "saved_at": now_iso(),
            },
        )
        transaction.commit()
        self._tables = transaction.read() or {}

    def migrate(self) -> None:
        """Rewrite the file in the current schema (after :meth:`load` upgraded it in memory)."""
        doc = self.load()
        if doc is not None and self._disk_schema != self.schema:
            self.save(doc)
