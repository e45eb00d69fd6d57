"""Units at the service centre (返修机): promise date and days left, the state moved on, the
customer told it is ready."""

from __future__ import annotations

import flet as ft

from fieldapp.office.client import OfficeClient
from fieldapp.office.sheet_view import show_day
from fieldapp.protocol.centre_units import CentreUnitPublic
from fieldapp.ui.hooks import use_model
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.office.components.widgets import action, do, error_line, keyed, muted
from fieldapp.ui.office.viewmodels.desk_models import UnitsModel
from fieldapp.ui.theme import OK_COLOR, OVERDUE_COLOR, PAD


@ft.component
def UnitRow(unit: CentreUnitPublic, model: UnitsModel) -> ft.Control:
    tr = use_translator()
    if unit.days_left is None:
        promise = tr.t("units.no_promise")
        color = None
    elif unit.late:
        promise = tr.t("units.late", day=show_day(unit.promised_by), n=-unit.days_left)
        color = OVERDUE_COLOR
    else:
        promise = tr.t("units.days_left", day=show_day(unit.promised_by), n=unit.days_left)
        color = None
    buttons: list[ft.Control] = [
        action(
            tr.t(f"units.to.{state}"),
            do(model.move, unit.id, state),
            f"unit-{unit.id}-{state}",
            filled=False,
            disabled=model.busy,
        )
        for state in (unit.next_states if model.can_write else ())
    ]
    if unit.state == "ready" and not unit.customer_notified and model.can_write:
        buttons.append(
            action(
                tr.t("units.notify"),
                do(model.notified, unit.id),
                f"unit-{unit.id}-notified",
                filled=False,
                disabled=model.busy,
            )
        )
    elif unit.customer_notified:
        buttons.append(ft.Text(tr.t("units.notified"), color=OK_COLOR))
    loaner = tr.t("units.loaner", serial=unit.loaner_serial) if unit.loaner_serial else ""
    return ft.Semantics(
        identifier=f"unit-{unit.ticket_no}",
        content=ft.Container(
            ft.Column(
                [
                    ft.Row(
                        [
                            ft.Text(unit.ticket_no, weight=ft.FontWeight.BOLD),
                            ft.Text(f"{unit.customer_name} · {unit.customer_phone}"),
                            ft.Text(f"{unit.model} {unit.serial}"),
                            ft.Text(tr.text(unit.state_name), weight=ft.FontWeight.BOLD),
                            ft.Text(promise, color=color),
                        ],
                        wrap=True,
                    ),
                    muted(f"{unit.reason} {loaner}"),
                    ft.Row(buttons, wrap=True),
                ],
                spacing=4,
            ),
            padding=PAD,
            border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
        ),
    )


@ft.component
def UnitsScreen(client: OfficeClient, can_write: bool) -> ft.Control:
    tr = use_translator()
    model = use_model(lambda: UnitsModel(client=client, can_write=can_write))
    ft.use_effect(lambda: ft.context.page.run_task(model.load), [])
    controls: list[ft.Control] = []
    if model.error is not None:
        controls.append(error_line(tr.text(model.error)))
    controls += [keyed(f"unit-{u.id}", UnitRow(u, model)) for u in model.units]
    if not model.units and not model.loading:
        controls.append(muted(tr.t("units.none"), 16))
    return ft.Column(controls, expand=True, spacing=6, scroll=ft.ScrollMode.AUTO)
