"""The ``fieldapp`` console command.

Each subcommand lives in its own module and registers itself here:

- ``check-warranty``: the warranty verdict for a case (``fieldapp.commands.check_warranty``);
- ``serve``, ``demo``, ``user``: the central queue service (``sync.commands``, needs the
  ``server`` extra).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand available in this installation."""
    parser = argparse.ArgumentParser(
        prog="fieldapp", description="上门售后服务 / On-site after-sales service"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    from fieldapp.commands import check_warranty

    check_warranty.register(sub)
    try:  # The central service is an optional extra: phones do not carry it.
        from sync import commands as server_commands
    except ImportError:
        server_commands = None  # type: ignore[assignment]
    if server_commands is not None and hasattr(server_commands, "register"):
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
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
