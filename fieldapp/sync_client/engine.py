"""One sync round: push what is queued, then pull what changed on the server.

Push order: attachments the server lacks first (:mod:`uploads`), then the sheets that
reference them (:mod:`push`). A sheet is done only when the server accepted its version
and holds every file it names; a version the server took while files were missing (a
photo saved while the round ran, a reply that lost a file's upload) stays pending: the
round uploads the files the push reply listed — the service's word on that sheet, not the
missing-check's — and pushes the sheet again, a bounded number of times, and leaves
whatever is still incomplete for the next round.

Nothing local is deleted: a sheet only loses its "needs sync" mark once the server
confirmed that version complete, and a newer local save stays pending.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldapp.domain.text import Text, text
from fieldapp.store import PendingSheet, Store
from fieldapp.sync_client.file_states import record_file_states
from fieldapp.sync_client.http import ApiClient
from fieldapp.sync_client.pull import ChangePuller
from fieldapp.sync_client.push import Incomplete, SheetPusher
from fieldapp.sync_client.round import Limits, RoundReport
from fieldapp.sync_client.status import StatusBoard
from fieldapp.sync_client.uploads import AttachmentUploader, unique_attachments


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
        ChangePuller(self.api, self.store, self.limits).pull(report)
        return report

    def _push(self, report: RoundReport) -> None:
        pending = self.store.pending_sheets()
        if not pending:
            return
        pusher = SheetPusher(self.api, self.store, self.device_id, self.board, self.limits)
        total_bytes = sum(pusher.body_size(p) for p in pending)
        total_bytes += sum(a.size for a in unique_attachments(p.sheet for p in pending))
        self.board.update(
            items_done=0, items_total=len(pending), bytes_done=0, bytes_total=total_bytes
        )
        incomplete = self._send(pending, pusher, report)
        for _ in range(self.limits.completion_passes):
            if not incomplete:
                return
            again = [p for p in self.store.pending_sheets() if p.sheet_id in incomplete]
            self.board.update(items_total=self.board.current.items_total + len(again))
            listed = {sha256 for hashes in incomplete.values() for sha256 in hashes}
            incomplete = self._send(again, pusher, report, missing=listed)
        if incomplete:
            report.incomplete = set(incomplete)
            report.problems.append(_files_not_arrived(len(incomplete)))

    def _send(
        self,
        pending: list[PendingSheet],
        pusher: SheetPusher,
        report: RoundReport,
        missing: set[str] | None = None,
    ) -> Incomplete:
        """Upload the files of ``pending`` the server lacks, then push them.

        The first pass asks the server what it lacks; later ones upload the ``missing``
        hashes a push reply listed.
        """
        uploader = AttachmentUploader(self.api, self.store, self.limits)
        refs = unique_attachments(p.sheet for p in pending)
        if missing is None:
            todo = uploader.missing_on_server(refs)
        else:
            todo = [ref for ref in refs if ref.sha256 in missing]
        broken = uploader.upload(todo, report)
        # Each file's own state for the outbox, before the push (which may fail).
        queued = {ref.sha256 for ref in refs}
        record_file_states(
            self.store,
            queued=queued,
            sent=[ref.sha256 for ref in refs if ref.sha256 not in broken],
            refused=broken,
        )
        held: set[str] = set()
        for item in pending:
            bad = sorted({a.sha256 for a in item.sheet.attachments()} & broken.keys())
            if bad:
                pusher.reject(item, broken[bad[0]], report)
                held.add(item.sheet_id)
        ready = [p for p in pending if p.sheet_id not in held]
        incomplete: Incomplete = {}
        if missing is None:
            incomplete.update(pusher.resume_in_flight(ready, report))
            # The newest version of every pending sheet, also of those saved meanwhile: a
            # file they name that was not uploaded comes back in the reply, and goes next.
            ready = self.store.pending_sheets()
        else:
            ids = {p.sheet_id for p in ready}
            ready = [p for p in self.store.pending_sheets() if p.sheet_id in ids]
        incomplete.update(pusher.push(ready, report))
        if incomplete:  # what a push reply still lists goes again: waiting, not sent
            record_file_states(
                self.store,
                queued={a.sha256 for a in unique_attachments(p.sheet for p in ready)} | queued,
                waiting={sha256 for hashes in incomplete.values() for sha256 in hashes},
            )
        return incomplete


def _files_not_arrived(count: int) -> Text:
    return text(
        f"{count} 份报告单的照片或签名尚未全部到达服务器，将在下次同步时重试",
        f"the photos or signatures of {count} job sheet(s) have not all reached the server; "
        "will retry at the next sync",
    )


__all__ = ["Limits", "RoundReport", "SyncEngine"]
