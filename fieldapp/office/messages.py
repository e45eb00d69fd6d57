"""Messages to customers (短信/微信通知) as the back office reads them: a ticket's messages with
their state, the failed ones, and sending a failed one again (the service's outbox)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from fieldapp.domain.text import Text
from fieldapp.office.client import OfficeClient


class CustomerMessage(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: int
    ticket_no: str
    event: str
    event_name: Text
    recipient: str
    text: str
    state: str  # queued | sent | failed
    attempts: int
    created_at: datetime
    sent_at: datetime | None = None
    last_error: str = ""


def messages_of(client: OfficeClient, ticket_no: str) -> list[CustomerMessage]:
    """Every message of one ticket, newest first."""
    reply = client.get("/messages", {"ticket_no": ticket_no, "limit": 100})
    return [CustomerMessage.model_validate(m) for m in reply["items"]]


def failed_messages(client: OfficeClient) -> list[CustomerMessage]:
    """The messages the service gave up on, newest first."""
    reply = client.get("/messages", {"state": "failed", "limit": 200})
    return [CustomerMessage.model_validate(m) for m in reply["items"]]


def resend(client: OfficeClient, message_id: int) -> CustomerMessage:
    """Queue a failed message again."""
    return CustomerMessage.model_validate(client.post(f"/messages/{message_id}/resend", {}))
