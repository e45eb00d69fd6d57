"""Pulling what changed on the server, page by page, applying each change idempotently.

A page is read into the protocol's :class:`~fieldapp.protocol.pull.PullPage`, each change
into its own shape by ``kind``: a page holding a change this client cannot read (an
unknown kind, a work order that does not validate) is an unreadable reply, retried and
reported with what was wrong, never skipped. The cursor is stored only after every change
of a page was applied, so a crash re-applies a page to the same effect. A cursor the
server does not know (its database was restored) starts again from the server's snapshot.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from fieldapp.protocol import (
    Change,
    PullPage,
    ReferenceChange,
    ReviewResultChange,
    WorkOrderChange,
    WorkOrderRemovedChange,
)
from fieldapp.reference import pulled_setting
from fieldapp.store import Store
from fieldapp.sync_client.errors import RequestRefused
from fieldapp.sync_client.http import ApiClient
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
                self._apply(change)
                report.changes_applied += 1
            # Only now: a crash before this line re-applies the page, which changes nothing.
            self.store.set_cursor(page.cursor)
            if not page.has_more:
                return

    def _apply(self, change: Change) -> None:
        if isinstance(change, WorkOrderChange):
            self.store.apply_work_order(change.data)
        elif isinstance(change, WorkOrderRemovedChange):
            self.store.remove_work_order(change.id, change.data.reason)
        elif isinstance(change, ReviewResultChange):
            self.store.apply_review_result(change.data)
        elif isinstance(change, ReferenceChange):
            # Kept as a setting; fieldapp.reference prefers it to the bundled file when newer.
            data = change.data.model_dump(mode="json")
            self.store.set_setting(pulled_setting(change.id), data)
