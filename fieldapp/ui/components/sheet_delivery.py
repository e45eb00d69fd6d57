"""Where one sheet stands on its way to the service centre, in words.

Read from the session's :class:`SyncModel`, taken as an argument: the line re-renders when
the indicator does and says what the indicator says (the submitted screen once kept saying
"queued" after the indicator said all sent).
"""

from __future__ import annotations

import flet as ft

from fieldapp.application import Delivery
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.theme import OK_COLOR, OVERDUE_COLOR, WARNING_COLOR
from fieldapp.ui.viewmodels.sync_model import SyncModel

_WORDS: dict[Delivery, tuple[str, str]] = {
    Delivery.WAITING_OFFLINE: ("delivery.waiting_offline", WARNING_COLOR),
    Delivery.WAITING: ("delivery.waiting", WARNING_COLOR),
    Delivery.SENDING: ("delivery.sending", ft.Colors.BLUE_700),
    Delivery.SIGN_IN: ("delivery.sign_in", OVERDUE_COLOR),
    Delivery.REFUSED: ("delivery.refused", OVERDUE_COLOR),
    Delivery.SENT: ("delivery.sent", OK_COLOR),
}


def delivery_words(delivery: Delivery) -> tuple[str, str]:
    """The string key and colour of ``delivery``."""
    return _WORDS[delivery]


@ft.component
def SheetDelivery(sync: SyncModel, sheet_id: str, size: int = 14) -> ft.Control:
    """One line: queued (and why it has not gone yet), sending, sent or refused."""
    tr = use_translator()
    ft.use_effect(lambda: ft.context.page.run_task(sync.count), [])
    delivery = sync.delivery(sheet_id)
    if delivery is None:
        return ft.Container()
    key, color = delivery_words(delivery)
    return ft.Semantics(
        identifier="sheet-delivery",
        value=delivery.value,
        content=ft.Text(tr.t(key), color=color, size=size),
    )
