"""A transport adapter that answers requests by calling a plain function, for tests.

Like httpx's ``MockTransport``: mount :class:`FunctionAdapter` on the
``requests.Session`` given to :class:`~fieldapp.sync_client.http.ApiClient` and the real
client (its framing and shape checks included) runs against ``handler(request)`` instead
of a network. Sync client and screen-logic tests use it to play a service without one::

    def service(request: requests.PreparedRequest) -> requests.Response:
        if request.path_url.startswith("/api/v1/sync/pull"):
            return reply(request, {"cursor": "1.a", "has_more": False, "changes": []})
        return reply(request, {"detail": {...}}, status=404)

    api = ApiClient("http://phone.test", session_for(service), token="t")
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.response import HTTPResponse

Handler = Callable[[requests.PreparedRequest], requests.Response]
"""Takes the request the client sent and returns the response it gets."""


class FunctionAdapter(HTTPAdapter):
    """A ``requests`` transport adapter backed by ``handler``: no socket is opened."""

    def __init__(self, handler: Handler) -> None:
        super().__init__(max_retries=0)
        self.handler = handler

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        """Answer ``request`` with ``handler(request)``."""
        response = self.handler(request)
        response.request = request
        response.url = request.url or ""
        return response


def session_for(handler: Handler) -> requests.Session:
    """A session whose every request (http and https) is answered by ``handler``."""
    session = requests.Session()
    adapter = FunctionAdapter(handler)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def reply(
    request: requests.PreparedRequest,
    body: Any = None,
    *,
    status: int = 200,
    content: bytes | None = None,
    headers: Mapping[str, str] | None = None,
) -> requests.Response:
    """A complete response to ``request``: ``body`` as JSON (or raw ``content``), with its length.

    It is built the way requests builds one from the wire, so the client reads it exactly
    as a reply from the service.
    """
    data = content if content is not None else json.dumps(body).encode()
    all_headers = {"Content-Type": "application/json", "Content-Length": str(len(data))}
    all_headers.update(headers or {})
    raw = HTTPResponse(
        body=io.BytesIO(data),
        headers=all_headers,
        status=status,
        reason=_reason(status),
        preload_content=False,
        decode_content=False,
    )
    return HTTPAdapter().build_response(request, raw)


def request_json(request: requests.PreparedRequest) -> Any:
    """The JSON body of ``request`` (gzip undone), for a handler to read."""
    body = request.body or b""
    raw = body.encode() if isinstance(body, str) else bytes(body)
    if request.headers.get("Content-Encoding") == "gzip":
        raw = gzip.decompress(raw)
    return json.loads(raw) if raw else None


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


__all__ = ["FunctionAdapter", "Handler", "reply", "request_json", "session_for"]
