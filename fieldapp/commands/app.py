"""``fieldapp app``: the technician app, in web mode (demo, tests) or a desktop window."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from fieldapp.store.paths import STORE_DIR_ENV

SERVICE_URL_ENV = "FIELDAPP_SERVICE_URL"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``app`` to the ``fieldapp`` command."""
    app = subparsers.add_parser(
        "app", help="run the technician app (web mode on localhost, or a desktop window)"
    )
    mode = app.add_mutually_exclusive_group()
    mode.add_argument(
        "--web", action="store_true", help="serve it to a browser (default without a display)"
    )
    mode.add_argument("--window", action="store_true", help="open a desktop window")
    app.add_argument("--host", default="127.0.0.1", help="web mode: address (default 127.0.0.1)")
    app.add_argument("--port", type=int, default=8550, help="web mode: port (default 8550)")
    app.add_argument(
        "--store-dir",
        type=Path,
        help=f"where the device keeps its data (env {STORE_DIR_ENV}; default: per-user data dir)",
    )
    app.add_argument(
        "--service-url",
        default=os.environ.get(SERVICE_URL_ENV, ""),
        help=f"service address pre-filled at first sign-in (env {SERVICE_URL_ENV})",
    )
    app.set_defaults(handler=_app)


def _has_display() -> bool:
    return os.name == "nt" or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _app(args: argparse.Namespace) -> int:
    from fieldapp.ui.long_lived import pause_while_starting

    pause_while_starting()  # before the app's modules load (fieldapp.ui.long_lived says why)
    from fieldapp.ui.launch import run_app

    web = args.web or (not args.window and not _has_display())
    run_app(
        web=web,
        host=args.host,
        port=args.port,
        store_dir=args.store_dir,
        service_url=args.service_url,
    )
    return 0
