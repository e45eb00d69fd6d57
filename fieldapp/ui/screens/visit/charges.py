"""Step 5 when charged, charges (收费): lines from the price list only, the total, and the
customer's agreement recorded before the work (不准随意乱收费). A free repair has none.

A charge that arises once the work is under way is agreed while it is stopped: the step
then offers 暂停维修 first, and 继续维修 once the customer agreed."""

from __future__ import annotations

from typing import Any

import flet as ft

from fieldapp.application.visit_forms import (
    add_charge,
    agree_charges,
    charge_offers,
    other_models_of_charge,
    pause_repair,
    remove_charge,
    set_charge_quantity,
    start_repair,
    unit_model,
)
from fieldapp.domain.display import yuan
from fieldapp.domain.job_sheet import ChargeLine
from fieldapp.ui.components.visit_fields import action_button, heading, named_icon, note, on_tap
from fieldapp.ui.components.warranty_banner import warranty_banner
from fieldapp.ui.i18n import Translator, use_translator
from fieldapp.ui.theme import OK_COLOR, TOUCH_TARGET, WARNING_COLOR
from fieldapp.ui.viewmodels.visit_model import VisitModel


@ft.component
def ChargesStep(model: VisitModel) -> ft.Control:
    tr = use_translator()
    sheet, visit = model.sheet, model.visit
    if sheet is None or visit is None:
        return ft.Container()
    controls: list[ft.Control] = [warranty_banner(model.verdict, tr)]
    if not model.charged and not sheet.charges.lines:
        return ft.Column([*controls, note(tr.t("charges.free"), OK_COLOR)], spacing=6)
    controls.append(heading(tr.t("charges.title")))
    controls += [_charge_line(model, tr, line) for line in sheet.charges.lines]
    controls.append(
        ft.Semantics(
            identifier="charges-total",
            content=ft.Text(
                tr.t("charges.total", total=yuan(sheet.charges.total_fen)),
                weight=ft.FontWeight.BOLD,
                size=16,
            ),
        )
    )
    controls.append(note(tr.t("charges.add")))
    controls += _offers(model, tr)
    controls += _agreement(model, tr)
    return ft.Column(controls, spacing=4)


def _charge_line(model: VisitModel, tr: Translator, line: ChargeLine) -> ft.Control:
    """One line: the item, its price per unit of the price list (次, 30分钟, 个), how many
    (− / +), the amount; a line of another model than the unit's says so."""
    visit = model.visit
    assert visit is not None
    item = visit.reference.prices.item(line.code)
    name = tr.text(item.name) if item else line.code
    price = yuan(line.unit_price_fen)
    per_unit = f"{price}/{tr.text(item.unit)}" if item else price
    code, n = line.code, line.quantity

    def button(icon: ft.IconData, label: str, identifier: str, action: Any) -> ft.Control:
        return ft.Semantics(
            identifier=identifier,
            content=ft.IconButton(
                named_icon(icon, label),
                on_click=action,
                disabled=not model.editable,
                width=TOUCH_TARGET,
                height=TOUCH_TARGET,
            ),
        )

    rows: list[ft.Control] = [
        ft.Row(
            [
                ft.Text(name, expand=True, weight=ft.FontWeight.W_500),
                button(
                    ft.Icons.DELETE_OUTLINE,
                    tr.t("charges.remove", name=name),
                    f"charge-remove-{code}",
                    on_tap(model.run, remove_charge, code),
                ),
            ]
        ),
        ft.Row(
            [
                ft.Text(per_unit),
                button(
                    ft.Icons.REMOVE,
                    tr.t("charges.less", name=name),
                    f"charge-less-{code}",
                    on_tap(model.run, set_charge_quantity, code, n - 1),
                ),
                ft.Text(f"× {n}", weight=ft.FontWeight.BOLD),
                button(
                    ft.Icons.ADD,
                    tr.t("charges.more", name=name),
                    f"charge-more-{code}",
                    on_tap(model.run, set_charge_quantity, code, n + 1),
                ),
                ft.Text(f"= {yuan(line.amount_fen)}", expand=True, text_align=ft.TextAlign.END),
            ],
            spacing=0,
        ),
    ]
    others = other_models_of_charge(visit, code)
    if others:
        words = tr.t("charges.other_model", models=", ".join(others), model=unit_model(visit))
        rows.append(note(words, WARNING_COLOR))
    return ft.Semantics(
        identifier=f"charge-line-{code}",
        key=f"charge-line-{code}",
        content=ft.Column(rows, spacing=0),
    )


