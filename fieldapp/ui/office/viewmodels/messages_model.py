"""The messages screen's model: the failed messages, or one ticket's, and a resend."""

from __future__ import annotations

from dataclasses import dataclass, field

import flet as ft

from fieldapp.domain.text import Text
from fieldapp.domain.work_order import is_ticket_no
from fieldapp.office import messages as messages_api
from fieldapp.office.client import OfficeClient
from fieldapp.protocol.messages import MessagePublic
from fieldapp.ui.i18n import message
from fieldapp.ui.office.viewmodels.base import Failed, call


@ft.observable
@dataclass
class MessagesModel:
    """Failed messages first; a ticket typed shows that ticket's messages instead."""

    client: OfficeClient
    can_write: bool = True
    ticket: str = ""
    shown_ticket: str | None = None  # None: the failed messages are listed
    items: list[MessagePublic] = field(default_factory=list)
    loading: bool = True
    busy: bool = False
    error: Text | None = None

    def type_ticket(self, value: str) -> None:
        self.ticket = value.strip().upper()

    async def load(self, _event: object = None) -> None:
        self.loading, self.error = True, None
        try:
            if self.shown_ticket is None:
                self.items = await call(messages_api.failed_messages, self.client)
            else:
                self.items = await call(messages_api.messages_of, self.client, self.shown_ticket)
        except Failed as exc:
            self.error = exc.message
        finally:
            self.loading = False

    async def look_up(self, _event: object = None) -> None:
        if self.ticket and not is_ticket_no(self.ticket):
            self.error = message("messages.not_a_ticket")
            return
        self.shown_ticket = self.ticket or None
        await self.load()

    async def resend(self, message_id: int) -> None:
        if self.busy:
            return
        self.busy, self.error = True, None
        try:
            await call(messages_api.resend, self.client, message_id)
        except Failed as exc:
            self.error = exc.message
        finally:
            self.busy = False
        await self.load()
