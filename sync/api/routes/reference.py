"""Reference data: anyone signed in reads it; an admin publishes a new version of a file."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path
from pydantic import BaseModel

from sync.api.deps import Admin, CurrentUser, ReadSession, WriteSession
from sync.api.route import CheckedRoute
from sync.crud import reference as crud

router = APIRouter(prefix="/reference", tags=["reference data"], route_class=CheckedRoute)
Name = Annotated[
    Literal["checklists", "phrases", "catalogue", "parts", "prices", "calendar"],
    Path(description="which file"),
]


class ReferenceFile(BaseModel):
    name: str
    version: str
    updated_at: datetime
    content: dict[str, Any]


@router.get("", response_model=dict[str, str])
def versions(_: CurrentUser, session: ReadSession) -> dict[str, str]:
    """The current version of every reference file."""
    return {row.name: row.version for row in crud.reference_files(session)}


@router.get("/{name}", response_model=ReferenceFile)
def get_file(name: Name, _: CurrentUser, session: ReadSession) -> ReferenceFile:
    row = crud.get_reference(session, name=name)
    return ReferenceFile(
        name=row.name, version=row.version, updated_at=row.updated_at, content=row.content
    )


@router.put("/{name}", response_model=ReferenceFile)
def publish(
    name: Name, content: Annotated[dict[str, Any], Body()], _: Admin, session: WriteSession
) -> ReferenceFile:
    """Publish a new version (checked against the other files); phones get it on their next pull."""
    row = crud.replace_reference(session, name=name, content=content)
    session.commit()
    return ReferenceFile(
        name=row.name, version=row.version, updated_at=row.updated_at, content=row.content
    )
