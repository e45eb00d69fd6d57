"""A proxy in front of the real service that holds sync requests for a while (a slow network).

A fault injected on purpose: it makes a sync round last seconds, so a test can tap while the
round runs. Everything else passes straight through.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests


class SlowProxy:
    def __init__(self, upstream: str, delay: float) -> None:
        self.upstream = upstream.rstrip("/")
        self.delay = delay
        self.slow = threading.Event()  # set: sync requests wait ``delay`` seconds
        self.held = threading.Event()  # set while a request is being held
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if proxy.slow.is_set() and "/sync/" in self.path:
                    proxy.held.set()
                    time.sleep(proxy.delay)
                    proxy.held.clear()
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                reply = requests.request(
                    self.command, proxy.upstream + self.path, data=body, headers=headers,
                    timeout=60, stream=True,
                )  # fmt: skip
                content = reply.raw.read()
                self.send_response(reply.status_code)
                for key, value in reply.headers.items():
                    if key.lower() not in {"transfer-encoding", "connection", "content-length"}:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
