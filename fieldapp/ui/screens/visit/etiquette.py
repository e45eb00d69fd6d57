"""Step 2, 「5个1」 at arrival and 「装束三统一」: each item ticked with its time."""

from __future__ import annotations

import flet as ft

from fieldapp.domain.reference import ChecklistItem, Phase
from fieldapp.ui.components.checklist import ChecklistEntry, ChecklistRow, checklist
from fieldapp.ui.i18n import Translator, use_translator
from fieldapp.ui.viewmodels.pending_ticks import PendingTicks
from fieldapp.ui.viewmodels.visit_model import VisitModel


def checklist_rows(
    model: VisitModel, tr: Translator, name: str, items: list[ChecklistItem]
) -> tuple[list[ft.Control], int]:
    """One row per item, and how many are ticked."""
    sheet, visit = model.sheet, model.visit
    if sheet is None or visit is None:
        return [], 0
    zone = visit.reference.zone
    times = {t.item_id: t.done_at for t in getattr(sheet.etiquette, name)}

    async def toggle(item_id: str) -> None:
        await model.turn_over(name, item_id)

    rows: list[ft.Control] = []
    done = 0
    for item in items:
        ticked = model.is_ticked(name, item.id)
        done += ticked
        moment = times.get(item.id)
        when = moment.astimezone(zone).strftime("%H:%M") if moment and ticked else ""
        entry = ChecklistEntry(
            item_id=item.id,
            name=tr.text(item.name),
            detail=tr.text(item.detail) if item.detail else "",
            done_at=when or ("…" if ticked else ""),
        )
        rows.append(
            ChecklistRow(
                entry,
                toggle,
                tr.t("etiquette.done_at", when=when or "…"),
                model.editable,
                key=f"{name}-{item.id}",
            )
        )
    return rows, done


@ft.component
def ChecklistCard(
    model: VisitModel, ticks: PendingTicks, name: str, title_key: str, items: list[ChecklistItem]
) -> ft.Control:
    """One checklist with its count. It takes the pending ticks (``model.ticks``) as its
    own argument, so a tick re-renders this card alone, not the visit around it."""
    tr = use_translator()
    rows, done = checklist_rows(model, tr, name, items)
    return checklist(tr.t(title_key), tr.t("etiquette.progress", done=done, total=len(items)), rows)


@ft.component
def EtiquetteStep(model: VisitModel) -> ft.Control:
    visit = model.visit
    if visit is None:
        return ft.Container()
    lists = visit.reference.checklists
    arrival_items = [i for i in lists.five_ones if i.phase is Phase.ARRIVAL]
    return ft.Column(
        [
            ChecklistCard(model, model.ticks, "five_ones", "etiquette.five_ones", arrival_items),
            ChecklistCard(
                model, model.ticks, "appearance", "etiquette.appearance", list(lists.appearance)
            ),
        ],
        spacing=8,
    )
