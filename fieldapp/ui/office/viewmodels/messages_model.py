"""The messages screen's model: the failed messages, or one ticket's, and a resend."""

from __future__ import annotations

from dataclasses import dataclass, field

import flet as ft

from fieldapp.domain.work_order import is_ticket_no
from fieldapp.office import messages as messages_api
from fieldapp.protocol.messages import MessagePublic
from fieldapp.ui.i18n import message
from fieldapp.ui.office.viewmodels.base import DeskModel, call


@ft.observable
@dataclass
class MessagesModel(DeskModel):
    """Failed messages first; a ticket typed shows that ticket's messages instead."""

    ticket: str = ""
    shown_ticket: str | None = None  # None: the failed messages are listed
    items: list[MessagePublic] = field(default_factory=list)

    def type_ticket(self, value: str) -> None:
        self.ticket = value.strip().upper()

    async def load(self, _event: object = None) -> None:
        self.error = None
        with self.loading_data():
            if self.shown_ticket is None:
                self.items = await call(messages_api.failed_messages, self.client)
            else:
                self.items = await call(messages_api.messages_of, self.client, self.shown_ticket)

    async def look_up(self, _event: object = None) -> None:
        if self.ticket and not is_ticket_no(self.ticket):
            self.error = message("messages.not_a_ticket")
            return
        self.shown_ticket = self.ticket or None
        await self.load()

    async def resend(self, message_id: int) -> None:
        """Send it again (or show why not), and list the messages again."""
        if self.busy:
            return
        await self.attempt(messages_api.resend, message_id)
        await self.load()
