"""Files that cannot be read are moved aside, reported, and never deleted.

A file that fails to parse (bit rot, a manual edit, a bug) is renamed into
``quarantine/`` with a time stamp, and a report is kept in ``quarantine/reports.json``:
which file, where it went, why, and when. The rest of the store keeps working without it.
Any SHA-256 found in the raw bytes is kept with the report, so that attachment cleanup
never removes a photo that the lost sheet may have referenced.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel
from tinydb import TinyDB

from fieldapp.domain.text import Text, text
from fieldapp.store.atomic import flush_folder, make_folder
from fieldapp.store.storage import AtomicJSONStorage, UnreadableFile

log = logging.getLogger(__name__)

REPORTS_FILE = "reports.json"
_SHA256 = re.compile(rb"[0-9a-f]{64}")


class QuarantineReport(BaseModel):
    """One file moved aside: what it was, where it is now, and why."""

    file: str  # path relative to the store folder, as it was
    moved_to: str  # path relative to the store folder
    kind: str  # "sheet", "order", "settings", "attachment", ...
    key: str  # the sheet id, ticket number or hash, when known
    reason: Text
    at: datetime
    attachments: list[str] = []  # hashes the file may have referenced

    @property
    def message(self) -> Text:
        """What to tell the technician."""
        return text(
            f"文件 {self.file} 无法读取（{self.reason.zh}），已移至 {self.moved_to}，"
            "未删除；其余数据不受影响。",
            f"the file {self.file} could not be read ({self.reason.en}); it was moved to "
            f"{self.moved_to} and not deleted; the rest of the store is unaffected.",
        )


class Quarantine:
    """The ``quarantine/`` folder of a store and its reports."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / "quarantine"
        make_folder(self.folder)
        self._db = TinyDB(self.folder / REPORTS_FILE, storage=AtomicJSONStorage)
        try:
            self._reports = [QuarantineReport.model_validate(d) for d in self._db.all()]
        except (UnreadableFile, ValueError) as exc:
            # The report list itself is damaged: keep it under another name, start afresh.
            aside = self._free_name(f"{REPORTS_FILE}.unreadable")
            os.replace(self.folder / REPORTS_FILE, aside)
            log.warning("quarantine report list unreadable (%s), kept as %s", exc, aside)
            self._db = TinyDB(self.folder / REPORTS_FILE, storage=AtomicJSONStorage)
            self._reports = []

    def reports(self) -> list[QuarantineReport]:
        """Every file moved aside so far, oldest first."""
        return list(self._reports)

    def referenced_hashes(self) -> set[str]:
        """Attachment hashes that quarantined files may reference."""
        return {sha for report in self._reports for sha in report.attachments}

    def move_aside(
        self, path: Path, reason: Text, *, kind: str, key: str, attachments: Iterable[str] = ()
    ) -> QuarantineReport:
        """Move ``path`` into the quarantine folder and record why."""
        try:
            raw = path.read_bytes()
        except OSError:
            raw = b""
        found = {m.decode() for m in _SHA256.findall(raw)} | set(attachments)
        now = datetime.now(UTC)
        target = self._free_name(f"{now:%Y%m%dT%H%M%S}-{path.name}")
        os.replace(path, target)
        flush_folder(self.folder)
        flush_folder(path.parent)
        report = QuarantineReport(
            file=self._relative(path),
            moved_to=self._relative(target),
            kind=kind,
            key=key,
            reason=reason,
            at=now,
            attachments=sorted(found),
        )
        self._db.insert(report.model_dump(mode="json"))
        self._reports.append(report)
        log.warning("%s", report.message.en)
        return report

    def _free_name(self, name: str) -> Path:
        candidate = self.folder / name
        n = 1
        while candidate.exists():
            n += 1
            candidate = self.folder / f"{name}.{n}"
        return candidate

    def _relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
