"""Step 2, 「5个1」 at arrival and 「装束三统一」: each item ticked with its time."""

from __future__ import annotations

import flet as ft

from fieldapp.domain.reference import ChecklistItem, Phase
from fieldapp.ui.components.checklist import ChecklistEntry, ChecklistRow, checklist
from fieldapp.ui.i18n import Translator, use_translator
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

    async def toggle(item_id: str, done: bool) -> None:
        await model.tick(name, item_id, done)

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
def EtiquetteStep(model: VisitModel) -> ft.Control:
    tr = use_translator()
    visit = model.visit
    if visit is None:
        return ft.Container()
    lists = visit.reference.checklists
    arrival_items = [i for i in lists.five_ones if i.phase is Phase.ARRIVAL]
    five, five_done = checklist_rows(model, tr, "five_ones", arrival_items)
    looks, looks_done = checklist_rows(model, tr, "appearance", list(lists.appearance))
    return ft.Column(
        [
            checklist(
                tr.t("etiquette.five_ones"),
                tr.t("etiquette.progress", done=five_done, total=len(arrival_items)),
                five,
            ),
            checklist(
                tr.t("etiquette.appearance"),
                tr.t("etiquette.progress", done=looks_done, total=len(lists.appearance)),
                looks,
            ),
        ],
        spacing=8,
    )
