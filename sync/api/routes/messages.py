"""Messages to customers for the back office: a ticket's messages, the failed ones, a resend;
the message templates (admins publish a new version)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from fieldapp.domain.work_order import TICKET_NO_PATTERN
from fieldapp.protocol.messages import MessageList, MessagePublic, MessageState, MessageTemplates
from sync.api.deps import Admin, CallTakers, OfficeStaff, ReadSession, WriteSession
from sync.api.route import CheckedRoute
from sync.crud import outbox
from sync.messages import templates

router = APIRouter(tags=["messages to customers"], route_class=CheckedRoute)
MessageId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/messages", response_model=MessageList)
def list_messages(
    _: OfficeStaff,
    session: ReadSession,
    ticket_no: Annotated[str | None, Query(pattern=TICKET_NO_PATTERN)] = None,
    state: MessageState | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> MessageList:
    """A ticket's messages (``ticket_no``) or those in a ``state`` (``failed``), newest first."""
    items, total = outbox.list_messages(
        session, ticket_no=ticket_no, state=state, limit=limit, offset=offset
    )
    return MessageList(items=items, total=total)


@router.post("/messages/{message_id}/resend", response_model=MessagePublic)
def resend(message_id: MessageId, _: CallTakers, session: WriteSession) -> MessagePublic:
    """Queue a failed message again (the gateway gets the same idempotency key)."""
    row = outbox.resend(session, message_id=message_id)
    session.commit()
    return outbox.public(row)


@router.get("/message-templates", response_model=MessageTemplates)
def current_templates(_: OfficeStaff, session: ReadSession) -> MessageTemplates:
    """The templates in use: the newest published version, else the bundled one."""
    return templates.current_templates(session)


@router.put("/message-templates", response_model=MessageTemplates)
def publish_templates(
    body: MessageTemplates, admin: Admin, session: WriteSession
) -> MessageTemplates:
    """Publish a new version (new version name; every event; known placeholders only)."""
    templates.publish_templates(session, new=body, admin=admin)
    session.commit()
    return body
