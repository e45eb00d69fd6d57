"""``fieldapp office``: the back office for supervisors and clerks, served to browsers."""

from __future__ import annotations

import argparse
import os

from fieldapp.commands.app import SERVICE_URL_ENV
from fieldapp.office.client import DEFAULT_SERVICE_URL


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``office`` to the ``fieldapp`` command."""
    office = subparsers.add_parser(
        "office", help="run the back office (supervisors, clerks) in web mode"
    )
    office.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    office.add_argument("--port", type=int, default=8560, help="port (default 8560)")
    office.add_argument(
        "--service-url",
        default=os.environ.get(SERVICE_URL_ENV) or DEFAULT_SERVICE_URL,
        help=f"service address pre-filled at sign-in (env {SERVICE_URL_ENV}; "
        f"default {DEFAULT_SERVICE_URL})",
    )
    office.set_defaults(handler=_office)


def _office(args: argparse.Namespace) -> int:
    from fieldapp.ui.office.launch import run_office

    run_office(host=args.host, port=args.port, service_url=args.service_url)
    return 0
