"""One sync round: push what is queued, then pull what changed on the server.

Push order: attachments the server lacks first (small ones packed into batch uploads,
large photos alone), then the sheets that reference them, in batches bounded by count
and bytes, each with an idempotency key that is written to the store *before* the
request leaves, so a batch interrupted by a crash or a dropped connection is resent
with the same key and the server answers with its stored reply.

Nothing local is deleted: a sheet only loses its "needs sync" mark once the server
confirmed that version, and a newer local save stays pending.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from fieldapp.domain.job_sheet import AttachmentRef, JobSheet
from fieldapp.domain.text import Text, text
from fieldapp.domain.work_order import WorkOrder
from fieldapp.store import PendingSheet, ReviewResult, Store
from fieldapp.sync_client.batching import batches
from fieldapp.sync_client.errors import BadResponse, RequestRefused
from fieldapp.sync_client.http import ApiClient, encode_json
from fieldapp.sync_client.status import StatusBoard

log = logging.getLogger(__name__)


@dataclass
class Limits:
    """How much goes into one request."""

    sheets_per_push: int = 200
    push_bytes: int = 1_000_000  # before compression
    attachment_batch_bytes: int = 4 * 1024 * 1024
    attachments_per_batch: int = 200  # the server's limit of files per request
    hashes_per_check: int = 2000
    pull_page: int = 500


@dataclass
class RoundReport:
    """What one round did, for logs, tests and the benchmark."""

    pushed: int = 0
    rejected: int = 0
    attachments_uploaded: int = 0
    changes_applied: int = 0
    problems: list[Text] = field(default_factory=list)


@dataclass
class SyncEngine:
    """Runs sync rounds for one signed-in technician on one device."""

    api: ApiClient
    store: Store
    device_id: str
    board: StatusBoard = field(default_factory=StatusBoard)
    limits: Limits = field(default_factory=Limits)

    def run_round(self) -> RoundReport:
        """Push everything pending, then pull; raises the errors of :mod:`errors`."""
        report = RoundReport()
        self._push(report)
        self._pull(report)
        return report

    # -- push ---------------------------------------------------------------------------

    def _push(self, report: RoundReport) -> None:
        pending = list(self.store.pending_sheets())
        if not pending:
            return
        bodies = {(p.sheet_id, p.version): _item_body(p) for p in pending}
        attachments = _unique_attachments(p.sheet for p in pending)
        total_bytes = sum(len(b) for b in bodies.values()) + sum(a.size for a in attachments)
        self.board.update(
            items_done=0, items_total=len(pending), bytes_done=0, bytes_total=total_bytes
        )
        broken = self._upload_attachments(attachments, report)
        for item in pending:
            bad = {a.sha256 for a in item.sheet.attachments()} & broken.keys()
            if bad:
                message = broken[next(iter(sorted(bad)))]
                self.store.mark_needs_attention(item.sheet_id, item.version, message)
                report.rejected += 1
        sendable = [
            p for p in pending if not {a.sha256 for a in p.sheet.attachments()} & broken.keys()
        ]
        self._resume_in_flight(sendable, bodies, report)
        sendable = list(self.store.pending_sheets())
        for batch in batches(
            sendable,
            lambda p: len(_body_of(p, bodies)),
            max_count=self.limits.sheets_per_push,
            max_bytes=self.limits.push_bytes,
        ):
            self._push_batch(batch, bodies, report, key=str(uuid.uuid4()))

    def _resume_in_flight(
        self,
        sendable: list[PendingSheet],
        bodies: dict[tuple[str, int], bytes],
        report: RoundReport,
    ) -> None:
        """Resend a batch that was sent but not confirmed, with its original key."""
        in_flight = self.store.sync_state().in_flight
        if in_flight is None:
            return
        wanted = [(i.sheet_id, i.version) for i in in_flight.items]
        current = {(p.sheet_id, p.version): p for p in sendable}
        if all(w in current for w in wanted):
            batch = [current[w] for w in wanted]
            self._push_batch(batch, bodies, report, in_flight.idempotency_key)
        else:
            # A sheet was saved again (or resolved) since: the old body no longer exists.
            # The server keeps the highest version per sheet, so a fresh key is safe.
            self.store.end_batch(in_flight.idempotency_key)

    def _push_batch(
        self,
        batch: list[PendingSheet],
        bodies: dict[tuple[str, int], bytes],
        report: RoundReport,
        key: str,
        key_replaced: bool = False,
    ) -> None:
        raw = _push_body(self.device_id, [_body_of(p, bodies) for p in batch])
        # Written before the request leaves: after a crash the batch goes again, same key.
        self.store.begin_batch(key, [(p.sheet_id, p.version) for p in batch])
        try:
            reply = self.api.post_bytes("/sync/push", raw, {"Idempotency-Key": key})
        except RequestRefused as refused:
            self.store.end_batch(key)
            if refused.detail.get("code") == "idempotency_key_reused" and not key_replaced:
                # Not the items' fault: the key is spent. The server keeps the highest
                # version of each sheet, so the same items under a new key are safe.
                self._push_batch(batch, bodies, report, str(uuid.uuid4()), key_replaced=True)
                return
            if len(batch) == 1:
                self._reject(batch[0], refused.message, report)
                return
            # The batch as a whole was refused: send items alone to find the bad one.
            for item in batch:
                self._push_batch([item], bodies, report, key=str(uuid.uuid4()))
            return
        self._apply_push_reply(batch, reply, report)
        self.store.end_batch(key)
        status = self.board.current
        self.board.update(
            items_done=status.items_done + len(batch), bytes_done=status.bytes_done + len(raw)
        )

    def _apply_push_reply(self, batch: list[PendingSheet], reply: Any, report: RoundReport) -> None:
        results = {(r.get("sheet_id"), r.get("version")): r for r in _results(reply)}
        for item in batch:
            result = results.get((item.sheet_id, item.version))
            if result is None:
                continue  # stays pending; the next round sends it again
            if result.get("status") == "accepted":
                self.store.mark_pushed(item.sheet_id, item.version)
                report.pushed += 1
            else:
                self._reject(item, _message(result.get("message")), report)

    def _reject(self, item: PendingSheet, message: Text, report: RoundReport) -> None:
        self.store.mark_needs_attention(item.sheet_id, item.version, message)
        report.rejected += 1
        report.problems.append(message)

    def _upload_attachments(
        self, refs: list[AttachmentRef], report: RoundReport
    ) -> dict[str, Text]:
        """Upload what the server lacks; returns the hashes that cannot be sent, with why."""
        missing: set[str] = set()
        hashes = [a.sha256 for a in refs]
        for start in range(0, len(hashes), self.limits.hashes_per_check):
            chunk = hashes[start : start + self.limits.hashes_per_check]
            reply = self.api.post_json("/attachments/missing", {"hashes": chunk})
            missing.update(str(h) for h in (reply or {}).get("missing", []))
        broken: dict[str, Text] = {}
        todo = [a for a in refs if a.sha256 in missing]
        small = [a for a in todo if a.size <= self.limits.attachment_batch_bytes // 2]
        for ref in (a for a in todo if a not in small):
            data = self._read(ref, broken)
            if data is not None:
                self._put_one(ref, data, broken)
                report.attachments_uploaded += 1
        for group in batches(
            small,
            lambda a: a.size,
            max_count=self.limits.attachments_per_batch,
            max_bytes=self.limits.attachment_batch_bytes,
        ):
            self._post_attachment_batch(group, broken, report)
        return broken

    def _post_attachment_batch(
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
            reply = self.api.post_multipart("/attachments/batch", files)
        except RequestRefused as refused:
            if len(group) == 1:
                broken[group[0].sha256] = refused.message
                return
            # Refused as a whole (e.g. a limit): halve it so every file gets its answer.
            half = len(group) // 2
            self._post_attachment_batch(group[:half], broken, report)
            self._post_attachment_batch(group[half:], broken, report)
            return
        for result in (reply or {}).get("results", []):
            if result.get("status") == "rejected":
                broken[str(result.get("sha256"))] = _message(result.get("message"))
            else:
                report.attachments_uploaded += 1

    def _put_one(self, ref: AttachmentRef, data: bytes, broken: dict[str, Text]) -> None:
        try:
            self.api._send(
                "PUT",
                f"/attachments/{ref.sha256}",
                data=data,
                headers={"Content-Type": ref.content_type},
            )
        except RequestRefused as refused:
            broken[ref.sha256] = refused.message

    def _read(self, ref: AttachmentRef, broken: dict[str, Text]) -> bytes | None:
        try:
            return self.store.read_attachment(ref.sha256)
        except (OSError, KeyError, ValueError):
            broken[ref.sha256] = text(
                "照片或签名文件丢失或已损坏，请重新拍摄或签名",
                "a photo or signature file is missing or damaged; take or sign it again",
            )
            return None

    # -- pull ---------------------------------------------------------------------------

    def _pull(self, report: RoundReport) -> None:
        restarted = False
        while True:
            cursor = self.store.sync_state().cursor
            params: dict[str, Any] = {"limit": self.limits.pull_page}
            if cursor:
                params["cursor"] = cursor
            try:
                page = self.api.get_json("/sync/pull", params)
            except RequestRefused as refused:
                if not cursor or restarted or refused.status not in (409, 422):
                    raise
                # The server does not know this cursor (e.g. its database was restored):
                # start again from its snapshot; applying known changes again is harmless.
                log.warning("pull cursor %s refused: %s", cursor, refused.message)
                self.store.set_cursor(None)
                restarted = True
                continue
            if not isinstance(page, dict) or "cursor" not in page:
                raise BadResponse(
                    text("服务器回复无法识别", "the server's reply could not be read")
                )
            for change in page.get("changes", []):
                self._apply_change(change, report)
            # Only now: a crash before this line re-applies the page, which changes nothing.
            self.store.set_cursor(str(page["cursor"]))
            if not page.get("has_more"):
                return

    def _apply_change(self, change: dict[str, Any], report: RoundReport) -> None:
        kind, data = change.get("kind"), change.get("data") or {}
        try:
            if kind == "work_order":
                self.store.apply_work_order(WorkOrder.model_validate(data))
            elif kind == "work_order_removed":
                reason = str(data.get("reason") or "removed")
                self.store.remove_work_order(str(change.get("id")), reason)
            elif kind == "review_result":
                self.store.apply_review_result(ReviewResult.model_validate(data))
            elif kind == "reference":
                # Kept as a setting; the app prefers it over the bundled file of that name.
                self.store.set_setting(f"reference.{change.get('id')}", data)
            else:
                log.warning("unknown change kind %r skipped", kind)
                return
        except ValidationError as exc:
            # One change this app version cannot read must not stop every later change.
            log.error("change %s %s could not be applied: %s", kind, change.get("id"), exc)
            report.problems.append(
                text(
                    f"无法读取服务器数据：{change.get('id')}",
                    f"could not read server data: {change.get('id')}",
                )
            )
            return
        report.changes_applied += 1


def _body_of(item: PendingSheet, cache: dict[tuple[str, int], bytes]) -> bytes:
    key = (item.sheet_id, item.version)
    if key not in cache:  # saved again while this round was running
        cache[key] = _item_body(item)
    return cache[key]


def _item_body(item: PendingSheet) -> bytes:
    return encode_json(
        {
            "sheet_id": item.sheet_id,
            "version": item.version,
            "sheet": item.sheet.model_dump(mode="json"),
        }
    )


def _push_body(device_id: str, items: list[bytes]) -> bytes:
    head = encode_json({"device_id": device_id})[:-1]
    return head + b',"sheets":[' + b",".join(items) + b"]}"


def _unique_attachments(sheets: Iterable[JobSheet]) -> list[AttachmentRef]:
    seen: dict[str, AttachmentRef] = {}
    for sheet in sheets:
        for ref in sheet.attachments():
            seen.setdefault(ref.sha256, ref)
    return list(seen.values())


def _results(reply: Any) -> list[dict[str, Any]]:
    if isinstance(reply, dict) and isinstance(reply.get("results"), list):
        return [r for r in reply["results"] if isinstance(r, dict)]
    raise BadResponse(text("服务器回复无法识别", "the server's reply could not be read"))


def _message(raw: Any) -> Text:
    if isinstance(raw, dict) and "zh" in raw and "en" in raw:
        return text(str(raw["zh"]), str(raw["en"]))
    return text("服务器拒绝了这份报告单", "the server refused this job sheet")


__all__ = ["Limits", "RoundReport", "SyncEngine"]
