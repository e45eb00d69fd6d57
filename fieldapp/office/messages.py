"""Messages to customers (短信/微信通知) as the back office reads them: a ticket's messages with
their state, the failed ones, and sending a failed one again (the service's outbox)."""

from __future__ import annotations

from fieldapp.office.client import OfficeClient
from fieldapp.protocol.messages import MessageList, MessagePublic, MessageState


def messages_of(client: OfficeClient, ticket_no: str) -> list[MessagePublic]:
    """Every message of one ticket, newest first."""
    reply = client.get("/messages", {"ticket_no": ticket_no, "limit": 100})
    return MessageList.model_validate(reply).items


def failed_messages(client: OfficeClient) -> list[MessagePublic]:
    """The messages the service gave up on, newest first."""
    reply = client.get("/messages", {"state": MessageState.FAILED.value, "limit": 200})
    return MessageList.model_validate(reply).items


def resend(client: OfficeClient, message_id: int) -> MessagePublic:
    """Queue a failed message again."""
    return MessagePublic.model_validate(client.post(f"/messages/{message_id}/resend", {}))
