"""Delivering one message: to a file and the log (the default), or to an HTTP webhook.

The webhook is the usual way to reach an SMS or WeChat gateway: a JSON POST of the message,
an ``Idempotency-Key`` header (the same on every retry of that message, so the gateway sends
it once however often it arrives), and ``X-Fieldapp-Signature: t=<unix time>,v1=<hex>``, the
HMAC-SHA256 of ``<t>.<body>`` with the shared secret, so the gateway can tell the service's
requests from anyone else's and refuse a replayed old one. Any 2xx reply is a delivery;
anything else, a timeout or a dropped connection is a failed try (docs/service.md).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
from pathlib import Path
from typing import Any, Protocol

import requests

from sync.crud.outbox import Claimed

log = logging.getLogger("sync.messages")


class Sender(Protocol):
    def send(self, message: Claimed) -> str | None:
        """Deliver ``message``; None when delivered, else why not (in a few words)."""


def masked_phone(phone: str) -> str:
    """A phone number as the log may show it: 138****4567."""
    digits = "".join(c for c in phone if c.isdigit())
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 8 else "****"


def payload(message: Claimed) -> dict[str, Any]:
    return {
        "id": message.id,
        "idempotency_key": message.idempotency_key,
        "ticket_no": message.ticket_no,
        "event": message.event,
        "recipient": message.recipient,
        "text": message.text,
        "link": message.link,
        "created_at": message.created_at.isoformat(),
    }


class FileSender:
    """Appends each message as a JSON line to ``<data dir>/messages/outbox.jsonl`` and logs it
    (the recipient masked, the link without its token): what ``python3 dev.py run`` shows
    instead of sending an SMS."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "messages" / "outbox.jsonl"
        self._lock = threading.Lock()

    def send(self, message: Claimed) -> str | None:
        line = json.dumps(payload(message), ensure_ascii=False)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock, self.path.open("a", encoding="utf-8") as out:
                out.write(line + "\n")
        except OSError as exc:
            return f"cannot write {self.path.name}: {exc.strerror}"
        log.info(
            "message to the customer",
            extra={
                "message_id": message.id,
                "event": message.event,
                "recipient": masked_phone(message.recipient),
                "text": _for_the_log(message),
            },
        )
        return None


def _for_the_log(message: Claimed) -> str:
    """The text without the link's token (it opens the job's page) or the full phone."""
    text = message.text.replace(message.recipient, masked_phone(message.recipient))
    if message.link:
        text = text.replace(message.link, message.link.split("?")[0] + "?t=…")
    return text


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Fieldapp-Signature`` header's value for ``body`` sent at ``timestamp``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


class WebhookSender:
    """POSTs each message as JSON to ``url``, signed with ``secret``."""

    def __init__(self, url: str, secret: str, timeout: float) -> None:
        self.url = url
        self.secret = secret
        self.timeout = timeout
        self._local = threading.local()  # a connection pool per sending thread

    def send(self, message: Claimed) -> str | None:
        body = json.dumps(payload(message), ensure_ascii=False).encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": message.idempotency_key,
            "X-Fieldapp-Signature": signature(self.secret, int(time.time()), body),
        }
        if not hasattr(self._local, "http"):
            self._local.http = requests.Session()
        try:
            reply = self._local.http.post(
                self.url, data=body, headers=headers, timeout=self.timeout
            )
        except requests.Timeout:
            return "timed out"
        except requests.RequestException as exc:
            return f"connection failed ({type(exc).__name__})"
        if 200 <= reply.status_code < 300:
            return None
        return f"HTTP {reply.status_code}"
