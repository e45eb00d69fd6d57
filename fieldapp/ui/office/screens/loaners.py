"""Loaners (备用机): the pool per service centre, which are out, due and overdue (days
overdue), and a return recorded with the unit's condition and photos."""

from __future__ import annotations

import flet as ft

from fieldapp.office.client import OfficeClient
from fieldapp.office.loaners import CONDITION_LIMIT
from fieldapp.protocol.loaners import LoanerPublic
from fieldapp.ui.components.photo_button import PhotoButton
from fieldapp.ui.hooks import use_model
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.office.components.widgets import (
    action,
    card,
    error_line,
    field,
    heading,
    keyed,
    muted,
    ok_line,
)
from fieldapp.ui.office.viewmodels.desk_models import LoanersModel
from fieldapp.ui.theme import OK_COLOR, OVERDUE_COLOR, PAD, WARNING_COLOR


@ft.component
def ReturnForm(model: LoanersModel) -> ft.Control:
    tr = use_translator()
    controls: list[ft.Control] = [
        heading(tr.t("loaners.return_title", serial=model.returning or ""), 16),
        field(
            tr.t("loaners.condition"),
            model.condition,
            model.set_condition,
            "loaner-condition",
            message=tr.text(model.problems.get("condition")),
            multiline=True,
            max_length=CONDITION_LIMIT,
        ),
        ft.Row(
            [
                PhotoButton(tr.t("loaners.add_photo"), "loaner-photo", model.add_photo),
                muted(tr.t("loaners.photos", n=len(model.photos))),
            ]
        ),
    ]
    if model.error is not None:
        controls.append(error_line(tr.text(model.error)))
    controls.append(
        ft.Row(
            [
                action(
                    tr.t("loaners.record_return"),
                    model.record_return,
                    "loaner-return-save",
                    icon=ft.Icons.ASSIGNMENT_RETURN,
                    disabled=model.busy,
                ),
                action(
                    tr.t("common.cancel"),
                    lambda: model.start_return(None),
                    "loaner-return-cancel",
                    filled=False,
                ),
            ]
        )
    )
    return card(controls, "loaner-return")


@ft.component
def LoanerRow(unit: LoanerPublic, model: LoanersModel) -> ft.Control:
    tr = use_translator()
    loan = unit.current_loan
    button: ft.Control = ft.Container()
    if unit.status != "lent" or loan is None:
        state = ft.Text(tr.t("loaners.available"), color=OK_COLOR)
        details = muted(unit.notes)
    else:
        if loan.overdue_days > 0:
            state = ft.Text(
                tr.t("loaners.overdue", n=loan.overdue_days),
                color=OVERDUE_COLOR,
                weight=ft.FontWeight.BOLD,
            )
        else:
            state = ft.Text(tr.t("loaners.due", day=loan.due_date.isoformat()), color=WARNING_COLOR)
        details = muted(
            tr.t("loaners.with", name=loan.customer_name, ticket=loan.ticket_no)
            + (f" · {loan.condition_out}" if loan.condition_out else "")
        )
        if model.can_write:
            button = action(
                tr.t("loaners.came_back"),
                lambda: model.start_return(unit.serial),
                f"loaner-back-{unit.serial}",
                filled=False,
            )
    return ft.Semantics(
        identifier=f"loaner-{unit.serial}",
        content=ft.Container(
            ft.Row(
                [
                    ft.Column(
                        [
                            ft.Row(
                                [
                                    ft.Text(unit.serial, weight=ft.FontWeight.BOLD),
                                    ft.Text(unit.model),
                                    state,
                                ],
                                wrap=True,
                            ),
                            details,
                        ],
                        spacing=2,
                        expand=True,
                    ),
                    button,
                ]
            ),
            padding=PAD,
            border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
        ),
    )


@ft.component
def LoanersScreen(client: OfficeClient, can_write: bool) -> ft.Control:
    tr = use_translator()
    model = use_model(lambda: LoanersModel(client=client, can_write=can_write))
    ft.use_effect(lambda: ft.context.page.run_task(model.load), [])
    controls: list[ft.Control] = []
    if model.done is not None:
        controls.append(ok_line(tr.text(model.done)))
    if model.returning is not None:
        controls.append(ReturnForm(model))
    elif model.error is not None:
        controls.append(error_line(tr.text(model.error)))
    for centre, units in model.groups.items():
        lent = sum(1 for u in units if u.status == "lent")
        overdue = sum(1 for u in units if u.overdue_days > 0)
        controls.append(
            heading(
                tr.t(
                    "loaners.centre", centre=centre or "—", n=len(units), lent=lent, overdue=overdue
                ),
                16,
            )
        )
        controls += [keyed(u.serial, LoanerRow(u, model)) for u in units]
    if not model.groups and not model.loading:
        controls.append(muted(tr.t("loaners.none"), 16))
    return ft.Column(controls, expand=True, spacing=6, scroll=ft.ScrollMode.AUTO)