def _offers(model: VisitModel, tr: Translator) -> list[ft.Control]:
    """What can be added, from the price list only: this unit's model (and any model's)
    first; other models' parts last, under a heading, each saying whose it is."""
    visit, sheet = model.visit, model.sheet
    if visit is None or sheet is None:
        return []
    prices = visit.reference.prices
    chosen = {line.code for line in sheet.charges.lines}
    controls: list[ft.Control] = []
    heading_shown = False
    for code in charge_offers(visit):
        item = prices.item(code)
        if code in chosen or item is None:
            continue
        price = f"{yuan(item.unit_price_fen)}/{tr.text(item.unit)}"
        words = f"+ {tr.text(item.name)}  {price}"
        others = other_models_of_charge(visit, code)
        if others:
            if not heading_shown:
                controls.append(note(tr.t("charges.other_models", model=unit_model(visit))))
                heading_shown = True
            words = tr.t("charges.offer_other", offer=words, models=", ".join(others))
        controls.append(
            ft.Semantics(
                identifier=f"charge-{code}",
                content=ft.TextButton(
                    words,
                    on_click=on_tap(model.run, add_charge, code),
                    disabled=not model.editable,
                    height=TOUCH_TARGET,
                    style=ft.ButtonStyle(alignment=ft.Alignment.CENTER_LEFT),
                ),
            )
        )
    return controls


def _agreement(model: VisitModel, tr: Translator) -> list[ft.Control]:
    """The customer's agreement: given (when), or the button — or, while the work is going
    on, why not yet with the button that stops it; once agreed during a stop, the button
    that restarts the work."""
    sheet, visit = model.sheet, model.visit
    if sheet is None or visit is None:
        return []
    zone = visit.reference.zone
    agreed = sheet.charges.customer_agreed_at
    if agreed is not None and model.charges_agreed:
        when = agreed.astimezone(zone).strftime("%H:%M")
        controls: list[ft.Control] = [note(tr.t("charges.agreed", when=when), OK_COLOR)]
        if sheet.repair.paused and model.repair_waits is None and model.editable:
            controls.append(
                action_button(
                    tr.t("repair.resume"),
                    "charges-resume-repair",
                    on_tap(model.run, start_repair),
                    icon=ft.Icons.BUILD,
                    primary=True,
                )
            )
        return controls
    controls = []
    if agreed is not None:  # given while the work was going on: asked for again
        when = agreed.astimezone(zone).strftime("%H:%M")
        controls.append(note(tr.t("charges.agreed_during_work", when=when), WARNING_COLOR))
    waits = model.agreement_waits
    if waits is not None and sheet.charges.lines and model.editable:
        controls += [
            ft.Semantics(
                identifier="charges-waits",
                content=ft.Text(tr.text(waits), color=WARNING_COLOR, size=13),
            ),
            ft.Semantics(
                identifier="charges-pause-repair",
                content=ft.OutlinedButton(
                    tr.t("repair.pause"),
                    icon=ft.Icons.PAUSE,
                    on_click=on_tap(model.run, pause_repair),
                    height=TOUCH_TARGET,
                ),
            ),
        ]
    controls.append(
        action_button(
            tr.t("charges.agree"),
            "charges-agree",
            on_tap(model.run, agree_charges),
            icon=ft.Icons.HANDSHAKE,
            primary=True,
            enabled=model.editable and waits is None,
        )
    )
    return controls
