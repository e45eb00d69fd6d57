"""The ``fieldapp`` console command.

Each subcommand lives in its own module and registers itself here:

- ``check-warranty``: the warranty verdict for a case (``fieldapp.commands.check_warranty``);
- ``app``: the technician app (``fieldapp.commands.app``);
- ``office``: the back office for supervisors and clerks (``fieldapp.commands.office``);
- ``sheet-pdf``: the job sheet PDF from its JSON (``fieldapp.commands.sheet_pdf``);
- ``serve``, ``demo``, ``user``: the central queue service (``sync.commands``, needs the
  ``server`` extra).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

Handler = Callable[[argparse.Namespace], int]
# Top-level packages of the ``server`` extra (and the service itself).
_SERVER_PACKAGES = {"sync", "fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic", "argon2"}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand available in this installation."""
    parser = argparse.ArgumentParser(
        prog="fieldapp", description="上门售后服务 / On-site after-sales service"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    from fieldapp.commands import app, check_warranty, office, sheet_pdf

    check_warranty.register(sub)
    app.register(sub)
    office.register(sub)
    sheet_pdf.register(sub)
    try:  # The central service is an optional extra: phones do not carry it.
        server_commands = importlib.import_module("sync.commands")
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in _SERVER_PACKAGES:
            raise  # a real bug in the service code, not a phone without the extra
        server_commands = None
    if server_commands is not None:
        server_commands.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``fieldapp`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        code = handler(args)
        sys.stdout.flush()  # here, so that a closed pipe is handled below, not at exit
        return code
    except BrokenPipeError:
        # The reader went away (e.g. ``| head``): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
