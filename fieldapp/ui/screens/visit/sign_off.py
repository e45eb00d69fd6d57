"""Step 9, the customer's check and sign-off (维修验收).

The completion gate first: the domain's list of what is still missing, each item a link
to its step; signing is impossible until it is empty. Then exactly what the customer signs
(the content the hash covers, in words), their check, rating, comment, name and their
signature on the pad (clear and redo). Signing stamps the hash (the domain's ``sign``);
submitting locks the sheet, queues it and starts a sync.
"""

from __future__ import annotations

import flet as ft

from fieldapp.application.visit_steps import VisitStep
from fieldapp.domain.customer_check import customer_check
from fieldapp.domain.signed_summary import signed_summary
from fieldapp.ui.components.signature_pad import SignaturePad
from fieldapp.ui.components.visit_fields import (
    action_button,
    choice_input,
    heading,
    note,
    on_tap,
    switch_input,
    text_input,
)
from fieldapp.ui.hooks import use_kept
from fieldapp.ui.i18n import Translator, use_translator
from fieldapp.ui.theme import OK_COLOR, OVERDUE_COLOR, TOUCH_TARGET
from fieldapp.ui.viewmodels.visit_model import VisitModel
from fieldapp.ui.viewmodels.visit_signature_model import pad_for

S = VisitStep.SIGN_OFF


def _gate(model: VisitModel, tr: Translator) -> ft.Control:
    if not model.gate:
        return ft.Semantics(
            identifier="gate-clear",
            content=ft.Text(tr.t("sign_off.gate_clear"), color=OK_COLOR, weight=ft.FontWeight.BOLD),
        )
    links: list[ft.Control] = [
        ft.Text(tr.t("sign_off.gate"), color=OVERDUE_COLOR, weight=ft.FontWeight.BOLD)
    ]
    for index, item in enumerate(model.gate):
        links.append(
            ft.Semantics(
                identifier=f"gate-{index}",
                content=ft.TextButton(
                    f"{tr.t(f'step.{item.step.value}')} › {tr.text(item.missing.text)}",
                    on_click=on_tap(model.go, item.step),
                    style=ft.ButtonStyle(alignment=ft.Alignment.CENTER_LEFT),
                ),
            )
        )
    return ft.Semantics(identifier="gate", content=ft.Column(links, spacing=0))


def _summary(model: VisitModel, tr: Translator) -> ft.Control:
    visit, sheet = model.visit, model.sheet
    if visit is None or sheet is None:
        return ft.Container()
    blocks: list[ft.Control] = [heading(tr.t("sign_off.summary"))]
    for section in signed_summary(sheet, visit.reference, visit.reference.zone):
        blocks.append(ft.Text(tr.text(section.title), weight=ft.FontWeight.BOLD, size=14))
        blocks += [ft.Text(tr.text(line), size=13) for line in section.lines]
    return ft.Semantics(
        identifier="signed-summary",
        content=ft.Container(
            ft.Column(blocks, spacing=2),
            bgcolor=ft.Colors.GREY_100,
            padding=10,
            border_radius=6,
        ),
    )


@ft.component
def SignOffStep(model: VisitModel) -> ft.Control:
    tr = use_translator()
    pad = use_kept(lambda: pad_for(model.visit, "sign_off"))
    sheet = model.sheet
    if sheet is None:
        return ft.Container()
    can_sign = not model.gate and model.editable

    async def sign(_e: object) -> None:
        if await model.sign(pad.strokes, pad.width, pad.height):
            await pad.cleared()  # the strokes are on the sheet now

    async def clear_pad(_e: object) -> None:
        await pad.cleared()

    controls: list[ft.Control] = [_gate(model, tr), _summary(model, tr)]
    if sheet.sign_off is not None:
        controls += [
            ft.Semantics(
                identifier="signed",
                content=ft.Text(
                    tr.t("sign_off.signed", hash=sheet.sign_off.content_hash[:16] + "…"),
                    color=OK_COLOR,
                    weight=ft.FontWeight.BOLD,
                ),
            ),
            action_button(
                tr.t("sign_off.submit"), "submit", model.submit, icon=ft.Icons.SEND, primary=True
            ),
        ]
        return ft.Column(controls, spacing=8)
    problem = model.problem(S, "signature")
    controls += [
        switch_input(model, S, "functions_checked", tr.text(customer_check(sheet.outcome).confirm)),
        choice_input(
            model,
            tr,
            S,
            "rating",
            tr.t("sign_off.rating"),
            [(str(n), "★" * n) for n in range(5, 0, -1)],
        ),
        text_input(model, tr, S, "comment", tr.t("sign_off.comment"), multiline=True),
        text_input(model, tr, S, "signer_name", tr.t("sign_off.name")),
        note(tr.t("sign_off.pad")),
        SignaturePad(pad, model.editable),  # drawing is allowed; signing waits for the gate
        *([ft.Text(tr.text(problem), color=OVERDUE_COLOR)] if problem else []),
        *(
            [
                ft.Text(tr.text(p), color=OVERDUE_COLOR)
                for k, p in model.problems.get(S.value, {}).items()
                if k == "functions_checked"
            ]
        ),
        ft.Row(
            [
                ft.OutlinedButton(tr.t("sign_off.clear"), on_click=clear_pad, height=TOUCH_TARGET),
                action_button(
                    tr.t("sign_off.sign"),
                    "sign",
                    sign,
                    icon=ft.Icons.DRAW,
                    primary=True,
                    enabled=can_sign,
                ),
            ],
            wrap=True,
        ),
    ]
    return ft.Column(controls, spacing=8)
