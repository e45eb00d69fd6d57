"""The loaner handover (备用机交接): serial typed and checked, accessories ticked,
condition notes and a photo, the due date, and the customer's signature for it."""

from __future__ import annotations

from typing import Any

import flet as ft

from fieldapp.application.visit_steps import VisitStep
from fieldapp.domain.serial_check import check_serial
from fieldapp.domain.text import Text
from fieldapp.domain.validation import FieldProblem
from fieldapp.ui.components.check_line import check_line
from fieldapp.ui.components.event_value import ticked as was_ticked
from fieldapp.ui.components.photo_button import PhotoButton
from fieldapp.ui.components.signature_pad import SignaturePad
from fieldapp.ui.components.visit_fields import (
    BoundTextField,
    action_button,
    heading,
    note,
    on_tap,
    photo_status,
)
from fieldapp.ui.hooks import use_kept
from fieldapp.ui.i18n import EN, ZH, translate, use_translator
from fieldapp.ui.theme import OK_COLOR, TOUCH_TARGET
from fieldapp.ui.viewmodels.visit_model import VisitModel
from fieldapp.ui.viewmodels.visit_signature_model import pad_for

OUT = VisitStep.OUTCOME
# The fields typed into, which show their own message under them.
_TYPED = {"loaner_serial", "condition_notes", "due_date"}


def _key(problem: FieldProblem) -> str:
    return problem.path.split(".")[0]


def _message(problem: FieldProblem) -> Text:
    """The domain's message; named by its field when no text field shows it."""
    if _key(problem) in _TYPED:
        return problem.message
    field, words = problem.field, problem.message
    return Text(
        zh=translate("field.problem", ZH, field=field.zh, message=words.zh),
        en=translate("field.problem", EN, field=field.en, message=words.en),
    )


@ft.component
def LoanerHandoverForm(model: VisitModel) -> ft.Control:
    tr = use_translator()
    visit, sheet = model.visit, model.sheet
    # Each finished stroke kept on the device, as on the sign-off pad: a killed app shows
    # the customer's receipt signature as they left it.
    pad = use_kept(lambda: pad_for(model.visit, "loaner", width=320, height=140))
    if visit is None or sheet is None:
        return ft.Container()
    values: dict[str, Any] = dict(model.value(OUT, "loaner", {}) or {})
    if "due_date" not in values:
        from fieldapp.application.visit_forms import promise_date

        due = promise_date(visit)
        values["due_date"] = due.isoformat() if due else ""

    async def set_value(name: str, value: Any) -> None:
        await model.edit(OUT, "loaner", {**values, name: value})

    serial = str(values.get("loaner_serial", ""))
    found = check_serial(serial, visit.reference.catalogue) if serial.strip() else None
    accessories = found.model.accessories if found and found.model else []
    ticked = set(values.get("accessories") or [])

    async def save(_e: object) -> None:
        data = {**values, "loaner_model": found.model.code if found and found.model else ""}
        found_problems = await model.hand_over_loaner(data, pad.strokes, pad.width, pad.height)
        model.problems = {
            **model.problems,
            "loaner": {_key(p): _message(p) for p in found_problems},
        }

    async def clear_pad(_e: object) -> None:
        await pad.cleared()

    problems = model.problems.get("loaner", {})
    suggested_due = model.suggestions.get(OUT.value, {}).get("promised_by")

    def field(name: str, label: str) -> ft.Control:
        problem = problems.get(name)
        identifier = f"loaner-{name}"

        async def typed(value: str) -> None:
            model.typing_into(identifier)  # a serial: judged once complete or left
            await set_value(name, value)

        async def left() -> None:
            await model.left(identifier)

        return BoundTextField(
            identifier,
            label,
            str(values.get(name, "")),
            typed,
            tr.text(problem) if problem else None,
            read_only=not model.editable,
            # A unit picked from the pool remounts the serial field with it.
            key=f"{identifier}-{model.remounts.get(identifier, 0)}",
            # The due date the app proposes (the centre's promise date): typing replaces it.
            select_on_focus=name == "due_date" and values.get(name) == suggested_due,
            on_left=left,
        )

    async def pick(serial: str) -> None:
        model.remounts = {
            **model.remounts,
            "loaner-loaner_serial": model.remounts.get("loaner-loaner_serial", 0) + 1,
        }
        await set_value("loaner_serial", serial)

    controls: list[ft.Control] = [heading(tr.t("loaner.title"))]
    pool = model.loaners
    if pool is not None and pool.units and pool.fetched_at is not None and model.editable:
        when = pool.fetched_at.astimezone(visit.reference.zone).strftime("%m-%d %H:%M")
        controls.append(note(tr.t("loaner.pool", when=when)))
        controls += [
            ft.Semantics(
                identifier=f"loaner-pick-{unit_serial}",
                content=ft.TextButton(
                    f"{unit_serial} · {unit_model}",
                    icon=ft.Icons.DEVICES_OTHER,
                    on_click=on_tap(pick, unit_serial),
                    height=TOUCH_TARGET,
                ),
            )
            for unit_serial, unit_model in pool.units
        ]
    controls.append(field("loaner_serial", tr.t("loaner.serial")))
    if found is not None and model.judged("loaner-loaner_serial", serial):
        controls += [check_line(tr.text(r.text)) for r in found.problems]
    if accessories:
        controls.append(note(tr.t("loaner.accessories")))
    for code in accessories:
        accessory = visit.reference.catalogue.accessory(code)
        name = tr.text(accessory.name) if accessory else code

        async def toggled(e: ft.Event[ft.Checkbox], c: str = code) -> None:
            chosen = (ticked | {c}) if was_ticked(e) else (ticked - {c})
            await set_value("accessories", sorted(chosen))

        controls.append(
            ft.Checkbox(label=name, value=code in ticked, on_change=toggled, height=TOUCH_TARGET)
        )
    controls += [
        field("condition_notes", tr.t("loaner.condition")),
        field("due_date", tr.t("loaner.due")),
        PhotoButton(
            tr.t("loaner.photo"),
            "photo-loaner",
            lambda data, _n: model.add_photo("loaner", data),
            model.editable,
        ),
        note(tr.t("photo.count", n=len(values.get("photos") or []))),
        *photo_status(model, tr, "loaner"),
        note(tr.t("loaner.sign")),
        SignaturePad(pad, model.editable),
        ft.Row(
            [
                ft.OutlinedButton(tr.t("sign_off.clear"), on_click=clear_pad, height=TOUCH_TARGET),
                action_button(
                    tr.t("loaner.save"), "loaner-save", save, primary=True, enabled=model.editable
                ),
            ],
            wrap=True,
        ),
    ]
    # What no text field shows: a due date before the handover, a missing signature.
    controls += [check_line(tr.text(m)) for k, m in problems.items() if k not in _TYPED]
    if sheet.loaner is not None:
        # Under the save button, where the technician looks after tapping it.
        controls.append(
            ft.Semantics(
                identifier="loaner-saved",
                content=note(
                    tr.t(
                        "loaner.saved",
                        serial=sheet.loaner.loaner_serial,
                        due=sheet.loaner.due_date.isoformat(),
                    ),
                    OK_COLOR,
                ),
            )
        )
    return ft.Column(controls, spacing=6)
