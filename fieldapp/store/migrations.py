"""Schema versions of the store and the migrations between them, run when a store opens.

Every file the store writes records the schema version it was written in (``meta``
table), and ``store.json`` records the version of the folder as a whole. Opening a
store:

- newer than this app knows: refused with :class:`~fieldapp.store.errors.StoreTooNew`
  (the technician must update the app; nothing is touched);
- older: every file is read, upgraded by the migrations in order and rewritten
  atomically; ``store.json`` is updated last. A crash half-way leaves some files
  upgraded and some not; each file says which, so the next open finishes the job.

A migration upgrades one file's tables from ``from_version`` to ``from_version + 1``.
Schema 1 is the first layout, so :data:`MIGRATIONS` is empty: append to it, never edit
a released entry. Files are also upgraded in memory whenever read, so a file that
missed the eager pass (a restored backup) is still understood.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fieldapp.domain.text import text
from fieldapp.store.records import META_TABLE, Upgrade, meta_of
from fieldapp.store.storage import Tables, UnreadableFile


@dataclass(frozen=True)
class Migration:
    """Upgrades one file's tables from ``from_version`` to the next schema version."""

    from_version: int
    description: str
    upgrade: Callable[[str, Tables], Tables]  # (kind, tables) -> tables; kind e.g. "sheet"


MIGRATIONS: tuple[Migration, ...] = ()


def schema_version(migrations: Sequence[Migration]) -> int:
    """The schema version a store has once every migration ran."""
    return 1 + len(migrations)


def check_migrations(migrations: Sequence[Migration]) -> None:
    """Refuse a migration list with gaps: entry ``i`` must upgrade from version ``i + 1``."""
    for position, migration in enumerate(migrations):
        if migration.from_version != position + 1:
            raise ValueError(
                f"migration {migration.description!r} upgrades from version "
                f"{migration.from_version}, expected {position + 1}"
            )


def make_upgrade(migrations: Sequence[Migration]) -> Upgrade:
    """The function that brings any file's tables to the current schema in memory."""
    target = schema_version(migrations)

    def upgrade(kind: str, tables: Tables, path: Path) -> Tables:
        version = int(meta_of(tables).get("schema", 1))
        if version == target:
            return tables
        if version > target:
            raise UnreadableFile(
                path,
                text(
                    f"由更新版本的应用写入（数据版本 {version}）",
                    f"written by a newer app version (schema {version})",
                ),
            )
        for migration in migrations[version - 1 :]:
            tables = migration.upgrade(kind, tables)
        meta = meta_of(tables)
        meta["schema"] = target
        tables[META_TABLE] = {"1": meta}
        return tables

    return upgrade
