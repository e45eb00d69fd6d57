"""The worker that sends the outbox, a thread in each service process.

Every ``message_poll_seconds``, or at once when this process committed a new message, it
claims up to 20 messages due (a short transaction), sends them with the configured sender
outside any transaction (8 at a time), and records the outcomes in one transaction: sent, or
tried again after a doubling wait, or ``failed`` after ``message_max_attempts``. Once an hour
it also makes the reminders for loaners due back tomorrow and forgets the progress page's
wrong answers of more than a day ago. Several processes may run it on one PostgreSQL
database: a message is claimed by one of them at a time (``SKIP LOCKED``).
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError

from sync.core.config import Settings
from sync.core.db import Database, utcnow
from sync.crud import outbox, track_access
from sync.messages.events import loaner_due_reminders, new_messages
from sync.messages.senders import FileSender, Sender, WebhookSender

log = logging.getLogger("sync.messages")
BATCH = 20
SENDERS = 8  # messages of a batch in flight at once
REMINDERS_EVERY = 3600.0


def sender_for(settings: Settings) -> Sender | None:
    """The sender the settings choose; None when messages are not sent (``off``)."""
    if settings.message_sender == "webhook":
        return WebhookSender(
            settings.message_webhook_url,
            settings.message_webhook_secret,
            settings.message_webhook_timeout_seconds,
        )
    if settings.message_sender == "file":
        return FileSender(settings.data_dir)
    return None


class OutboxWorker:
    """Sends queued messages until :meth:`stop`."""

    def __init__(self, database: Database, settings: Settings, sender: Sender) -> None:
        self.database = database
        self.settings = settings
        self.sender = sender
        self.backoff = outbox.Backoff(
            first_seconds=settings.message_retry_first_seconds,
            max_seconds=settings.message_retry_max_seconds,
            max_attempts=settings.message_max_attempts,
        )
        # Past the longest a send can take: a message claimed is not claimed again meanwhile.
        self.lease = timedelta(seconds=settings.message_webhook_timeout_seconds + 30)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outbox-worker", daemon=True)
        self._reminders_at = 0.0
        self._pool = ThreadPoolExecutor(max_workers=SENDERS, thread_name_prefix="outbox-send")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        new_messages.set()  # out of its wait
        self._thread.join(timeout=self.settings.message_webhook_timeout_seconds + 5)
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            # Cleared before the claim: a message committed after it wakes the next wait.
            new_messages.clear()
            try:
                self._remind()
                busy = self.send_due() == BATCH
            except SQLAlchemyError:
                log.exception("the outbox worker could not reach the database")
                busy = False
            if not busy:
                new_messages.wait(self.settings.message_poll_seconds)

    def send_due(self) -> int:
        """Send one batch of due messages (several at once); how many were tried."""
        with self.database.transaction() as session:
            claimed = outbox.claim_due(session, now=utcnow(), lease=self.lease, limit=BATCH)
        if not claimed:
            return 0
        # A gateway takes tens of milliseconds a request: the batch goes out side by side.
        errors = list(self._pool.map(self.sender.send, claimed))
        with self.database.transaction() as session:
            for message, error in zip(claimed, errors, strict=True):
                if error is None:
                    outbox.record_sent(session, message_id=message.id, now=utcnow())
                    continue
                state = outbox.record_failure(
                    session, message_id=message.id, error=error, now=utcnow(), backoff=self.backoff
                )
                log.warning(
                    "message not delivered",
                    extra={
                        "message_id": message.id,
                        "attempt": message.attempts,
                        "error": error,
                        "state": state.value,
                    },
                )
        return len(claimed)

    def _remind(self) -> None:
        now = time.monotonic()
        if self._reminders_at and now - self._reminders_at < REMINDERS_EVERY:
            return
        self._reminders_at = now
        today = utcnow().astimezone(self.settings.zone).date()
        with self.database.transaction() as session:
            loaner_due_reminders(session, today=today)
            track_access.prune(session, now=utcnow())  # the progress page's old wrong answers
