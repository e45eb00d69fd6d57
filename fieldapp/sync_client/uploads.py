"""Uploading the photos and signatures the server lacks: small ones in batches, large ones alone.

One large photo must not hold back the signatures queued behind it, so files up to half a
batch go in multipart batches and larger ones alone with ``PUT``. A file that is missing or
damaged on the phone, or that the server refuses, is reported with the reason so that the
sheets naming it can be marked "needs attention"; the others go on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fieldapp.domain.job_sheet import AttachmentRef, JobSheet
from fieldapp.domain.text import Text, text
from fieldapp.store import Store
from fieldapp.sync_client.batching import batches
from fieldapp.sync_client.errors import RequestRefused
from fieldapp.sync_client.http import ApiClient
from fieldapp.sync_client.replies import BatchReply, MissingReply, StoredReply
from fieldapp.sync_client.round import Limits, RoundReport


@dataclass
class AttachmentUploader:
    """Sends attachment files from ``store`` to the server."""

    api: ApiClient
    store: Store
    limits: Limits

    def missing_on_server(self, refs: list[AttachmentRef]) -> list[AttachmentRef]:
        """The ``refs`` the server does not hold yet (``POST /attachments/missing``)."""
        missing: set[str] = set()
        hashes = [a.sha256 for a in refs]
        for start in range(0, len(hashes), self.limits.hashes_per_check):
            chunk = hashes[start : start + self.limits.hashes_per_check]
            reply = self.api.post_json("/attachments/missing", {"hashes": chunk}, MissingReply)
            missing.update(reply.missing)
        return [a for a in refs if a.sha256 in missing]

    def upload(self, refs: list[AttachmentRef], report: RoundReport) -> dict[str, Text]:
        """Upload ``refs``; returns the hashes that cannot be sent, with why."""
        broken: dict[str, Text] = {}
        small = [a for a in refs if a.size <= self.limits.attachment_batch_bytes // 2]
        for ref in (a for a in refs if a not in small):
            data = self._read(ref, broken)
            if data is not None and self._put_one(ref, data, broken):
                report.attachments_uploaded += 1
        for group in batches(
            small,
            lambda a: a.size,
            max_count=self.limits.attachments_per_batch,
            max_bytes=self.limits.attachment_batch_bytes,
        ):
            self._post_batch(group, broken, report)
        return broken

    def _post_batch(
        self, group: list[AttachmentRef], broken: dict[str, Text], report: RoundReport
    ) -> None:
        files = []
        for ref in group:
            data = self._read(ref, broken)
            if data is not None:
                files.append((ref.sha256, data, ref.content_type))
        if not files:
            return
        try:
            reply = self.api.post_multipart("/attachments/batch", files, BatchReply)
        except RequestRefused as refused:
            if len(group) == 1:
                broken[group[0].sha256] = refused.message
                return
            # Refused as a whole (e.g. a limit): halve it so every file gets its answer.
            half = len(group) // 2
            self._post_batch(group[:half], broken, report)
            self._post_batch(group[half:], broken, report)
            return
        answered = {result.sha256: result for result in reply.results}
        for sha256, _, _ in files:
            result = answered.get(sha256)
            if result is None:
                continue  # not confirmed: the push reply will list it, and it goes again
            if result.status == "rejected":
                broken[sha256] = _message(result.message)
            else:
                report.attachments_uploaded += 1

    def _put_one(self, ref: AttachmentRef, data: bytes, broken: dict[str, Text]) -> bool:
        try:
            self.api.put_bytes(f"/attachments/{ref.sha256}", data, ref.content_type, StoredReply)
        except RequestRefused as refused:
            broken[ref.sha256] = refused.message
            return False
        return True

    def _read(self, ref: AttachmentRef, broken: dict[str, Text]) -> bytes | None:
        try:
            return self.store.read_attachment(ref.sha256)
        except (OSError, KeyError, ValueError):
            broken[ref.sha256] = text(
                "照片或签名文件丢失或已损坏，请重新拍摄或签名",
                "a photo or signature file is missing or damaged; take or sign it again",
            )
            return None


def unique_attachments(sheets: Iterable[JobSheet]) -> list[AttachmentRef]:
    """Every file the sheets reference, once each, in order."""
    seen: dict[str, AttachmentRef] = {}
    for sheet in sheets:
        for ref in sheet.attachments():
            seen.setdefault(ref.sha256, ref)
    return list(seen.values())


def _message(raw: dict[str, str] | None) -> Text:
    if raw is not None and "zh" in raw and "en" in raw:
        return text(raw["zh"], raw["en"])
    return text("服务器拒绝了这个文件", "the server refused this file")
