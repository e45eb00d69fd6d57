"""The back office's HTTP client: one ``requests.Session``, the bearer token, errors in words.

Every call is blocking: view-models run them with ``asyncio.to_thread``. Replies are JSON
(or bytes for the PDF and photos); every refusal is read from the service's error body
(``{"detail": {"code", "message": {"zh", "en"}, "problems"?}}``) into an
:class:`~fieldapp.office.errors.OfficeError` whose message the screens show as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlparse

import requests
from pydantic import ValidationError

from fieldapp.domain.text import text
from fieldapp.office.errors import (
    DecisionTooLate,
    OfficeError,
    Refused,
    ServiceUnreachable,
    SignInNeeded,
    generic,
    too_late,
    unreachable,
)
from fieldapp.protocol import ErrorCode, ErrorReply

API_PREFIX = "/api/v1"
DEFAULT_SERVICE_URL = "http://127.0.0.1:8700"
_LATE = {ErrorCode.STALE_DECISION, ErrorCode.ALREADY_REVIEWED}


def normalise_service_url(value: str) -> str:
    """The address as typed, checked: ``http(s)://host[:port]``, without ``/api/v1``."""
    url = value.strip().rstrip("/")
    if url.endswith(API_PREFIX):
        url = url[: -len(API_PREFIX)]
    if url and "://" not in url:
        url = "http://" + url
    parsed = urlparse(url)
    if parsed.scheme not in {"http", "https"} or not parsed.hostname:
        raise OfficeError(
            text(
                "服务地址格式不对，应类似 http://192.168.1.10:8700",
                "the service address should look like http://192.168.1.10:8700",
            ),
            "service_url",
        )
    return url


def segment(value: str) -> str:
    """``value`` safe as one path segment (a ticket number, a serial)."""
    return quote(value, safe="")


@dataclass
class OfficeClient:
    """Talks to the service at ``base_url`` as the signed-in member of staff."""

    base_url: str
    token: str | None = None
    session: requests.Session = field(default_factory=requests.Session)
    timeout: float = 30.0
    # Called (on the calling thread) when the service says the sign-in is no longer valid.
    on_sign_in_needed: Callable[[], None] | None = None

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """GET ``path`` (under ``/api/v1``); the JSON reply."""
        return self._json(self._send("GET", path, params=_clean(params)))

    def post(self, path: str, body: Any = None) -> Any:
        """POST ``body`` as JSON; the JSON reply."""
        return self._json(self._send("POST", path, json=body if body is not None else {}))

    def patch(self, path: str, body: Any) -> Any:
        """PATCH ``body`` as JSON; the JSON reply."""
        return self._json(self._send("PATCH", path, json=body))

    def delete(self, path: str) -> Any:
        """DELETE ``path``; the JSON reply, if any."""
        return self._json(self._send("DELETE", path))

    def get_bytes(self, path: str, params: dict[str, Any] | None = None) -> bytes:
        """GET a file (the sheet PDF, a photo); its bytes."""
        return self._send("GET", path, params=_clean(params)).content

    def put_bytes(self, path: str, data: bytes, content_type: str) -> Any:
        """PUT a file (a return photo); the JSON reply."""
        reply = self._send("PUT", path, data=data, headers={"Content-Type": content_type})
        return self._json(reply)

    def _send(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", None) or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            reply = self.session.request(
                method,
                self.base_url.rstrip("/") + API_PREFIX + path,
                headers=headers,
                timeout=(5.0, self.timeout),
                **kwargs,
            )
        except requests.RequestException as exc:
            raise unreachable(self.base_url) from exc
        if reply.status_code >= 300:
            refusal = _refusal(reply, self.base_url)
            if isinstance(refusal, SignInNeeded) and self.on_sign_in_needed is not None:
                self.on_sign_in_needed()
            raise refusal
        return reply

    def _json(self, reply: requests.Response) -> Any:
        if not reply.content:
            return None
        try:
            return reply.json()
        except ValueError as exc:
            raise ServiceUnreachable(
                text(
                    f"{self.base_url} 的回复不是 fieldapp 服务的格式",
                    f"the reply from {self.base_url} is not the fieldapp service's",
                )
            ) from exc


def _clean(params: dict[str, Any] | None) -> dict[str, Any] | None:
    """Query parameters without the unset ones, booleans as the service spells them."""
    if params is None:
        return None
    out: dict[str, Any] = {}
    for key, value in params.items():
        if value is None or value == "":
            continue
        out[key] = ("true" if value else "false") if isinstance(value, bool) else value
    return out


def _refusal(reply: requests.Response, base_url: str) -> OfficeError:
    status = reply.status_code
    try:
        detail = ErrorReply.model_validate(reply.json()).detail
    except (ValueError, ValidationError):
        if status == 404:
            return ServiceUnreachable(
                text(
                    f"{base_url} 不是 fieldapp 服务的地址",
                    f"{base_url} is not the address of a fieldapp service",
                ),
                "service_url",
            )
        return Refused(generic(status), status=status)
    if status == 401:
        return SignInNeeded(detail.message)
    if detail.code in _LATE:
        return DecisionTooLate(too_late(detail.message), status=status, code=detail.code)
    return Refused(detail.message, status=status, code=detail.code, problems=detail.problems)
