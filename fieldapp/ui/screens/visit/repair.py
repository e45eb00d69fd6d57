"""Step 5/6, repair (维修): when it started (and stopped and restarted), the work done, parts
from the parts list (search by number or name), labour minutes, before and after photos
(downscaled). Charged work starts only once the customer agreed to the charges: until then
the start button says why and leads to the charges step."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import flet as ft

from fieldapp.application.visit_forms import (
    add_part,
    pause_repair,
    remove_part,
    search_parts,
    start_repair,
)
from fieldapp.application.visit_steps import VisitStep
from fieldapp.ui.components.event_value import typed
from fieldapp.ui.components.photo_button import PhotoButton
from fieldapp.ui.components.visit_fields import (
    action_button,
    heading,
    named_icon,
    note,
    on_tap,
    photo_status,
    switch_input,
    text_input,
)
from fieldapp.ui.i18n import Translator, use_translator
from fieldapp.ui.theme import OK_COLOR, TOUCH_TARGET, WARNING_COLOR
from fieldapp.ui.viewmodels.visit_model import VisitModel

R = VisitStep.REPAIR


def _work_times(model: VisitModel, tr: Translator) -> list[ft.Control]:
    """When the work started, stopped and restarted, and the button for what comes next:
    开始维修, 暂停维修 or 继续维修 — or, while the charges wait for the customer's agreement,
    why not, with the way to the charges step."""
    sheet, visit = model.sheet, model.visit
    if sheet is None or visit is None:
        return []
    repair = sheet.repair
    zone = visit.reference.zone
    controls: list[ft.Control] = []
    if repair.started_at is not None:
        controls.append(note(tr.t("repair.started", when=_hhmm(repair.started_at, zone)), OK_COLOR))
    for pause in repair.pauses:
        stopped = _hhmm(pause.paused_at, zone)
        if pause.resumed_at is None:
            controls.append(note(tr.t("repair.paused", when=stopped), WARNING_COLOR))
        else:
            restarted = _hhmm(pause.resumed_at, zone)
            controls.append(note(tr.t("repair.resumed", stopped=stopped, restarted=restarted)))
    if repair.under_way:
        controls.append(
            ft.Semantics(
                identifier="repair-pause",
                content=ft.OutlinedButton(
                    tr.t("repair.pause"),
                    icon=ft.Icons.PAUSE,
                    on_click=on_tap(model.run, pause_repair),
                    height=TOUCH_TARGET,
                    disabled=not model.editable,
                ),
            )
        )
        if VisitStep.CHARGES in model.steps and not model.charges_agreed:
            controls.append(note(tr.t("repair.pause_why"), WARNING_COLOR))
        return controls
    waits = model.repair_waits
    first = repair.started_at is None
    controls.append(
        action_button(
            tr.t("repair.start" if first else "repair.resume"),
            "repair-start",
            on_tap(model.run, start_repair),
            icon=ft.Icons.BUILD,
            enabled=model.editable and waits is None,
        )
    )
    if waits is not None and model.editable:
        controls += [
            ft.Semantics(
                identifier="repair-waits",
                content=ft.Text(tr.text(waits), color=WARNING_COLOR, size=13),
            ),
            action_button(
                tr.t("repair.go_charges"),
                "repair-go-charges",
                on_tap(model.go, VisitStep.CHARGES),
                icon=ft.Icons.PAYMENTS,
                primary=True,
            ),
        ]
    return controls


def _hhmm(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%H:%M")


@ft.component
def RepairStep(model: VisitModel) -> ft.Control:
    tr = use_translator()
    sheet, visit = model.sheet, model.visit
    query, set_query = ft.use_state("")
    if sheet is None or visit is None:
        return ft.Container()
    repair = sheet.repair
    controls = _work_times(model, tr)
    controls += [
        text_input(model, tr, R, "actions", tr.t("repair.actions"), multiline=True),
        text_input(
            model, tr, R, "labour_minutes", tr.t("repair.labour"), keyboard=ft.KeyboardType.NUMBER
        ),
        switch_input(model, R, "opened_unit", tr.t("repair.opened")),
        heading(tr.t("repair.parts")),
    ]
    parts = visit.reference.parts
    if not repair.parts:
        controls.append(note(tr.t("repair.no_parts")))
    for used in repair.parts:
        part = parts.part(used.part_no)
        name = f"{used.part_no} {tr.text(part.name)}" if part else used.part_no
        # Counted in the price list's unit for it (个, 块, 根), not one word for all.
        item = visit.reference.prices.item(part.price_code) if part else None
        counted = (
            f"{name} × {used.quantity} {tr.text(item.unit)}"
            if item is not None
            else tr.t("repair.part_line", name=name, n=used.quantity)
        )
        removal = tr.t("repair.part_remove", name=name)
        controls.append(
            ft.Row(
                [
                    ft.Text(counted, expand=True),
                    ft.Semantics(
                        identifier=f"part-remove-{used.part_no}",
                        content=ft.IconButton(
                            named_icon(ft.Icons.DELETE_OUTLINE, removal),
                            on_click=on_tap(model.run, remove_part, used.part_no),
                            width=TOUCH_TARGET,
                            height=TOUCH_TARGET,
                            disabled=not model.editable,
                        ),
                    ),
                ]
            )
        )
    controls.append(
        ft.Semantics(
            identifier="part-search",
            key="part-search",  # the parts listed above it come and go: still the same field
            content=ft.TextField(
                label=tr.t("repair.part_search"),
                value=query,
                on_change=lambda e: set_query(typed(e)),
                prefix_icon=ft.Icons.SEARCH,
                read_only=not model.editable,
            ),
        )
    )
    for part_no, zh, en in search_parts(visit, query)[:8]:
        controls.append(
            ft.Semantics(
                identifier=f"part-{part_no}",
                content=ft.TextButton(
                    f"+ {part_no} {en if tr.language == 'en' else zh}",
                    on_click=on_tap(model.run, add_part, part_no),
                    height=TOUCH_TARGET,
                    disabled=not model.editable,
                ),
            )
        )

    async def photo(target: str, data: bytes) -> None:
        await model.add_photo(target, data)

    controls += [
        ft.Row(
            [
                PhotoButton(
                    tr.t("repair.photo_before"),
                    "photo-before",
                    lambda data, _n: photo("before", data),
                    model.editable,
                ),
                PhotoButton(
                    tr.t("repair.photo_after"),
                    "photo-after",
                    lambda data, _n: photo("after", data),
                    model.editable,
                ),
            ],
            wrap=True,
        ),
        note(tr.t("photo.count", n=len(repair.photos))),
    ]
    controls += photo_status(model, tr, "before", "after")
    return ft.Column(controls, spacing=6)
