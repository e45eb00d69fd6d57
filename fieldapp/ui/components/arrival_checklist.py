"""The arrival checklist: 出示工作证, 出示工作单, and how many are done (Python counts)."""

from __future__ import annotations

import flet as ft

from fieldapp.application.visit_start import ARRIVAL_ITEMS
from fieldapp.ui.components.tick_box import tick_box
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.theme import OVERDUE_COLOR
from fieldapp.ui.viewmodels.arrival_model import ArrivalModel


@ft.component
def ArrivalChecklist(model: ArrivalModel) -> ft.Control:
    """Its own component with its own observable: a tick re-renders this and nothing else."""
    tr = use_translator()

    def box(item: str) -> ft.Control:
        async def tapped() -> None:
            await model.turn_over(item)

        return tick_box(tr.t(f"arrival.{item}"), bool(model.ticks.get(item)), tapped)

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
