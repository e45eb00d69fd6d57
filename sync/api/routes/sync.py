"""The phones' sync: ``GET /sync/pull`` (changes since a cursor) and ``POST /sync/push``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query

from sync.api.deps import CurrentUser, ReadSession, Technician, WriteSession
from sync.crud.pull import pull as pull_changes
from sync.crud.push import push_batch
from sync.models.change import PullReply
from sync.models.push import PushReply, PushRequest

router = APIRouter(prefix="/sync", tags=["sync"])

IDEMPOTENCY_KEY = r"^[A-Za-z0-9._:\-]{8,100}$"


@router.get("/pull", response_model=PullReply)
def pull(
    user: CurrentUser,
    session: ReadSession,
    cursor: Annotated[
        str | None, Query(max_length=40, description="from the previous pull")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> PullReply:
    """Changes for the signed-in user after ``cursor``; without one, a fresh snapshot."""
    return pull_changes(session, user=user, cursor=cursor, limit=limit)


@router.post("/push", response_model=PushReply)
def push(
    body: PushRequest,
    user: Technician,
    session: WriteSession,
    idempotency_key: Annotated[str, Header(alias="Idempotency-Key", pattern=IDEMPOTENCY_KEY)],
) -> PushReply:
    """Store a batch of sheet versions; replies only after the batch is committed."""
    reply = push_batch(session, user=user, key=idempotency_key, request=body)
    session.commit()
    return reply
