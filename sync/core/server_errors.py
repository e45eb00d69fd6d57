"""A bug in a route is answered with a 500 in the protocol's shape, and the connection lives on.

Starlette's catch-all answers an unexpected exception and then raises it again, for the
server to log; uvicorn then logs it a second time and drops the connection, which a client
keeping the connection alive learns only when its next request on it is reset.
:class:`ServerErrors` sits inside the other middlewares and answers the bug itself: logged
once, a 500 with the bilingual body, and the connection usable for the next request. An
exception after the reply has started cannot be answered any more: it is raised again (the
server then closes the connection, which is all that is left to do).
"""

from __future__ import annotations

import json
import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.core.errors import internal_error

log = logging.getLogger("sync.errors")


class ServerErrors:
    """ASGI middleware: the 500 reply for any exception the routes let through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            if started:
                raise
            log.exception("unexpected error in %s %s", scope["method"], scope["path"], exc_info=exc)
            error = internal_error()
            payload = json.dumps(error.body(), ensure_ascii=False).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": error.status,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(payload)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": payload})
