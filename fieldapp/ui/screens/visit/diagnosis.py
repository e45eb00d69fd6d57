"""Step 4, diagnosis (故障诊断): symptoms and the cause; an outside cause is explained."""

from __future__ import annotations

import flet as ft

from fieldapp.application.visit_steps import VisitStep
from fieldapp.domain.job_sheet import FaultCause
from fieldapp.ui.components.visit_fields import choice_input, note, switch_input, text_input
from fieldapp.ui.components.warranty_banner import warranty_banner
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.theme import WARNING_COLOR
from fieldapp.ui.viewmodels.visit_model import VisitModel

D = VisitStep.DIAGNOSIS


@ft.component
def DiagnosisStep(model: VisitModel) -> ft.Control:
    tr = use_translator()
    causes = [(c.value, tr.t(f"cause.{c.value}")) for c in FaultCause]
    controls: list[ft.Control] = [
        text_input(model, tr, D, "symptoms", tr.t("diagnosis.symptoms"), multiline=True),
        choice_input(model, tr, D, "cause", tr.t("diagnosis.cause"), causes),
        text_input(model, tr, D, "cause_notes", tr.t("diagnosis.cause_notes"), multiline=True),
        choice_input(
            model,
            tr,
            D,
            "complexity",
            tr.t("diagnosis.complexity"),
            [(k, tr.t(f"complexity.{k}")) for k in ("general", "complex")],
        ),
    ]
    if model.value(D, "cause") == FaultCause.OUTSIDE_CAUSE.value:
        controls += [
            note(tr.t("diagnosis.outside_note"), WARNING_COLOR),
            switch_input(model, D, "explained_to_customer", tr.t("diagnosis.explained")),
        ]
    controls.append(warranty_banner(model.verdict, tr))
    return ft.Column(controls, spacing=6)
