"""A server error, provoked on purpose, must not break the connection a client keeps alive."""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

from sqlalchemy import select

from sync.models.work_order import WorkOrderRow
from tests.support.api import call


def _read_reply(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 reply with a Content-Length from ``sock``: status, headers, body."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"the server closed the connection mid-reply: {data!r}")
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    while len(body) < int(headers["content-length"]):
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection mid-body")
        body += chunk
    return int(lines[0].split()[1]), headers, body


def _get(sock: socket.socket, host: str, path: str, token: str) -> None:
    sock.sendall(
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\r\n".encode()
    )


def test_after_a_server_error_a_kept_alive_connection_is_closed_or_still_usable(service, clerk):
    """After a 500 the service dropped the kept-alive connection without saying
    ``Connection: close``: the client's next request on it was reset."""
    ticket = clerk.post("/work-orders", json=call()).json()["ticket_no"]
    with service.database.transaction() as session:  # the injected fault: a corrupt row
        row = session.scalar(select(WorkOrderRow).where(WorkOrderRow.ticket_no == ticket))
        assert row is not None
        kept, row.data = row.data, {**row.data, "customer": "broken on purpose"}
    url = urlsplit(service.base)
    try:
        with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
            _get(sock, url.netloc, f"{url.path}/work-orders/{ticket}", clerk.token)
            status, headers, body = _read_reply(sock)

            assert status == 500
            assert json.loads(body)["detail"]["code"] == "internal_error"
            if headers.get("connection", "").lower() == "close":
                assert sock.recv(1) == b""  # closed, as announced
            else:  # kept alive: the next request on it is answered
                _get(sock, url.netloc, f"{url.path}/health", clerk.token)
                assert _read_reply(sock)[0] == 200
    finally:
        with service.database.transaction() as session:
            row = session.scalar(select(WorkOrderRow).where(WorkOrderRow.ticket_no == ticket))
            assert row is not None
            row.data = kept
