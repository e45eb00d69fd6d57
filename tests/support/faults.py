"""A fault-injecting transport between the sync client and a real central service.

:class:`FaultyAdapter` is mounted on the client's ``requests.Session``. For each request
it draws a fault from a seeded random schedule and acts it out against the real server:
the connection drops before the request leaves or after the server committed and
replied, the reply times out, a gateway answers 500 or 429, the request is delivered
twice, the reply is cut off halfway, or the server process is killed and restarted while
the request is under way (:func:`mid_request_restart`).
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from tests.support.service import LiveService, restart

FAULTS: dict[str, float] = {
    "none": 40,
    "drop_before_send": 8,
    "drop_after_commit": 10,
    "timeout_after_commit": 6,
    "gateway_500_before": 4,
    "gateway_500_after": 4,
    "busy_429": 5,
    "delivered_twice": 8,
    "truncated_reply": 8,
    "server_restart": 1,
}


def synthetic(
    request: requests.PreparedRequest, status: int, body: bytes = b""
) -> requests.Response:
    """A reply made up by a (simulated) gateway in front of the service."""
    response = requests.Response()
    response.status_code = status
    response._content = body
    response.headers["Content-Type"] = "text/html"
    if status == 429:
        response.headers["Retry-After"] = "1"
    response.url = request.url or ""
    response.request = request
    return response


class FaultyAdapter(HTTPAdapter):
    """Draws one fault per request from ``rng``; ``enabled=False`` passes everything through."""

    def __init__(self, rng: random.Random, restart_server: Callable[[], None]) -> None:
        super().__init__(max_retries=0)
        self.rng = rng
        self.restart_server = restart_server
        self.enabled = True
        self.seen: Counter[str] = Counter()

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if not self.enabled:
            return super().send(request, **kwargs)
        fault = self.rng.choices(list(FAULTS), weights=list(FAULTS.values()))[0]
        self.seen[fault] += 1
        if fault == "drop_before_send":
            raise requests.ConnectionError("injected: connection dropped before sending")
        if fault == "gateway_500_before":
            return synthetic(request, 502, b"<html>Bad Gateway</html>")
        if fault == "busy_429":
            return synthetic(request, 429, b"")
        if fault == "server_restart":
            # The server dies (and comes back) while this request is under way.
            restarter = threading.Thread(target=self.restart_server)
            restarter.start()
            try:
                return super().send(request, **kwargs)
            finally:
                restarter.join()
        response = super().send(request, **kwargs)
        body = response.content  # the server has committed and replied by now
        if fault == "drop_after_commit":
            raise requests.ConnectionError("injected: connection dropped after the server replied")
        if fault == "timeout_after_commit":
            raise requests.ReadTimeout("injected: read timed out after the server replied")
        if fault == "gateway_500_after":
            return synthetic(request, 500, b"Internal Server Error")
        if fault == "delivered_twice":
            return super().send(request, **kwargs)
        if fault == "truncated_reply":
            response._content = body[: len(body) // 2]
            return response
        return response


def mid_request_restart(service: LiveService, rng: random.Random) -> Callable[[], None]:
    """Kill the server a few milliseconds into a request, then start it again."""

    def restart_server() -> None:
        time.sleep(rng.uniform(0.0, 0.03))
        restart(service)

    return restart_server
