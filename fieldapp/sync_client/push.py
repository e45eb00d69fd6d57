"""Pushing sheet versions: batches under an idempotency key written down before they leave.

A batch's key and ``(sheet_id, version)`` items are stored *before* the request leaves, so
a batch whose reply never arrived is sent again with the same key and the server answers
with its stored reply. A version is done only when the server accepted it **and** holds
every file it names: an accepted version whose reply lists ``missing_attachments`` stays
pending, and the caller uploads those files and pushes it again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from fieldapp.domain.text import Text, text
from fieldapp.store import PendingSheet, Store
from fieldapp.sync_client.batching import batches
from fieldapp.sync_client.errors import RequestRefused
from fieldapp.sync_client.http import ApiClient, encode_json
from fieldapp.sync_client.replies import PushReply
from fieldapp.sync_client.round import Limits, RoundReport
from fieldapp.sync_client.status import StatusBoard

# sheet_id -> the hashes the server still lacks for the version it accepted
Incomplete = dict[str, list[str]]


@dataclass
class SheetPusher:
    """Sends pending sheet versions to ``POST /sync/push`` and records the outcome."""

    api: ApiClient
    store: Store
    device_id: str
    board: StatusBoard
    limits: Limits
    # Encoded items by (sheet_id, version): a version's content never changes.
    _bodies: dict[tuple[str, int], bytes] = field(default_factory=dict)

    def resume_in_flight(self, sendable: list[PendingSheet], report: RoundReport) -> Incomplete:
        """Resend a batch that was sent but not confirmed, with its original key."""
        incomplete: Incomplete = {}
        in_flight = self.store.sync_state().in_flight
        if in_flight is None:
            return incomplete
        wanted = [(i.sheet_id, i.version) for i in in_flight.items]
        current = {(p.sheet_id, p.version): p for p in sendable}
        if all(w in current for w in wanted):
            batch = [current[w] for w in wanted]
            self._push_batch(batch, report, incomplete, in_flight.idempotency_key)
        else:
            # A sheet was saved again (or resolved) since: the old body no longer exists.
            # The server keeps the highest version per sheet, so a fresh key is safe.
            self.store.end_batch(in_flight.idempotency_key)
        return incomplete

    def push(self, items: list[PendingSheet], report: RoundReport) -> Incomplete:
        """Push ``items`` in batches; returns the sheets accepted without all their files."""
        incomplete: Incomplete = {}
        for batch in batches(
            items,
            lambda p: len(self._body(p)),
            max_count=self.limits.sheets_per_push,
            max_bytes=self.limits.push_bytes,
        ):
            self._push_batch(batch, report, incomplete, key=str(uuid.uuid4()))
        return incomplete

    def _push_batch(
        self,
        batch: list[PendingSheet],
        report: RoundReport,
        incomplete: Incomplete,
        key: str,
        key_replaced: bool = False,
    ) -> None:
        raw = _push_body(self.device_id, [self._body(p) for p in batch])
        # Written before the request leaves: after a crash the batch goes again, same key.
        self.store.begin_batch(key, [(p.sheet_id, p.version) for p in batch])
        try:
            reply = self.api.post_bytes("/sync/push", raw, PushReply, {"Idempotency-Key": key})
        except RequestRefused as refused:
            self.store.end_batch(key)
            if refused.detail.get("code") == "idempotency_key_reused" and not key_replaced:
                # Not the items' fault: the key is spent. The server keeps the highest
                # version of each sheet, so the same items under a new key are safe.
                new_key = str(uuid.uuid4())
                self._push_batch(batch, report, incomplete, new_key, key_replaced=True)
                return
            if len(batch) == 1:
                self.reject(batch[0], refused.message, report)
                return
            # The batch as a whole was refused: send items alone to find the bad one.
            for item in batch:
                self._push_batch([item], report, incomplete, key=str(uuid.uuid4()))
            return
        self._apply_reply(batch, reply, report, incomplete)
        self.store.end_batch(key)
        status = self.board.current
        self.board.update(
            items_done=status.items_done + len(batch), bytes_done=status.bytes_done + len(raw)
        )

    def _apply_reply(
        self,
        batch: list[PendingSheet],
        reply: PushReply,
        report: RoundReport,
        incomplete: Incomplete,
    ) -> None:
        results = {(r.sheet_id, r.version): r for r in reply.results}
        for item in batch:
            result = results.get((item.sheet_id, item.version))
            if result is None:
                continue  # stays pending; the next round sends it again
            if result.status == "rejected":
                self.reject(item, _message(result.message), report)
            elif result.missing_attachments:
                # Stored, but not complete on the server: not done until every file is there.
                incomplete[item.sheet_id] = list(result.missing_attachments)
            else:
                self.store.mark_pushed(item.sheet_id, item.version)
                report.pushed += 1

    def reject(self, item: PendingSheet, message: Text, report: RoundReport) -> None:
        """Mark ``item`` "needs attention" with ``message``."""
        self.store.mark_needs_attention(item.sheet_id, item.version, message)
        report.rejected += 1
        report.problems.append(message)

    def _body(self, item: PendingSheet) -> bytes:
        key = (item.sheet_id, item.version)
        if key not in self._bodies:
            self._bodies[key] = encode_json(
                {
                    "sheet_id": item.sheet_id,
                    "version": item.version,
                    "sheet": item.sheet.model_dump(mode="json"),
                }
            )
        return self._bodies[key]

    def body_size(self, item: PendingSheet) -> int:
        """Bytes of ``item`` in a push (before compression), for the progress bar."""
        return len(self._body(item))


def _push_body(device_id: str, items: list[bytes]) -> bytes:
    head = encode_json({"device_id": device_id})[:-1]
    return head + b',"sheets":[' + b",".join(items) + b"]}"


def _message(raw: dict[str, str] | None) -> Text:
    if raw is not None and "zh" in raw and "en" in raw:
        return text(raw["zh"], raw["en"])
    return text("服务器拒绝了这份报告单", "the server refused this job sheet")
