"""Route ``/job/:ticket/visit``: the visit, one step at a time, resumable.

The frame shows the step bar (every step a tap away), the current step, the phrase card
one tap away, and back / next. The step is remembered on the device, so a killed and
restarted app opens at the same step with nothing lost.
"""

from __future__ import annotations

import flet as ft

from fieldapp.application.visit_steps import VisitStep
from fieldapp.ui.components.app_view import app_view
from fieldapp.ui.components.phrase_card import phrase_card
from fieldapp.ui.components.returned_comment import returned_comment
from fieldapp.ui.components.visit_fields import on_tap
from fieldapp.ui.hooks import use_kept
from fieldapp.ui.i18n import Translator, use_translator
from fieldapp.ui.screens.visit.arrival import ArrivalStep
from fieldapp.ui.screens.visit.charges import ChargesStep
from fieldapp.ui.screens.visit.departure import DepartureStep
from fieldapp.ui.screens.visit.diagnosis import DiagnosisStep
from fieldapp.ui.screens.visit.etiquette import EtiquetteStep
from fieldapp.ui.screens.visit.outcome import OutcomeStep
from fieldapp.ui.screens.visit.product_check import ProductCheckStep
from fieldapp.ui.screens.visit.repair import RepairStep
from fieldapp.ui.screens.visit.sign_off import SignOffStep
from fieldapp.ui.screens.visit.submitted import SubmittedStep
from fieldapp.ui.services import use_layout, use_services
from fieldapp.ui.theme import MUTED_COLOR, OVERDUE_COLOR, TOUCH_TARGET
from fieldapp.ui.viewmodels.visit_model import VisitModel

_STEP_COMPONENTS = {
    VisitStep.ARRIVAL: ArrivalStep,
    VisitStep.ETIQUETTE: EtiquetteStep,
    VisitStep.PRODUCT: ProductCheckStep,
    VisitStep.DIAGNOSIS: DiagnosisStep,
    VisitStep.CHARGES: ChargesStep,
    VisitStep.REPAIR: RepairStep,
    VisitStep.OUTCOME: OutcomeStep,
    VisitStep.DEPARTURE: DepartureStep,
    VisitStep.SIGN_OFF: SignOffStep,
    VisitStep.SUBMITTED: SubmittedStep,
}


# Below this width the step bar takes two rows (a phone): every step in sight.
TWO_ROW_STEP_BAR_BELOW = 700


def _step_bar(model: VisitModel, tr: Translator, width: float) -> ft.Control:
    async def open_step(step: VisitStep) -> None:
        await model.go(step)

    chips: list[ft.Control] = []
    for step in model.steps:
        current = step is model.step
        chips.append(
            ft.Semantics(
                identifier=f"step-{step.value}",
                # Keyed by its step: 收费 appearing (a charged verdict) adds a chip instead of
                # handing each later chip's node, and its identifier, to another step.
                key=f"step-{step.value}",
                content=ft.TextButton(
                    tr.t(f"step.{step.value}"),
                    on_click=on_tap(model.go, step),
                    style=ft.ButtonStyle(
                        bgcolor=ft.Colors.PRIMARY_CONTAINER if current else None,
                        padding=ft.Padding.symmetric(horizontal=8),
                    ),
                    height=TOUCH_TARGET,
                ),
            )
        )
    if width >= TWO_ROW_STEP_BAR_BELOW:
        return ft.Row(chips, scroll=ft.ScrollMode.AUTO, spacing=0)
    # Two rows on a phone: one scrolled row hid the later steps (and, on the later steps,
    # the current one) past the right edge. Rows, not a wrapping Row: with the wrap, the
    # repair step's first field lost what was typed right after 开始维修 (Chromium, tablet).
    half = (len(chips) + 1) // 2
    return ft.Column(
        [
            ft.Row(chips[:half], scroll=ft.ScrollMode.AUTO, spacing=0),
            ft.Row(chips[half:], scroll=ft.ScrollMode.AUTO, spacing=0),
        ],
        spacing=0,
    )


