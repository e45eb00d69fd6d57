"""Subcommands of the ``fieldapp`` console command, one module each."""
