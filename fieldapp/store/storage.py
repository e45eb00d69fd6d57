"""TinyDB storages that never leave a broken file: every write is atomic and durable.

- :class:`AtomicJSONStorage`: a TinyDB database in one JSON file, replaced atomically on
  each write (temp file, fsync, rename, folder fsync). Used for the store's small files.
- :class:`GenerationStorage`: a TinyDB database kept as ``<key>.<gen>.json``; each write
  creates generation ``gen + 1`` and then removes ``gen``. The file name alone tells which
  generation is current, so the index can be checked against a folder listing without
  opening a single file (see :mod:`fieldapp.store.index`).
- :class:`Transaction`: a middleware that turns any number of TinyDB table operations
  into one write, made by :meth:`Transaction.commit`. A job sheet and its "needs sync"
  mark are two tables of one file, so they commit together or not at all.

Reading a file that is not a TinyDB JSON database raises :class:`UnreadableFile`; the
store then moves the file aside (:mod:`fieldapp.store.quarantine`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tinydb import Storage
from tinydb.middlewares import Middleware

from fieldapp.domain.text import Text, text
from fieldapp.store.atomic import write_atomic

Tables = dict[str, dict[str, dict[str, Any]]]


class UnreadableFile(Exception):
    """A store file whose content cannot be used; ``reason`` says why in both languages."""

    def __init__(self, path: Path, reason: Text) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def encode_tables(tables: Tables) -> bytes:
    """The bytes of a TinyDB database (compact UTF-8 JSON, Chinese kept readable)."""
    return json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_tables(raw: bytes, path: Path) -> Tables:
    """Parse a TinyDB database, checking its shape: tables → numeric ids → documents."""
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnreadableFile(
            path, text(f"不是有效的 JSON（{exc}）", f"not valid JSON ({exc})")
        ) from exc
    if not isinstance(data, dict):
        raise UnreadableFile(path, text("不是 TinyDB 数据库", "not a TinyDB database"))
    for name, table in data.items():
        if not isinstance(table, dict) or not all(
            isinstance(doc, dict) and doc_id.isascii() and doc_id.isdigit()
            for doc_id, doc in table.items()
        ):
            raise UnreadableFile(
                path, text(f"数据表 {name} 格式不正确", f"table {name!r} is malformed")
            )
    return data


def read_tables(path: Path) -> Tables | None:
    """The database in ``path``, or None when the file does not exist."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    return decode_tables(raw, path)


class AtomicJSONStorage(Storage):
    """A TinyDB storage in one JSON file that each write replaces atomically and durably."""

    def __init__(self, path: str | Path, access_mode: str = "r+") -> None:
        super().__init__()
        self.path = Path(path)
        self._read_only = access_mode == "r"

    def read(self) -> Tables | None:
        return read_tables(self.path)

    def write(self, data: Tables) -> None:
        if self._read_only:
            raise PermissionError(f"{self.path} was opened read-only")
        write_atomic(self.path, encode_tables(data))


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9\-]{1,100}$")
MAX_NAME = 200  # well under the 255-byte file name limit of every phone file system


def key_to_name(key: str) -> str:
    """The file name stem of record ``key``.

    Sheet ids and ticket numbers are plain ASCII and used as they are. Anything else (the
    ticket pattern's ``\\d`` also admits non-ASCII digits) is written as ``_`` + UTF-8 hex,
    so a key can never name a path outside its folder.
    """
    if _PLAIN_KEY.match(key):
        return key
    name = "_" + key.encode("utf-8").hex()
    if not key or len(name) > MAX_NAME:
        raise ValueError(f"cannot store a record under the key {key!r}")
    return name


def name_to_key(stem: str) -> str | None:
    """The record key of a file name stem (None if it is not one)."""
    if stem.startswith("_"):
        try:
            return bytes.fromhex(stem[1:]).decode("utf-8")
        except ValueError:
            return None
    return stem if _PLAIN_KEY.match(stem) else None


def generation_name(key: str, gen: int) -> str:
    """The file name of generation ``gen`` of record ``key``."""
    return f"{key_to_name(key)}.{gen}.json"


def parse_generation_name(name: str) -> tuple[str, int] | None:
    """``(key, gen)`` for a record file name, None for anything else in the folder."""
    parts = name.split(".")
    if len(parts) != 3 or parts[2] != "json" or not parts[1].isascii() or not parts[1].isdigit():
        return None
    key = name_to_key(parts[0])
    return (key, int(parts[1])) if key is not None else None


class GenerationStorage(Storage):
    """A TinyDB database kept as ``<key>.<gen>.json``; every write makes a new generation.

    ``gen`` 0 means the record does not exist yet. A write goes to ``gen + 1`` (atomic,
    durable) and only then removes ``gen``: a crash in between leaves both, and the
    higher generation wins when the folder is next listed.
    """

    def __init__(self, folder: Path, key: str, gen: int) -> None:
        super().__init__()
        self.folder = folder
        self.key = key
        self.gen = gen

    @property
    def path(self) -> Path:
        return self.folder / generation_name(self.key, self.gen)

    def read(self) -> Tables | None:
        if self.gen == 0:
            return None
        return read_tables(self.path)

    def write(self, data: Tables) -> None:
        old = self.path if self.gen else None
        new_gen = self.gen + 1
        write_atomic(self.folder / generation_name(self.key, new_gen), encode_tables(data))
        self.gen = new_gen
        if old is not None:
            # Not flushed: if the removal is lost, the newer generation still wins.
            old.unlink(missing_ok=True)


class Transaction(Middleware):
    """Collects TinyDB writes in memory; :meth:`commit` writes them to storage at once.

    Unlike TinyDB's ``CachingMiddleware`` nothing is written behind the caller's back and
    nothing is kept after the transaction: a transaction lives for one store operation.
    """

    def __init__(self, storage_cls: Any, initial: Tables | None = None) -> None:
        super().__init__(storage_cls)
        self._data: Tables | None = initial
        self._loaded = initial is not None
        self._dirty = False

    def read(self) -> Tables | None:
        if not self._loaded:
            self._data = self.storage.read()
            self._loaded = True
        return self._data

    def write(self, data: Tables) -> None:
        self._data = data
        self._loaded = True
        self._dirty = True

    @property
    def dirty(self) -> bool:
        """Whether a table operation changed something since the transaction began."""
        return self._dirty

    def commit(self) -> None:
        """Write every change of the transaction as one atomic write (no-op if unchanged)."""
        if self._dirty and self._data is not None:
            self.storage.write(self._data)
            self._dirty = False

    def close(self) -> None:
        self.storage.close()
