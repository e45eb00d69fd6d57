"""The phrase card (服务用语卡), one tap from every step.

The standard phrases for the current step come first, then the others; the forbidden
phrases (忌语) are always listed. The phrases are reference data the company edits.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from fieldapp.application.visit_steps import VisitStep
from fieldapp.domain.reference import Phrase, PhraseCard
from fieldapp.ui.components.check_line import check_line
from fieldapp.ui.i18n import Translator
from fieldapp.ui.theme import MUTED_COLOR, OVERDUE_COLOR

# Which phrases belong to which step (by the phrase card's ids).
STEP_PHRASES: dict[VisitStep, tuple[str, ...]] = {
    VisitStep.ARRIVAL: ("greeting",),
    VisitStep.ETIQUETTE: ("greeting", "decline_offer"),
    VisitStep.PRODUCT: ("move_item",),
    VisitStep.DIAGNOSIS: ("move_item", "decline_offer"),
    VisitStep.CHARGES: ("move_item",),
    VisitStep.REPAIR: ("move_item", "decline_offer"),
    VisitStep.OUTCOME: ("another_visit", "return_to_centre"),
    VisitStep.DEPARTURE: ("farewell",),
    VisitStep.SIGN_OFF: ("ask_to_check",),
    VisitStep.SUBMITTED: ("farewell",),
}


def phrases_for(card: PhraseCard, step: VisitStep) -> tuple[list[Phrase], list[Phrase]]:
    """(the step's phrases, the others), each in the card's order."""
    wanted = STEP_PHRASES.get(step, ())
    first = [p for p in card.phrases if p.id in wanted]
    rest = [p for p in card.phrases if p.id not in wanted]
    return first, rest


def phrase_text(phrase: Phrase, tr: Translator) -> ft.Control:
    return ft.Column(
        [
            ft.Text(tr.text(phrase.situation), size=12, color=MUTED_COLOR),
            ft.Text(tr.text(phrase.phrase), size=15, selectable=True),
        ],
        spacing=0,
    )


def phrase_card(
    card: PhraseCard, step: VisitStep, tr: Translator, on_close: Callable[..., object]
) -> ft.Control:
    """The card as a panel over the step."""
    first, rest = phrases_for(card, step)
    return ft.Semantics(
        identifier="phrase-card",
        content=ft.Container(
            content=ft.Column(
                [
                    ft.Row(
                        [
                            ft.Text(
                                tr.t("phrases.title"),
                                size=18,
                                weight=ft.FontWeight.BOLD,
                                expand=True,
                            ),
                            ft.TextButton(tr.t("phrases.close"), on_click=on_close),
                        ]
                    ),
                    ft.Text(tr.t("phrases.this_step"), weight=ft.FontWeight.BOLD),
                    *[phrase_text(p, tr) for p in first],
                    ft.Text(
                        tr.t("phrases.forbidden"), weight=ft.FontWeight.BOLD, color=OVERDUE_COLOR
                    ),
                    *[check_line(tr.text(f), size=14, icon=ft.Icons.BLOCK) for f in card.forbidden],
                    ft.Text(tr.t("phrases.others"), weight=ft.FontWeight.BOLD),
                    *[phrase_text(p, tr) for p in rest],
                ],
                spacing=6,
                scroll=ft.ScrollMode.AUTO,
            ),
            bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST,
            padding=12,
            border_radius=8,
            expand=True,
        ),
    )
