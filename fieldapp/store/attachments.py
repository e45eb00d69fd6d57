"""Photos and signature images, stored as files named by their SHA-256, never inside JSON.

``attachments/<first two hex digits>/<sha256>`` holds the raw bytes. Writing is atomic and
durable; the same bytes stored twice are one file (its time stamp is refreshed, see
below). Reading checks the hash, so a damaged file is noticed (and moved aside) instead
of being uploaded.

Cleanup removes files no sheet references — active, archived or quarantined, pending or
not — except files stored in the last ``grace`` period: a sheet being edited may be about
to reference a photo that was just taken.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from fieldapp.domain.job_sheet import MAX_ATTACHMENT_BYTES, AttachmentKind, AttachmentRef
from fieldapp.domain.text import text
from fieldapp.store.atomic import make_folder, remove_temp_files, write_atomic
from fieldapp.store.errors import AttachmentRejected, RecordNotFound, RecordUnreadable
from fieldapp.store.quarantine import Quarantine

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class CleanupReport:
    """What an attachment cleanup did."""

    removed: list[str]
    bytes_freed: int
    kept_recent: int  # unreferenced but younger than the grace period
    kept_referenced: int


class AttachmentFolder:
    """The content-addressed attachment files of a store."""

    def __init__(self, folder: Path, quarantine: Quarantine) -> None:
        self.folder = folder
        self._quarantine = quarantine
        make_folder(folder)
        self._remove_interrupted_writes()

    def _remove_interrupted_writes(self) -> None:
        """Delete temp files left by writes a kill cut off: nothing can reference them.

        Listing the shard folders reads names only, so opening stays cheap with
        thousands of photos.
        """
        with os.scandir(self.folder) as shards:
            for shard in shards:
                if shard.is_dir(follow_symlinks=False):
                    remove_temp_files(Path(shard.path))

    def path(self, sha256: str) -> Path:
        if not _SHA256.match(sha256):
            raise ValueError(f"not a SHA-256 in lowercase hex: {sha256!r}")
        return self.folder / sha256[:2] / sha256

    def put(
        self,
        data: bytes,
        content_type: str,
        kind: AttachmentKind = AttachmentKind.PHOTO,
        caption: str = "",
    ) -> AttachmentRef:
        """Store ``data`` (once) and return the reference a sheet keeps."""
        if not data:
            raise AttachmentRejected(text("附件为空", "the attachment is empty"))
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise AttachmentRejected(
                text(
                    f"附件太大（{len(data) // 1024} KB），上限为 10 MB，请降低照片分辨率",
                    f"the attachment is too large ({len(data) // 1024} KB); the limit is "
                    "10 MB, lower the photo resolution",
                )
            )
        sha256 = hashlib.sha256(data).hexdigest()
        path = self.path(sha256)
        if path.exists() and path.stat().st_size == len(data):
            os.utime(path)  # the grace period restarts: a sheet is about to reference it
        else:
            make_folder(path.parent)
            write_atomic(path, data)
        return AttachmentRef(
            sha256=sha256, kind=kind, content_type=content_type, size=len(data), caption=caption
        )

    def read(self, sha256: str) -> bytes:
        """The bytes of an attachment, checked against its hash."""
        path = self.path(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise RecordNotFound(
                text(f"找不到附件 {sha256[:12]}…", f"no attachment {sha256[:12]}… on this device")
            ) from None
        if hashlib.sha256(data).hexdigest() != sha256:
            report = self._quarantine.move_aside(
                path,
                text("内容与校验值不符", "its content does not match its hash"),
                kind="attachment",
                key=sha256,
            )
            raise RecordUnreadable(report.message)
        return data

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def stored(self) -> Iterator[tuple[str, os.stat_result]]:
        """Every stored attachment with its file status."""
        for shard in sorted(self.folder.iterdir()):
            if not shard.is_dir():
                continue
            remove_temp_files(shard)
            for entry in os.scandir(shard):
                if _SHA256.match(entry.name):
                    yield entry.name, entry.stat()

    def cleanup(self, referenced: set[str], grace: timedelta, now: datetime) -> CleanupReport:
        """Remove files not in ``referenced`` and stored before ``now - grace``."""
        cutoff = (now - grace).timestamp()
        removed: list[str] = []
        freed = kept_recent = kept_referenced = 0
        for sha256, status in list(self.stored()):
            if sha256 in referenced:
                kept_referenced += 1
            elif status.st_mtime > cutoff:
                kept_recent += 1
            else:
                self.path(sha256).unlink(missing_ok=True)
                removed.append(sha256)
                freed += status.st_size
        return CleanupReport(sorted(removed), freed, kept_recent, kept_referenced)
