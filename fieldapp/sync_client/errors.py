"""Exceptions of the sync client, by what the caller should do about them.

    SyncError
    ├── RetryableError            try the same request again later (backoff)
    │   ├── NetworkError          no connection, timeout, connection dropped
    │   ├── ServerBusy            5xx or 429 (``retry_after`` seconds when the server said)
    │   └── BadResponse           a truncated or unreadable reply
    ├── SignInRequired            the token is missing or expired: ask the technician to sign in
    └── RequestRefused            any other 4xx: this request will never succeed as it is
                                  (``status``, and ``code`` when the body is the protocol's)

Each carries ``message``, a bilingual :class:`~fieldapp.domain.text.Text` the screens show.
"""

from __future__ import annotations

from typing import Any

from fieldapp.domain.text import Text, text
from fieldapp.protocol import ErrorCode


class SyncError(Exception):
    """Base of every sync client error."""

    def __init__(self, message: Text, detail: dict[str, Any] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.detail = detail or {}


class RetryableError(SyncError):
    """The request may succeed if sent again later."""

    retry_after: float | None = None


class NetworkError(RetryableError):
    """No connection, a timeout or a dropped connection."""


class ServerBusy(RetryableError):
    """The server answered 5xx or 429."""

    def __init__(self, message: Text, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class BadResponse(RetryableError):
    """The reply was cut off or was not the JSON the protocol promises."""


class SignInRequired(SyncError):
    """401: the technician must sign in again; queued changes are kept."""


class RequestRefused(SyncError):
    """A 4xx other than 401 and 429: sending the same request again cannot help."""

    def __init__(
        self,
        status: int,
        message: Text,
        detail: dict[str, Any] | None = None,
        code: ErrorCode | None = None,
    ) -> None:
        super().__init__(message, detail)
        self.status = status
        self.code = code  # None when the body was not the protocol's error body (e.g. a proxy)


def offline_message() -> Text:
    """What the status shows while the server cannot be reached."""
    return text(
        "无法连接服务器，将在联网后自动同步", "cannot reach the server; will sync when online"
    )
