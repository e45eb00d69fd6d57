"""Migrations that carry data: an existing database keeps its meaning when upgraded."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text

from sync.core.db import MIGRATIONS_DIR, Database
from tests.support.service import BACKENDS, throwaway_database


def _upgrade(database: Database, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


@pytest.mark.parametrize("backend", BACKENDS)
def test_0005_gives_every_stored_attachment_its_uploader(backend, tmp_path):
    """Files uploaded before uploaders were recorded stay readable and complete for the
    technician who sent them."""
    throwaway = throwaway_database(backend, tmp_path)
    database = Database(throwaway.url)
    try:
        _upgrade(database, "0004")
        with database.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (id, username, display_name, role, password_hash, active,"
                    " service_centre, created_at) VALUES (7, 'tech', 'Tech', 'technician', 'x',"
                    " :yes, '', '2026-11-01 08:00:00+00:00')"
                ),
                {"yes": True},
            )
            conn.execute(
                text(
                    "INSERT INTO attachments (sha256, size, content_type, uploaded_by,"
                    " uploaded_at) VALUES (:sha, 3, 'image/png', 7, '2026-11-01 09:00:00+00:00')"
                ),
                {"sha": "a" * 64},
            )

        _upgrade(database, "head")

        with database.engine.connect() as conn:
            rows = conn.execute(text("SELECT sha256, user_id FROM attachment_uploaders")).all()
        assert [tuple(r) for r in rows] == [("a" * 64, 7)]
    finally:
        database.dispose()
        throwaway.drop()
