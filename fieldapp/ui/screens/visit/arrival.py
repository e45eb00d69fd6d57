"""Step 1, arrival (到达): the check-in time, the work ID and work order shown, the greeting."""

from __future__ import annotations

import flet as ft

from fieldapp.ui.components.visit_fields import heading, note
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.theme import OK_COLOR, TOUCH_TARGET
from fieldapp.ui.viewmodels.visit_model import VisitModel


@ft.component
def ArrivalStep(model: VisitModel) -> ft.Control:
    tr = use_translator()
    sheet, visit = model.sheet, model.visit
    if sheet is None or visit is None:
        return ft.Container()
    zone = visit.reference.zone
    arrival = sheet.arrival
    when = arrival.checked_in_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if arrival else "—"
    greeting = next((p for p in visit.reference.phrases.phrases if p.id == "greeting"), None)

    def shown_box(name: str, label: str) -> ft.Control:
        async def changed(e: ft.Event[ft.Checkbox]) -> None:
            await model.shown(name, bool(e.control.value))

        return ft.Semantics(
            identifier=f"arrival-{name}",
            content=ft.Checkbox(
                label=label,
                value=bool(arrival and getattr(arrival, name)),
                on_change=changed,
                disabled=not model.editable,
                height=TOUCH_TARGET,
            ),
        )

    controls: list[ft.Control] = [
        ft.Text(tr.t("arrival.checked_in", when=when), color=OK_COLOR, weight=ft.FontWeight.BOLD),
        note(
            tr.t(
                "arrival.work_order",
                ticket=visit.order.ticket_no,
                customer=visit.order.customer.name,
            )
        ),
        shown_box("work_id_shown", tr.t("arrival.work_id_shown")),
        shown_box("work_order_shown", tr.t("arrival.work_order_shown")),
    ]
    if greeting is not None:
        controls += [
            heading(tr.t("arrival.greeting")),
            ft.Semantics(
                identifier="greeting-phrase",
                content=ft.Container(
                    ft.Text(tr.text(greeting.phrase), size=17),
                    bgcolor=ft.Colors.BLUE_50,
                    padding=12,
                    border_radius=8,
                ),
            ),
        ]
    return ft.Column(controls, spacing=6)
