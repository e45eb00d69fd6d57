"""The arrival checklist: 出示工作证, 出示工作单, and how many are done (Python counts)."""

from __future__ import annotations

import flet as ft

from fieldapp.application.visit_start import ARRIVAL_ITEMS
from fieldapp.ui.components.event_value import ticked
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.theme import OVERDUE_COLOR
from fieldapp.ui.viewmodels.arrival_model import ArrivalModel


@ft.component
def ArrivalChecklist(model: ArrivalModel) -> ft.Control:
    """Its own component with its own observable: a tick re-renders this and nothing else."""
    tr = use_translator()

    def box(item: str) -> ft.Control:
        async def changed(e: ft.Event[ft.Checkbox]) -> None:
            await model.toggle(item, ticked(e))

        return ft.Checkbox(
            label=tr.t(f"arrival.{item}"), value=bool(model.ticks.get(item)), on_change=changed
        )

    controls: list[ft.Control] = [
        ft.Semantics(
            identifier="arrival-count",
            content=ft.Text(
                tr.t("arrival.count", done=model.done, total=model.total),
                weight=ft.FontWeight.BOLD,
            ),
        ),
        *[box(item) for item in ARRIVAL_ITEMS],
    ]
    if model.error is not None:
        controls.append(ft.Text(tr.text(model.error), color=OVERDUE_COLOR))
    return ft.Column(controls, spacing=0)
