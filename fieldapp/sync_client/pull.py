"""Pulling what changed on the server, page by page, applying each change idempotently.

The cursor is stored only after every change of a page was applied, so a crash re-applies
a page to the same effect. A cursor the server does not know (its database was restored)
starts the pull again from the server's snapshot.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from fieldapp.domain.text import text
from fieldapp.domain.work_order import WorkOrder
from fieldapp.store import ReviewResult, Store
from fieldapp.sync_client.errors import RequestRefused
from fieldapp.sync_client.http import ApiClient
from fieldapp.sync_client.replies import Change, PullPage
from fieldapp.sync_client.round import Limits, RoundReport

log = logging.getLogger(__name__)


@dataclass
class ChangePuller:
    """Applies the server's changes for this technician to ``store``."""

    api: ApiClient
    store: Store
    limits: Limits

    def pull(self, report: RoundReport) -> None:
        """Pull and apply pages until the server has nothing more."""
        restarted = False
        while True:
            cursor = self.store.sync_state().cursor
            params: dict[str, Any] = {"limit": self.limits.pull_page}
            if cursor:
                params["cursor"] = cursor
            try:
                page = self.api.get("/sync/pull", PullPage, params)
            except RequestRefused as refused:
                if not cursor or restarted or refused.status not in (409, 422):
                    raise
                # The server does not know this cursor (e.g. its database was restored):
                # start again from its snapshot; applying known changes again is harmless.
                log.warning("pull cursor %s refused: %s", cursor, refused.message)
                self.store.set_cursor(None)
                restarted = True
                continue
            for change in page.changes:
                self._apply(change, report)
            # Only now: a crash before this line re-applies the page, which changes nothing.
            self.store.set_cursor(page.cursor)
            if not page.has_more:
                return

    def _apply(self, change: Change, report: RoundReport) -> None:
        kind, data = change.kind, change.data
        try:
            if kind == "work_order":
                self.store.apply_work_order(WorkOrder.model_validate(data))
            elif kind == "work_order_removed":
                reason = str(data.get("reason") or "removed")
                self.store.remove_work_order(change.id, reason)
            elif kind == "review_result":
                self.store.apply_review_result(ReviewResult.model_validate(data))
            elif kind == "reference":
                # Kept as a setting; the app prefers it over the bundled file of that name.
                self.store.set_setting(f"reference.{change.id}", data)
            else:
                log.warning("unknown change kind %r skipped", kind)
                return
        except ValidationError as exc:
            # One change this app version cannot read must not stop every later change.
            log.error("change %s %s could not be applied: %s", kind, change.id, exc)
            report.problems.append(
                text(
                    f"无法读取服务器数据：{change.id}",
                    f"could not read server data: {change.id}",
                )
            )
            return
        report.changes_applied += 1
