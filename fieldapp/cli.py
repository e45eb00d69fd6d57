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


# Each subcommand's module, by the name typed. Only the module of the command being run is
# imported: ``fieldapp app`` must not pay for the PDF library or the service's packages at
# every cold start (measured: about 0.35 s of 0.9 s before the app listens).
_COMMAND_MODULES = {
    "check-warranty": "fieldapp.commands.check_warranty",
    "app": "fieldapp.commands.app",
    "office": "fieldapp.commands.office",
    "sheet-pdf": "fieldapp.commands.sheet_pdf",
    "serve": "sync.commands",
    "demo": "sync.commands",
    "user": "sync.commands",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every subcommand available in this installation, or only
    with ``command`` when it names one."""
    parser = argparse.ArgumentParser(
        prog="fieldapp", description="上门售后服务 / On-site after-sales service"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = _COMMAND_MODULES.get(command or "")
    modules = [wanted] if wanted else list(dict.fromkeys(_COMMAND_MODULES.values()))
    for name in modules:
        try:  # The central service is an optional extra: phones do not carry it.
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if (exc.name or "").split(".")[0] not in _SERVER_PACKAGES:
                raise  # a real bug in the service code, not a phone without the extra
            continue
        module.register(sub)
    return parser


def _command_of(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line (its first word not an option)."""
    return next((word for word in argv if not word.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``fieldapp`` console script."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command_of(words))
    args = parser.parse_args(words)
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
