"""Alembic schema migrations; :meth:`sync.core.db.Database.migrate` runs them at start."""
