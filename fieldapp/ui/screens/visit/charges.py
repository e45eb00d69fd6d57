"""Step 5 when charged, charges (收费): lines from the price list only, the total, and the
customer's agreement recorded before the work (不准随意乱收费). A free repair has none.

A charge that arises once the work is under way is agreed while it is stopped: the step
then offers 暂停维修 first, and 继续维修 once the customer agreed."""

from __future__ import annotations

import flet as ft

from fieldapp.application.visit_forms import (
    add_charge,
    agree_charges,
    charge_suggestions,
    pause_repair,
    remove_charge,
    start_repair,
)
from fieldapp.domain.display import yuan
from fieldapp.ui.components.visit_fields import action_button, heading, note, on_tap
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
    prices = visit.reference.prices
    controls: list[ft.Control] = [warranty_banner(model.verdict, tr)]
    if not model.charged and not sheet.charges.lines:
        return ft.Column([*controls, note(tr.t("charges.free"), OK_COLOR)], spacing=6)
    controls.append(heading(tr.t("charges.title")))
    for line in sheet.charges.lines:
        item = prices.item(line.code)
        name = tr.text(item.name) if item else line.code
        controls.append(
            ft.Row(
                [
                    ft.Text(
                        tr.t(
                            "charges.line", name=name, n=line.quantity, amount=yuan(line.amount_fen)
                        ),
                        expand=True,
                    ),
                    ft.IconButton(
                        ft.Icons.DELETE_OUTLINE,
                        tooltip=tr.t("repair.part_remove"),
                        on_click=on_tap(model.run, remove_charge, line.code),
                        disabled=not model.editable,
                        width=TOUCH_TARGET,
                        height=TOUCH_TARGET,
                    ),
                ]
            )
        )
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
    chosen = {line.code for line in sheet.charges.lines}
    for code in charge_suggestions(visit) + [i.code for i in prices.items]:
        if code in chosen:
            continue
        chosen.add(code)
        item = prices.item(code)
        if item is None:
            continue
        controls.append(
            ft.Semantics(
                identifier=f"charge-{code}",
                content=ft.TextButton(
                    f"+ {tr.text(item.name)}  {yuan(item.unit_price_fen)}",
                    on_click=on_tap(model.run, add_charge, code),
                    disabled=not model.editable,
                    height=TOUCH_TARGET,
                ),
            )
        )
    controls += _agreement(model, tr)
    return ft.Column(controls, spacing=4)


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
