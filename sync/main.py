"""The application: ``create_app(settings)`` builds the service, ready for uvicorn.

On start it brings the schema up to date (Alembic) and stores the bundled reference data the
database does not have yet. Every route lives under ``/api/v1``; the OpenAPI document is at
``/api/v1/openapi.json`` and its browsable form at ``/api/v1/docs``.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from fieldapp import __version__
from sync.api.docs import install_docs
from sync.api.route import CheckedRoute
from sync.api.routes import (
    attachments,
    auth,
    centre_units,
    complaints,
    dashboard,
    follow_ups,
    health,
    loaners,
    messages,
    reference,
    reviews,
    serials,
    sheet_pdf,
    signed_content,
    track,
    users,
    work_orders,
)
from sync.api.routes import sync as sync_routes
from sync.core.config import Settings
from sync.core.db import Database
from sync.core.errors import ERROR_RESPONSES, install_error_handlers
from sync.core.guards import RequestGuard
from sync.core.logs import AccessLog
from sync.core.server_errors import ServerErrors
from sync.crud.reference import seed_reference
from sync.messages import configure as configure_messages
from sync.messages.worker import OutboxWorker, sender_for

API_PREFIX = "/api/v1"
_ATTACHMENT_PUT = re.compile(rf"^{API_PREFIX}/attachments/[^/]+$")
TRACK_MAX_BYTES = 16 * 1024  # the progress page's forms: a ticket, or a complaint


def api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES, route_class=CheckedRoute)
    for module in (
        health,
        auth,
        users,
        work_orders,
        sync_routes,
        attachments,
        reviews,
        follow_ups,
        loaners,
        reference,
        serials,
        complaints,
        centre_units,
        dashboard,
        signed_content,
        sheet_pdf,
        messages,
    ):
        router.include_router(module.router)
    return router


def body_limit(settings: Settings) -> Callable[[str, str], int]:
    """The request body limit for each path, in bytes."""

    def limit_for(method: str, path: str) -> int:
        if method == "PUT" and _ATTACHMENT_PUT.match(path):
            return settings.attachment_max_bytes
        if path == f"{API_PREFIX}/attachments/batch":
            return settings.batch_max_bytes
        if path == f"{API_PREFIX}/sync/push" or path.startswith(f"{API_PREFIX}/reference/"):
            return settings.push_max_bytes
        if path.startswith("/track"):
            return TRACK_MAX_BYTES
        return settings.json_max_bytes

    return limit_for


def prepare_database(database: Database) -> None:
    """Migrate the schema and seed the reference data (both idempotent)."""
    database.migrate()
    with database.transaction() as session:
        seed_reference(session)


def create_app(
    settings: Settings, database: Database | None = None, *, migrate: bool = True
) -> FastAPI:
    """The service for ``settings``; the database is migrated before the app is returned."""
    database = database or Database(settings.resolved_database_url)
    if migrate:
        prepare_database(database)
    configure_messages(settings)

    @asynccontextmanager
    async def outbox_worker(_app: FastAPI) -> AsyncIterator[None]:
        # Each service process sends the customers' messages queued in the database.
        sender = sender_for(settings)
        worker = OutboxWorker(database, settings, sender) if sender is not None else None
        if worker is not None:
            worker.start()
        yield
        if worker is not None:
            worker.stop()

    app = FastAPI(
        lifespan=outbox_worker,
        title="fieldapp central queue service",
        version=__version__,
        description="Job sheets from the technicians' phones; review queue, work orders, loaners. "
        "See docs/sync-protocol.md and docs/service.md.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # served by sync.api.docs, without a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.database = database
    install_error_handlers(app)
    app.include_router(api_router())
    app.include_router(track.router)  # the customer's progress page, outside the API
    install_docs(app, prefix=API_PREFIX)
    # Added first, so innermost: it answers a route's bug before the guard and the log see it.
    app.add_middleware(ServerErrors)
    app.add_middleware(RequestGuard, limit_for=body_limit(settings))
    app.add_middleware(AccessLog)
    return app


def app_from_environment() -> FastAPI:
    """The app of one worker process of ``fieldapp serve --workers N``.

    The parent process validated the settings, migrated the schema and put the settings in
    the environment; each worker reads them again and does not migrate.
    """
    from sync.core.config import load_settings
    from sync.core.logs import configure_logging

    settings = load_settings()
    configure_logging(settings.log_level)
    return create_app(settings, migrate=False)
