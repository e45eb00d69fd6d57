"""The HTTP layer of the sync client: one ``requests.Session``, timeouts, compression, errors.

The session is passed in, so tests can put a fault-injecting adapter between the
client and a real server. Every reply the client acts on is read into the model the
caller expects, or turned into one of the exceptions in :mod:`fieldapp.sync_client.errors`:
a reply that is cut off (also inside its headers, which http.client takes for an empty
body) or does not have the expected shape is a :class:`BadResponse` naming the request
and what was wrong, never a default.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import requests
from pydantic import BaseModel, ValidationError

from fieldapp.domain.text import Text, text
from fieldapp.protocol import ErrorDetail, ErrorReply, Health
from fieldapp.sync_client.errors import (
    BadResponse,
    NetworkError,
    RequestRefused,
    ServerBusy,
    SignInRequired,
    SyncError,
)

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

ReachListener = Callable[[bool], None]
"""Told after each request whether the service answered (True: any reply, even an error
or a cut-off one) or could not be reached (False: no connection, a timeout)."""

API_PREFIX = "/api/v1"
# Compressing tiny bodies costs more than it saves.
GZIP_THRESHOLD = 1024


@dataclass
class Traffic:
    """Counters of what went over the wire, for the status screen and the benchmarks."""

    requests: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0


@dataclass
class ApiClient:
    """Talks to the central queue service at ``base_url`` over ``session``."""

    base_url: str
    session: requests.Session
    token: str | None = None
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    traffic: Traffic = field(default_factory=Traffic)
    on_reach: ReachListener | None = None  # the sync runner listens: see ``ReachListener``

    def url(self, path: str) -> str:
        """The full URL of an API ``path`` such as ``/sync/pull``."""
        return self.base_url.rstrip("/") + API_PREFIX + path

    def get(self, path: str, expect: type[M], params: dict[str, Any] | None = None) -> M:
        """GET ``path``; the reply read as ``expect``."""
        return self._send("GET", path, expect, params=params)

    def post_json(
        self, path: str, body: Any, expect: type[M], headers: dict[str, str] | None = None
    ) -> M:
        """POST ``body`` as JSON (gzip-compressed when large); the reply read as ``expect``."""
        return self.post_bytes(path, encode_json(body), expect, headers)

    def post_bytes(
        self, path: str, raw: bytes, expect: type[M], headers: dict[str, str] | None = None
    ) -> M:
        """POST an already-encoded JSON body; equal bodies give byte-equal requests."""
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        if len(raw) >= GZIP_THRESHOLD:
            raw = gzip.compress(raw, mtime=0)
            all_headers["Content-Encoding"] = "gzip"
        return self._send("POST", path, expect, data=raw, headers=all_headers)

    def put_bytes(self, path: str, data: bytes, content_type: str, expect: type[M]) -> M:
        """PUT raw bytes (an attachment); the reply read as ``expect``."""
        return self._send("PUT", path, expect, data=data, headers={"Content-Type": content_type})

    def post_multipart(self, path: str, files: list[tuple[str, bytes, str]], expect: type[M]) -> M:
        """POST files as multipart/form-data, each (field name, bytes, content type)."""
        parts = [(name, (name, data, ctype)) for name, data, ctype in files]
        return self._send("POST", path, expect, files=parts)

    def answers(self, timeout: float) -> bool:
        """Whether the service answers at all: ``GET /health`` with short timeouts.

        Any reply counts, an error too (a service that refuses still answers); only a
        connection that fails or times out is False. One small request, never a sync.
        """
        try:
            self._send("GET", "/health", Health, timeout=(timeout, timeout))
        except NetworkError:
            return False
        except SyncError:
            return True
        return True

    def _send(
        self,
        method: str,
        path: str,
        expect: type[M],
        timeout: tuple[float, float] | None = None,
        **kwargs: Any,
    ) -> M:
        headers = dict(kwargs.pop("headers", None) or {})
        headers.setdefault("Accept-Encoding", "gzip")
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = requests.Request(method, self.url(path), headers=headers, **kwargs)
        prepared = self.session.prepare_request(request)
        body = prepared.body
        self.traffic.requests += 1
        self.traffic.bytes_sent += _request_size(prepared, body)
        try:
            response = self.session.send(
                prepared, timeout=timeout or (self.connect_timeout, self.read_timeout)
            )
            content = response.content  # reading the body may also fail mid-way
        except (requests.ConnectionError, requests.Timeout) as exc:
            self._reached(False)
            raise NetworkError(
                text("网络连接中断", "the network connection dropped"), {"error": repr(exc)}
            ) from exc
        except requests.RequestException as exc:
            self._reached(True)
            raise BadResponse(
                _unreadable(method, path, "回复不完整", "was cut off"), {"error": repr(exc)}
            ) from exc
        self._reached(True)
        self.traffic.bytes_received += len(content) + _headers_size(response.headers)
        data = _parse(response, content, method, path)
        try:
            return expect.model_validate(data)
        except ValidationError as exc:
            raise BadResponse(
                _unreadable(method, path, f"内容不符合协议（{_first(exc)}）",
                            f"does not match the protocol ({_first(exc)})"),
                {"error": str(exc)},
            ) from None  # fmt: skip

    def _reached(self, answered: bool) -> None:
        if self.on_reach is None:
            return
        try:
            self.on_reach(answered)
        except Exception:  # a listener's bug must not fail the request
            log.exception("reach listener %r failed", self.on_reach)


def encode_json(body: Any) -> bytes:
    """Deterministic compact JSON, so a resent batch is byte-for-byte the same."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _unreadable(method: str, path: str, why_zh: str, why_en: str) -> Text:
    return text(
        f"服务器对 {method} {path} 的回复{why_zh}，稍后自动重试",
        f"the server's reply to {method} {path} {why_en}; will retry",
    )


