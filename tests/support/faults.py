"""A fault-injecting transport between the sync client and a real central service.

:class:`FaultyAdapter` is mounted on the client's ``requests.Session``. For each request
it draws a fault from a seeded random schedule and acts it out against the real server:
the connection drops before the request leaves or after the server committed and
replied, the reply times out, a gateway answers 500 or 429, the request is delivered
twice, the reply is cut off halfway or inside its headers, or the server process is killed
and restarted while the request is under way (:func:`mid_request_restart`). A
``during_request`` callback lets the test act (e.g. save a sheet) while a request is in flight.

:class:`ScriptedAdapter` does the same on purpose, for the requests a test names.
"""

from __future__ import annotations

import random
import socket
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
    "cut_in_headers": 4,
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
    response.headers["Content-Length"] = str(len(body))
    if status == 429:
        response.headers["Retry-After"] = "1"
    response.url = request.url or ""
    response.request = request
    return response


def raw_head(response: requests.Response) -> bytes:
    """The status line and headers of ``response`` as they came over the wire (no blank line)."""
    status = f"HTTP/1.1 {response.status_code} {response.reason}\r\n"
    fields = "".join(f"{name}: {value}\r\n" for name, value in response.raw.headers.items())
    return (status + fields).encode("latin-1")


def _read_request(conn: socket.socket) -> None:
    """Read one HTTP request (headers and a ``Content-Length`` body) off ``conn``."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return
        body += chunk


def replay_bytes(
    adapter: HTTPAdapter, request: requests.PreparedRequest, raw: bytes, **kwargs: Any
) -> requests.Response:
    """Send ``request`` to a one-shot local server that answers exactly ``raw`` and hangs up.

    The client's own stack (requests, urllib3, http.client) reads those bytes, so a reply
    cut at any point is seen exactly as when a real connection drops there.
    """
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]

        def answer() -> None:
            conn, _ = server.accept()
            with conn:
                _read_request(conn)
                conn.sendall(raw)

        answering = threading.Thread(target=answer, daemon=True)
        answering.start()
        replay = request.copy()
        path = (request.path_url or "/").lstrip("/")
        replay.prepare_url(f"http://127.0.0.1:{port}/{path}", None)
        try:
            return HTTPAdapter.send(adapter, replay, **kwargs)
        finally:
            answering.join(timeout=30)


def cut_in_headers(
    adapter: HTTPAdapter,
    request: requests.PreparedRequest,
    response: requests.Response,
    cut: int | None = None,
    **kwargs: Any,
) -> requests.Response:
    """The real ``response`` cut ``cut`` bytes after its status line, inside its headers.

    By default it ends after the first header line, before ``Content-Length``: then
    http.client takes the end of the stream for the end of the headers and reads an
    empty body with the server's status.
    """
    head = raw_head(response)
    status_end = head.index(b"\r\n") + 2
    if cut is None:
        cut = head.index(b"\r\n", status_end) + 2 - status_end
    return replay_bytes(adapter, request, head[: status_end + cut], **kwargs)


class FaultyAdapter(HTTPAdapter):
    """Draws one fault per request from ``rng``; ``enabled=False`` passes everything through.

    ``during_request``, when set, is called with each request before it is sent (on the
    sync thread, with no store lock held), so a test can save while a request is in flight.
    """

    def __init__(
        self,
        rng: random.Random,
        restart_server: Callable[[], None],
        during_request: Callable[[requests.PreparedRequest], None] | None = None,
    ) -> None:
        super().__init__(max_retries=0)
        self.rng = rng
        self.restart_server = restart_server
        self.during_request = during_request
        self.enabled = True
        self.seen: Counter[str] = Counter()

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if not self.enabled:
            return super().send(request, **kwargs)
        if self.during_request is not None:
            self.during_request(request)
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
        if fault == "cut_in_headers":
            head = raw_head(response)
            inside = len(head) - head.index(b"\r\n") - 2
            cut = self.rng.randrange(0, inside)
            return cut_in_headers(self, request, response, cut, **kwargs)
        return response


class ScriptedAdapter(HTTPAdapter):
    """Acts on the requests whose path ends with a given suffix, as a test scripted it.

    ``before(suffix, action)`` runs ``action`` once, just before the next such request
    leaves (the request is then in flight while it runs); ``cut_reply_in_headers(suffix)``
    cuts the next such reply inside its headers, after the server handled the request.
    """

    def __init__(self) -> None:
        super().__init__(max_retries=0)
        self._before: dict[str, list[Callable[[], None]]] = {}
        self._cut: Counter[str] = Counter()
        self.done: Counter[str] = Counter()

    def before(self, suffix: str, action: Callable[[], None]) -> None:
        self._before.setdefault(suffix, []).append(action)

    def cut_reply_in_headers(self, suffix: str, times: int = 1) -> None:
        self._cut[suffix] += times

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        path = (request.path_url or "").split("?")[0]
        for suffix, actions in self._before.items():
            if path.endswith(suffix) and actions:
                actions.pop(0)()
                self.done[f"before {suffix}"] += 1
        response = super().send(request, **kwargs)
        for suffix in list(self._cut):
            if path.endswith(suffix) and self._cut[suffix] > 0:
                self._cut[suffix] -= 1
                self.done[f"cut {suffix}"] += 1
                response.content  # noqa: B018 - the server has handled the request
                return cut_in_headers(self, request, response, **kwargs)
        return response


def mid_request_restart(service: LiveService, rng: random.Random) -> Callable[[], None]:
    """Kill the server a few milliseconds into a request, then start it again."""

    def restart_server() -> None:
        time.sleep(rng.uniform(0.0, 0.03))
        restart(service)

    return restart_server


class OutageAdapter(HTTPAdapter):
    """A gateway in front of the real service, switched by the test and counting requests.

    ``mode`` is ``"through"`` (every request reaches the service), ``"refusing"`` (the gateway
    answers 503 to everything: the service is up but will not take work) or
    ``"unreachable"`` (no connection). ``log`` keeps ``(monotonic time, path, mode)`` of every
    request the phone made.
    """

    def __init__(self) -> None:
        super().__init__(max_retries=0)
        self.mode = "through"
        self.log: list[tuple[float, str, str]] = []
        self._lock = threading.Lock()

    def requests_since(self, since: float, path: str | None = None) -> int:
        """How many requests (to ``path``, or any) were made from ``since`` on."""
        with self._lock:
            return sum(1 for t, p, _ in self.log if t >= since and (path is None or p == path))

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        path = (request.path_url or "").split("?")[0].removeprefix("/api/v1")
        mode = self.mode
        with self._lock:
            self.log.append((time.monotonic(), path, mode))
        if mode == "unreachable":
            raise requests.ConnectionError("injected: the service cannot be reached")
        if mode == "refusing":
            return synthetic(request, 503, b"<html>Service Unavailable</html>")
        return super().send(request, **kwargs)