def _footer(model: VisitModel, tr: Translator) -> ft.Control:
    steps = model.steps
    index = steps.index(model.step) if model.step in steps else 0
    buttons: list[ft.Control] = [
        ft.Semantics(
            identifier="visit-phrases",
            content=ft.OutlinedButton(
                tr.t("visit.phrases"),
                icon=ft.Icons.RECORD_VOICE_OVER,
                on_click=model.toggle_phrases,
                height=TOUCH_TARGET,
            ),
        ),
        ft.Container(expand=True),
    ]
    if index > 0 and model.step is not VisitStep.SUBMITTED:
        buttons.append(
            ft.Semantics(
                identifier="visit-back",
                content=ft.OutlinedButton(
                    tr.t("visit.previous"), on_click=model.back, height=TOUCH_TARGET
                ),
            )
        )
    if model.step not in (VisitStep.SIGN_OFF, VisitStep.SUBMITTED):
        buttons.append(
            ft.Semantics(
                identifier="visit-next",
                content=ft.Button(
                    tr.t("visit.next"),
                    icon=ft.Icons.ARROW_FORWARD,
                    on_click=model.next,
                    height=TOUCH_TARGET,
                ),
            )
        )
    return ft.Container(
        content=ft.Row(buttons, spacing=8),
        padding=ft.Padding.symmetric(horizontal=12, vertical=6),
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
    )


def _banner(model: VisitModel, tr: Translator) -> list[ft.Control]:
    lines: list[ft.Control] = []
    visit = model.visit
    if visit is not None and visit.return_comment is not None:
        title = tr.t("visit.returned")
        lines.append(returned_comment(title, visit.return_comment, "visit-return-comment", 8))
    if model.error is not None:
        lines.append(
            ft.Semantics(
                identifier="visit-error",
                content=ft.Text(tr.text(model.error), color=OVERDUE_COLOR),
            )
        )
    return lines


def _banner_slot(model: VisitModel, tr: Translator) -> ft.Control:
    """The banner in a place of its own, there (hidden) even when it says nothing.

    A message coming or going (a change refused, then the next one saved) must not move
    the step below it: the step's fields are matched by their place, and a step that
    moved would be rebuilt under the technician's finger — focus and the keys in flight
    lost.
    """
    lines = _banner(model, tr)
    return ft.Column(lines, spacing=8, visible=bool(lines))


@ft.component
def VisitBody(model: VisitModel) -> ft.Control:
    """The visit under the app bar: step bar, banner, the step, footer."""
    tr = use_translator()
    if model.visit is None:
        if model.loading:
            return ft.Container(ft.ProgressRing(), alignment=ft.Alignment.CENTER, expand=True)
        return ft.Container(ft.Text(tr.text(model.error) or "—"), padding=24)
    services = use_services()
    layout = use_layout()
    step_component = _STEP_COMPONENTS[model.step]
    steps = model.steps
    index = steps.index(model.step) + 1 if model.step in steps else 1
    content: ft.Control = step_component(model)
    if model.phrases_open:
        content = phrase_card(
            services.device.jobs.reference.phrases, model.step, tr, model.toggle_phrases
        )
    header = ft.Row(
        [
            ft.Text(
                tr.t(f"step.{model.step.value}"), size=20, weight=ft.FontWeight.BOLD, expand=True
            ),
            ft.Text(tr.t("visit.step_of", n=index, total=len(steps)), size=12, color=MUTED_COLOR),
        ]
    )
    return ft.Column(
        [
            _step_bar(model, tr, layout.width),
            ft.Container(
                ft.Column(
                    [header, _banner_slot(model, tr), content],
                    spacing=8,
                    scroll=ft.ScrollMode.AUTO,
                    expand=True,
                    # A scroll area of its own per step: the next step opens at its top, not
                    # where the last one was scrolled to. (Kept, a long step's offset outlived
                    # it: the web client's accessibility tree then placed a short step's
                    # fields that far below where they are drawn, and a tap there reached
                    # the field under it.)
                    key=f"step-{model.step.value}",
                ),
                padding=ft.Padding.symmetric(horizontal=12),
                expand=True,
            ),
            _footer(model, tr),
        ],
        spacing=0,
        expand=True,
    )


@ft.component
def VisitView() -> ft.View:
    services = use_services()
    tr = use_translator()
    ticket = ft.use_route_params().get("ticket", "")
    # Held in a ref, not in state: the frame does not re-render on each change, the body does.
    model = use_kept(lambda: VisitModel(device=services.device, ticket_no=ticket))
    ft.use_effect(lambda: ft.context.page.run_task(model.load), [])
    return app_view(
        route=ft.use_view_path(),
        title=f"{tr.t('visit.title')} {ticket}",
        body=VisitBody(model),
        services=services,
        tr=tr,
        selected=None,
    )
