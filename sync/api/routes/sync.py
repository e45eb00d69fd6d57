"""The phones' sync: ``GET /sync/pull`` (changes since a cursor) and ``POST /sync/push``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query

from fieldapp.protocol.patterns import CURSOR_MAX_LENGTH, IDEMPOTENCY_KEY_PATTERN, MAX_PULL_LIMIT
from fieldapp.protocol.pull import PullPage
from fieldapp.protocol.push import PushReply, PushRequest
from sync.api.deps import CurrentUser, ReadSession, Technician, WriteSession
from sync.crud.pull import pull as pull_changes
from sync.crud.push import push_batch

router = APIRouter(prefix="/sync", tags=["sync"])


@router.get("/pull", response_model=PullPage)
def pull(
    user: CurrentUser,
    session: ReadSession,
    cursor: Annotated[
        str | None, Query(max_length=CURSOR_MAX_LENGTH, description="from the previous pull")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = 200,
) -> PullPage:
    """Changes for the signed-in user after ``cursor``; without one, a fresh snapshot."""
    return pull_changes(session, user=user, cursor=cursor, limit=limit)


@router.post("/push", response_model=PushReply)
def push(
    body: PushRequest,
    user: Technician,
    session: WriteSession,
    idempotency_key: Annotated[
        str, Header(alias="Idempotency-Key", pattern=IDEMPOTENCY_KEY_PATTERN)
    ],
) -> PushReply:
    """Store a batch of sheet versions; replies only after the batch is committed."""
    reply = push_batch(session, user=user, key=idempotency_key, request=body)
    session.commit()
    return reply
