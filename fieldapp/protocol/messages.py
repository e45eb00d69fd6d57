"""Messages to customers (短信/微信通知) as the back office reads them, and the templates.

The service's outbox sends each message and records its state; a message that keeps failing
is ``failed`` and shown to the clerks, who may send it again.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from fieldapp.domain.text import Text


class MessageState(StrEnum):
    QUEUED = "queued"  # waiting to be sent (again, after a failed try: at next_try_at)
    SENT = "sent"
    FAILED = "failed"  # gave up after the last try; a clerk may send it again


class MessageEvent(StrEnum):
    """The turns of a job the customer is told about."""

    ASSIGNED = "assigned"  # a technician and a time are booked
    ANOTHER_VISIT = "another_visit"  # another visit is booked
    TO_CENTRE = "to_centre"  # the unit was taken to the service centre
    UNIT_READY = "unit_ready"  # the centre repaired it
    UNIT_RETURNED = "unit_returned"  # it is back with the customer
    LOANER_DUE = "loaner_due"  # the loaner is due back tomorrow


class MessagePublic(BaseModel):
    """A message as the back office shows it."""

    id: int
    ticket_no: str
    event: MessageEvent
    event_name: Text
    recipient: str
    text: str
    state: MessageState
    attempts: int
    next_try_at: datetime | None
    created_at: datetime
    sent_at: datetime | None
    last_error: str


class MessageList(BaseModel):
    items: list[MessagePublic]
    total: int


class MessageTemplates(BaseModel):
    """The message templates: one Chinese text per event, with ``{placeholders}``."""

    model_config = ConfigDict(extra="forbid", title="Message templates")

    version: str = Field(min_length=1, max_length=40)
    templates: dict[MessageEvent, str]
