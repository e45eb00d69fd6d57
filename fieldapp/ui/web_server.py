"""Serving a Flet app to browsers with a renderer that cannot race itself.

Flet's web server marks every reply ``Cross-Origin-Opener-Policy: same-origin`` and
``Cross-Origin-Embedder-Policy: require-corp``. That makes the page cross-origin isolated,
and Flutter's loader then starts its wasm renderer (skwasm) **multi-threaded**: a raster
worker beside the main thread. In the Flutter that Flet 1.0.5 bundles, the two threads share
Skia's glyph cache without working locks (flutter/flutter#190039); now and then the heap is
corrupted and the main thread loops for good in FreeType's auto-hinter. The tab stops
answering with a core pinned, and only a reload helps, losing what was on screen.

Without the two headers the page is not cross-origin isolated and Flutter runs skwasm
single-threaded: one thread, nothing to race. Nothing else in Flet's web client needs the
isolation in server mode (it is for ``SharedArrayBuffer``, used by the multi-threaded renderer
and by Pyodide, which runs Python in the browser, not here). ``bench/freeze_soak.py`` measures
both settings side by side.

So both apps are served here rather than by ``ft.run``: Flet's own ASGI app (its web client,
websocket and session handling unchanged) behind a small middleware that drops the two
headers, run by uvicorn with the websocket implementation Flet itself uses. A second one
serves the client's font manifest without the fonts these apps never use.
"""

from __future__ import annotations

import json
import logging
import os
import signal
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from types import FrameType
from typing import Any

import flet as ft

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Set to ``multi`` to serve the page cross-origin isolated as Flet does (multi-threaded
#: skwasm). Only the freeze soak does, to measure the old setting beside the new one.
RENDERER_THREADS_ENV = "FIELDAPP_RENDERER_THREADS"

ISOLATION_HEADERS = (b"cross-origin-opener-policy", b"cross-origin-embedder-policy")


class SingleThreadedRenderer:
    """ASGI middleware: replies without the cross-origin isolation headers.

    The browser then reports ``window.crossOriginIsolated === false`` and Flutter's loader
    picks single-threaded skwasm. Websocket traffic passes through untouched.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_without_isolation(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if name.lower() not in ISOLATION_HEADERS
                ]
            await send(message)

        await self.app(scope, receive, send_without_isolation)


# The fonts the web client loads before it starts: Flutter loads every font of its asset
# manifest before the app's first frame. Flet's client lists KaTeX's 19 fonts (Markdown's
# maths) and Cupertino's icons beside Material's icons; these apps use Material's icons
# only, and leaving the others out starts the page about 0.2 s sooner (docs/app.md).
FONT_MANIFEST_PATH = "/assets/FontManifest.json"
KEPT_FONT_FAMILIES = ("MaterialIcons",)


class OnlyUsedFonts:
    """ASGI middleware: the web client's font manifest without the fonts these apps never use."""

    def __init__(self, app: ASGIApp, manifest: bytes) -> None:
        self.app = app
        self.manifest = manifest

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") != FONT_MANIFEST_PATH:
            await self.app(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(self.manifest)).encode()),
            (b"cache-control", b"no-cache"),
        ]})  # fmt: skip
        await send({"type": "http.response.body", "body": self.manifest})


def used_font_manifest() -> bytes | None:
    """The installed client's font manifest, kept to :data:`KEPT_FONT_FAMILIES` (None when
    the client has none where expected: Flet's own is served then)."""
    import flet_web

    path = Path(flet_web.__file__).parent / "web" / "assets" / "FontManifest.json"
    try:
        families = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        log.warning("no font manifest at %s; serving the client's own", path)
        return None
    kept = [f for f in families if f.get("family") in KEPT_FONT_FAMILIES]
    return json.dumps(kept).encode()


def multi_threaded_requested() -> bool:
    """True when ``$FIELDAPP_RENDERER_THREADS`` asks for Flet's own (isolated) setting."""
    return os.environ.get(RENDERER_THREADS_ENV, "single").strip().lower() == "multi"


def web_asgi_app(main: Callable[[ft.Page], Any], *, assets_dir: Path) -> ASGIApp:
    """Flet's web app for ``main`` (offline: no CDN), served single-threaded unless asked."""
    flet_app: ASGIApp = ft.run(main, assets_dir=str(assets_dir), no_cdn=True, export_asgi_app=True)
    manifest = used_font_manifest()
    if manifest is not None:
        flet_app = OnlyUsedFonts(flet_app, manifest)
    if multi_threaded_requested():
        log.warning("serving the page cross-origin isolated: multi-threaded renderer")
        return flet_app
    return SingleThreadedRenderer(flet_app)


def serve_web(main: Callable[[ft.Page], Any], *, host: str, port: int, assets_dir: Path) -> None:
    """Serve ``main`` to browsers on ``host:port`` until SIGINT or SIGTERM, then return.

    Returning (rather than dying of the signal, which uvicorn re-raises once it has shut
    down) lets the caller close what it opened: the technician app closes its store and
    stops its sync runner.
    """
    import uvicorn

    app = web_asgi_app(main, assets_dir=assets_dir)
    previous = signal.signal(signal.SIGTERM, _raise_stopped)
    try:
        # The websocket implementation Flet's own server uses; uvicorn's log only for problems.
        uvicorn.run(app, host=host, port=port, ws="websockets-sansio", log_level="warning")
    except (_Stopped, KeyboardInterrupt):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Stopped(Exception):
    """SIGTERM arrived: uvicorn has shut down and passed the signal on."""


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    raise _Stopped
