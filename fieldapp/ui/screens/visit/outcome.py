"""Step 7, outcome (处理结果): fixed on site; another visit (reason, time, its phrase); or
back to the service centre — promise date 5 working days ahead from the calendar, the
centre's phone, and the loaner handover (:mod:`loaner_handover`)."""

from __future__ import annotations

import flet as ft

from fieldapp.application.visit_forms import promise_date
from fieldapp.application.visit_steps import VisitStep
from fieldapp.ui.components.visit_fields import choice_input, note, switch_input, text_input
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.screens.visit.loaner_handover import LoanerHandoverForm
from fieldapp.ui.viewmodels.visit_model import VisitModel

OUT = VisitStep.OUTCOME


@ft.component
def OutcomeStep(model: VisitModel) -> ft.Control:
    tr = use_translator()
    visit = model.visit
    if visit is None:
        return ft.Container()
    kinds = [(k, tr.t(f"outcome.{k}")) for k in ("fixed", "another_visit", "return_to_centre")]
    kind = model.value(OUT, "kind")
    phrases = {p.id: p for p in visit.reference.phrases.phrases}
    controls: list[ft.Control] = [choice_input(model, tr, OUT, "kind", tr.t("step.outcome"), kinds)]
    if kind == "another_visit":
        controls += [
            text_input(model, tr, OUT, "reason", tr.t("outcome.reason"), multiline=True),
            text_input(model, tr, OUT, "proposed_at", tr.t("outcome.proposed_at")),
            note(tr.text(phrases["another_visit"].phrase))
            if "another_visit" in phrases
            else ft.Container(),
        ]
    elif kind == "return_to_centre":
        latest = promise_date(visit)
        controls += [
            text_input(model, tr, OUT, "reason", tr.t("outcome.reason"), multiline=True),
            text_input(model, tr, OUT, "promised_by", tr.t("outcome.promised_by")),
            note(tr.t("outcome.promise_hint", day=latest.isoformat() if latest else "—")),
            text_input(
                model,
                tr,
                OUT,
                "centre_phone",
                tr.t("outcome.centre_phone"),
                keyboard=ft.KeyboardType.PHONE,
            ),
            note(tr.text(phrases["return_to_centre"].phrase))
            if "return_to_centre" in phrases
            else ft.Container(),
            switch_input(model, OUT, "loaner_offered", tr.t("outcome.loaner_offered")),
        ]
        if model.value(OUT, "loaner_offered", True):
            controls.append(LoanerHandoverForm(model))
    return ft.Column(controls, spacing=6)
