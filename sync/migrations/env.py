"""Alembic environment: runs on the connection the service hands over, or on a URL.

From the command line (for writing a new migration)::

    FIELDAPP_DATABASE_URL=sqlite:///data/fieldapp.sqlite3 \
        alembic -c /dev/null -x url=... revision --autogenerate -m "..."

but the usual way is :meth:`sync.core.db.Database.migrate`, which passes its connection.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

import sync.models  # noqa: F401  (registers every table)
from sync.core.db import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get(
            "FIELDAPP_DATABASE_URL", ""
        )
        engine = create_engine(url)
        with engine.begin() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite changes tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
