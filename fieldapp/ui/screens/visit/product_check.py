"""Step 3, product verification (核对品牌机型、登记机身编号、核对购机日期) and the verdict.

The serial is checked as it is typed (scheme, check character, model, month) and a typo
is said on the spot; the warranty verdict with its reasons follows at once, offline; a
serial or model that differs from the registered one is said plainly (and recorded on the
sheet with the registered serial).
"""

from __future__ import annotations

from datetime import date, datetime

import flet as ft

from fieldapp.application.visit_steps import VisitStep
from fieldapp.domain.serial import normalise_serial
from fieldapp.domain.serial_check import check_serial, month_label
from fieldapp.ui.components.check_line import check_line
from fieldapp.ui.components.photo_button import PhotoButton
from fieldapp.ui.components.visit_fields import (
    choice_input,
    heading,
    note,
    photo_status,
    switch_input,
    text_input,
)
from fieldapp.ui.components.warranty_banner import warranty_banner
from fieldapp.ui.i18n import Translator, use_translator
from fieldapp.ui.theme import TOUCH_TARGET, WARNING_COLOR
from fieldapp.ui.viewmodels.visit_model import VisitModel

P = VisitStep.PRODUCT


def _serial_check(model: VisitModel, tr: Translator) -> ft.Control:
    """What the serial as typed says, in a place of its own under the field (hidden while
    it says nothing): lines appearing with the first key must not move the fields below."""
    lines = _serial_lines(model, tr)
    return ft.Semantics(
        identifier="serial-check", content=ft.Column(lines, spacing=2), visible=bool(lines)
    )


def _serial_lines(model: VisitModel, tr: Translator) -> list[ft.Control]:
    visit = model.visit
    if visit is None:
        return []
    typed = str(model.value(P, "serial_read", ""))
    if not typed.strip():
        return []
    lines: list[ft.Control] = [check_line(tr.text(r.text)) for r in model.serial_findings]
    found = check_serial(typed, visit.reference.catalogue)
    if not model.serial_findings and found.model is not None and found.manufactured:
        lines.append(
            check_line(
                tr.t(
                    "product.serial_ok",
                    model=found.model.code,
                    month=month_label(found.manufactured),
                ),
                ok=True,
            )
        )
    registered = visit.order.product.serial
    if registered and normalise_serial(typed) != normalise_serial(registered) and found.ok:
        lines.append(
            ft.Text(
                tr.t("product.serial_differs", read=normalise_serial(typed), registered=registered),
                color=WARNING_COLOR,
                size=13,
            )
        )
    chosen = str(model.value(P, "model", ""))
    if chosen and chosen != visit.order.product.model:
        lines.append(
            ft.Text(
                tr.t("product.model_differs", found=chosen, registered=visit.order.product.model),
                color=WARNING_COLOR,
                size=13,
            )
        )
    return lines


def _repaired_item(model: VisitModel, tr: Translator) -> list[ft.Control]:
    """整机 or 附件 (their warranty periods differ), and which accessory of the model."""
    visit = model.visit
    if visit is None:
        return []
    catalogue = visit.reference.catalogue

    async def item_chosen(item: str) -> None:
        # An accessory named for a whole-unit repair would be recorded for nothing.
        kept = model.value(P, "accessory_code", "") if item == "accessory" else ""
        await model.edit_many(P, {"item": item, "accessory_code": kept})

    items = [(key, tr.t(f"product.item.{key}")) for key in ("unit", "accessory")]
    controls = [
        choice_input(model, tr, P, "item", tr.t("product.item"), items, on_chosen=item_chosen)
    ]
    if model.value(P, "item", "unit") == "accessory":
        unit = catalogue.model(str(model.value(P, "model", "")))
        accessories = (
            [a for a in (catalogue.accessory(c) for c in unit.accessories) if a] if unit else []
        )
        options = [(a.code, tr.text(a.name)) for a in accessories]
        controls.append(
            choice_input(model, tr, P, "accessory_code", tr.t("product.accessory"), options)
        )
    # A rule tying two fields together (an accessory repair names its accessory; an invoice
    # has its date) is the form's, not one field's.
    whole = model.problem(P, "")
    if whole is not None:
        controls.append(check_line(tr.text(whole)))
    return controls