def _first(exc: ValidationError) -> str:
    """The first problem of a reply that does not match, e.g. ``missing: Field required``."""
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "reply"
    return f"{where}: {error['msg']}"


def _framed(response: requests.Response) -> bool:
    """Whether the reply said how long its body is (every complete reply from the service does).

    When a connection drops inside the headers, http.client takes the end of the stream
    for their end and reads an empty body: such a reply has no length and no chunking.
    """
    headers = response.headers
    return "Content-Length" in headers or "chunked" in headers.get("Transfer-Encoding", "")


def _parse(response: requests.Response, content: bytes, method: str, path: str) -> Any:
    status = response.status_code
    busy = status == 429 or status >= 500
    if not busy and not _framed(response):
        raise BadResponse(_unreadable(method, path, "在回复头中断开", "was cut off in its headers"))
    data: Any = None
    try:
        data = json.loads(content) if content else None
    except ValueError:
        if status < 300:
            raise BadResponse(
                _unreadable(method, path, "不是有效的 JSON", "is not valid JSON")
            ) from None
    if status < 300:
        return data
    error = _error_detail(data)
    message = error.message if error is not None else _generic_message(status)
    detail = error.model_dump(mode="json") if error is not None else {}
    if status == 401:
        raise SignInRequired(message, detail)
    if busy:
        raise ServerBusy(message, _retry_after(response))
    raise RequestRefused(status, message, detail, error.code if error is not None else None)


def _error_detail(data: Any) -> ErrorDetail | None:
    """The protocol's error body, or None for another body (e.g. a proxy's own page)."""
    try:
        return ErrorReply.model_validate(data).detail
    except ValidationError:
        return None


def _generic_message(status: int) -> Text:
    if status == 401:
        return text("登录已过期，请重新登录", "your sign-in has expired; please sign in again")
    if status == 429 or status >= 500:
        return text("服务器繁忙，稍后自动重试", "the server is busy; will retry shortly")
    return text(f"服务器拒绝了请求（{status}）", f"the server refused the request ({status})")


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _headers_size(headers: Any) -> int:
    return sum(len(k) + len(v) + 4 for k, v in headers.items())


def _request_size(prepared: requests.PreparedRequest, body: Any) -> int:
    size = len(body) if isinstance(body, bytes | str) else 0
    return size + len(prepared.url or "") + _headers_size(prepared.headers)
