"""Step 8, departure (离开): 一次美容 with an after photo, 一张名片, the farewell, and the
「九不准」 attestation (the nine rules listed, one confirmation)."""

from __future__ import annotations

import flet as ft

from fieldapp.domain.reference import Phase
from fieldapp.ui.components.event_value import ticked
from fieldapp.ui.components.photo_button import PhotoButton
from fieldapp.ui.components.visit_fields import heading, note, photo_status
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.screens.visit.etiquette import ChecklistCard
from fieldapp.ui.theme import TOUCH_TARGET
from fieldapp.ui.viewmodels.visit_model import VisitModel


@ft.component
def DepartureStep(model: VisitModel) -> ft.Control:
    tr = use_translator()
    visit, sheet = model.visit, model.sheet
    if visit is None or sheet is None:
        return ft.Container()
    lists = visit.reference.checklists
    items = [i for i in lists.five_ones if i.phase in (Phase.AFTER_REPAIR, Phase.DEPARTURE)]
    farewell = next((p for p in visit.reference.phrases.phrases if p.id == "farewell"), None)
    attested = sheet.etiquette.nine_rules_attested_at

    async def attest(e: ft.Event[ft.Checkbox]) -> None:
        await model.attest(ticked(e))

    controls: list[ft.Control] = [
        ChecklistCard(model, model.ticks, "five_ones", "departure.items", items),
        PhotoButton(
            tr.t("departure.beauty_photo"),
            "photo-beauty",
            lambda data, _n: model.add_photo("beauty", data),
            model.editable,
        ),
    ]
    controls += photo_status(model, tr, "beauty")
    if farewell is not None:
        controls += [note(tr.t("departure.farewell")), ft.Text(tr.text(farewell.phrase), size=15)]
    controls.append(heading(tr.t("departure.nine_rules")))
    controls += [
        ft.Text(f"{n}. {tr.text(rule.name)}", size=14)
        for n, rule in enumerate(lists.nine_rules, start=1)
    ]
    controls.append(
        ft.Semantics(
            identifier="nine-rules-attest",
            content=ft.Checkbox(
                label=tr.t("departure.attest"),
                value=attested is not None,
                on_change=attest,
                disabled=not model.editable,
                height=TOUCH_TARGET,
            ),
        )
    )
    return ft.Column(controls, spacing=6)
