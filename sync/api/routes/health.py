"""``GET /health``: is the service up and can it reach its database (no sign-in needed)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text as sql
from sqlalchemy.exc import SQLAlchemyError

from fieldapp import __version__
from fieldapp.protocol import Health
from sync.api.deps import DatabaseDep
from sync.api.route import CheckedRoute

router = APIRouter(tags=["health"], route_class=CheckedRoute)


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
def health(database: DatabaseDep) -> Health | JSONResponse:
    """``ok`` when the database answers; ``503 degraded`` when it does not."""
    try:
        with database.session(write=False) as session:
            session.execute(sql("SELECT 1"))
    except SQLAlchemyError:
        body = Health(status="degraded", database="unavailable", version=__version__)
        return JSONResponse(body.model_dump(), status_code=503)
    return Health(status="ok", database="ok", version=__version__)