def _brand(model: VisitModel, tr: Translator) -> str:
    """The brand as kept on the sheet (明辉), said as the catalogue names it in the chosen
    language (Minghui in English)."""
    written = str(model.value(P, "brand", ""))
    visit = model.visit
    brand = visit.reference.catalogue.brand_named(written) if visit is not None else None
    return tr.text(brand.name) if brand is not None else written


def _date_button(model: VisitModel, tr: Translator) -> ft.Control:
    async def picked(e: ft.Event[ft.DatePicker]) -> None:
        value = e.control.value
        if isinstance(value, datetime):
            # DatePicker answers midnight UTC: the calendar day is what was picked.
            await model.set_from_elsewhere(P, "purchase_date", value.date().isoformat())

    def open_picker(_e: object) -> None:
        ft.context.page.show_dialog(
            ft.DatePicker(
                first_date=datetime(2015, 1, 1),
                last_date=datetime.combine(date.today(), datetime.min.time()),
                on_change=picked,
            )
        )

    return ft.IconButton(
        ft.Icons.CALENDAR_MONTH,
        tooltip=tr.t("product.pick_date"),
        on_click=open_picker,
        width=TOUCH_TARGET,
        height=TOUCH_TARGET,
        disabled=not model.editable,
    )


@ft.component
def ProductCheckStep(model: VisitModel) -> ft.Control:
    tr = use_translator()
    visit = model.visit
    if visit is None:
        return ft.Container()
    catalogue = visit.reference.catalogue
    order = visit.order

    async def model_chosen(code: str) -> None:
        from fieldapp.application.visit_forms import brand_of_model

        await model.edit_many(P, {"model": code, "brand": brand_of_model(visit, code)})

    async def photo(target: str, data: bytes) -> None:
        await model.add_photo(target, data)

    evidence_options = [
        (key, tr.t(f"product.evidence.{key}")) for key in ("invoice", "warranty_card", "none")
    ]
    controls: list[ft.Control] = [
        note(
            tr.t(
                "product.registered", model=order.product.model, serial=order.product.serial or "—"
            )
        ),
        choice_input(
            model,
            tr,
            P,
            "model",
            tr.t("product.model"),
            [(m.code, f"{m.code} · {tr.text(m.name)}") for m in catalogue.models],
            on_chosen=model_chosen,
        ),
        note(tr.t("product.brand", brand=_brand(model, tr))),
        text_input(model, tr, P, "serial_read", tr.t("product.serial")),
        _serial_check(model, tr),
        switch_input(model, P, "serial_altered", tr.t("product.serial_altered")),
        PhotoButton(
            tr.t("product.nameplate_photo"),
            "photo-nameplate",
            lambda data, _name: photo("nameplate", data),
            model.editable,
        ),
        ft.Row(
            [
                ft.Container(
                    text_input(model, tr, P, "purchase_date", tr.t("product.purchase_date")),
                    expand=True,
                ),
                _date_button(model, tr),
            ]
        ),
        choice_input(model, tr, P, "purchase_evidence", tr.t("product.evidence"), evidence_options),
        PhotoButton(
            tr.t("product.evidence_photo"),
            "photo-evidence",
            lambda data, _name: photo("evidence", data),
            model.editable,
        ),
        switch_input(model, P, "clearance_sale", tr.t("product.clearance")),
        note(tr.t("photo.count", n=len(model.value(P, "evidence_photos", []) or []))),
    ]
    controls += photo_status(model, tr, "evidence", "nameplate")
    # Right above the verdict it changes (an accessory's warranty is shorter).
    controls += _repaired_item(model, tr)
    controls += [heading(tr.t("warranty.title")), warranty_banner(model.verdict, tr)]
    if model.replacement is not None:
        color = WARNING_COLOR if model.replacement.eligible else None
        controls.append(
            ft.Semantics(
                identifier="replacement",
                content=ft.Column(
                    [
                        ft.Text(tr.t("product.replacement"), weight=ft.FontWeight.BOLD),
                        *[
                            ft.Text(f"· {tr.text(r.text)}", size=13, color=color)
                            for r in model.replacement.reasons
                        ],
                    ],
                    spacing=2,
                ),
            )
        )
    return ft.Column(controls, spacing=6)
