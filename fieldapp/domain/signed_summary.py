"""What the customer signs, in words: the signed content as readable lines.

The customer's signature covers :func:`fieldapp.domain.signing.signed_content` — the
visit, the product check, the diagnosis, the repair with its parts, the charges, the
outcome and the loaner handover. :func:`signed_summary` says all of that in sentences,
section by section, in Chinese and English, so the sign-off screen can show the customer
exactly what they are about to sign and the PDF can print it. Nothing outside the signed
content is in it (the customer's own details and the warranty verdict are shown
separately), and every part of the signed content is (``SUMMARISED_PARTS``; a test keeps
the two in step).

Field names come from the models' own labels, so a line reads like the form it was filled
in; codes are turned into the names in the reference data.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from fieldapp.domain.display import (
    CAUSE_NAMES,
    COMPLEXITY_NAMES,
    EVIDENCE_NAMES,
    ITEM_NAMES,
    day,
    local_time,
    yes_no,
    yuan,
)
from fieldapp.domain.job_sheet import (
    AnotherVisit,
    Arrival,
    ChargeLine,
    Charges,
    ChecklistTick,
    Diagnosis,
    Etiquette,
    JobSheet,
    LoanerHandover,
    PartUsed,
    ProductCheck,
    Repair,
    RepairPause,
    ReturnToCentre,
)
from fieldapp.domain.reference import ReferenceData
from fieldapp.domain.text import Text, text
from fieldapp.domain.validation import LABEL_ZH

# The top-level parts of the signed content this summary shows, in visit order.
SUMMARISED_PARTS = (
    "ticket_no",
    "sheet_id",
    "technician_id",
    "created_at",
    "arrival",
    "etiquette",
    "product_check",
    "diagnosis",
    "repair",
    "charges",
    "outcome",
    "loaner",
)


class SummarySection(BaseModel):
    """One part of what is signed: its title and its lines (``part`` names the sheet part)."""

    model_config = ConfigDict(frozen=True)

    part: str
    title: Text
    lines: list[Text]


def signed_summary(
    sheet: JobSheet, reference: ReferenceData, zone: ZoneInfo | None = None
) -> list[SummarySection]:
    """Everything the customer's signature on ``sheet`` covers, as readable sections.

    Times are shown in ``zone``, by default the working calendar's (the service centre's).
    Parts not filled in yet are said to be missing rather than left out, so the customer
    sees that too.
    """
    if zone is None:
        zone = reference.zone
    return [
        _visit(sheet, zone),
        _arrival(sheet.arrival, zone),
        _etiquette(sheet.etiquette, reference, zone),
        _product(sheet.product_check, reference),
        _diagnosis(sheet.diagnosis),
        _repair(sheet.repair, reference, zone),
        _charges(sheet.charges, reference, zone),
        _outcome(sheet, zone),
        _loaner(sheet.loaner, reference, zone),
    ]


def summary_lines(sections: list[SummarySection], lang: str) -> list[str]:
    """The summary as plain lines in one language: titles, then their indented lines."""
    lines: list[str] = []
    for section in sections:
        lines.append(section.title.in_language(lang))
        lines.extend("  " + line.in_language(lang) for line in section.lines)
    return lines


def _label(model: type[BaseModel], field: str) -> Text:
    info = model.model_fields[field]
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    return text(str(extra.get(LABEL_ZH, field)), info.title or field)


def _line(model: type[BaseModel], field: str, value: Text | str) -> Text:
    """``标签：值`` / ``Label: value``."""
    name = _label(model, field)
    zh, en = (value.zh, value.en) if isinstance(value, Text) else (value, value)
    return text(f"{name.zh}：{zh}", f"{name.en}: {en}")


def _count(model: type[BaseModel], field: str, n: int) -> Text:
    return _line(model, field, text(f"{n} 张", str(n)))


_NOT_FILLED = text("（未填写）", "(not filled in)")


def _section(part: str, title: Text, lines: list[Text]) -> SummarySection:
    return SummarySection(part=part, title=title, lines=lines or [_NOT_FILLED])


def _visit(sheet: JobSheet, zone: ZoneInfo) -> SummarySection:
    return _section(
        "visit",
        text("上门服务", "The visit"),
        [
            _line(JobSheet, "ticket_no", sheet.ticket_no),
            _line(JobSheet, "sheet_id", sheet.sheet_id),
            _technician(sheet),
            _line(JobSheet, "created_at", local_time(sheet.created_at, zone)),
        ],
    )


def _technician(sheet: JobSheet) -> Text:
    """The customer signs for a person: the technician by name (recorded at check-in); only
    a sheet made before the name was recorded falls back to the account's number."""
    name = sheet.arrival.technician_name if sheet.arrival is not None else None
    if name:
        return _line(Arrival, "technician_name", name)
    return _line(JobSheet, "technician_id", sheet.technician_id)


def _arrival(arrival: Arrival | None, zone: ZoneInfo) -> SummarySection:
    lines: list[Text] = []
    if arrival is not None:
        lines = [
            _line(Arrival, "checked_in_at", local_time(arrival.checked_in_at, zone)),
            _line(Arrival, "work_id_shown", yes_no(arrival.work_id_shown)),
            _line(Arrival, "work_order_shown", yes_no(arrival.work_order_shown)),
        ]
        if arrival.latitude is not None and arrival.longitude is not None:
            where = f"{arrival.latitude:.5f}, {arrival.longitude:.5f}"
            lines.append(text(f"到达位置：{where}", f"Position at check-in: {where}"))
    return _section("arrival", _label(JobSheet, "arrival"), lines)


def _etiquette(etiquette: Etiquette, reference: ReferenceData, zone: ZoneInfo) -> SummarySection:
    checklists = reference.checklists
    names = {
        item.id: item.name
        for item in [*checklists.five_ones, *checklists.appearance, *checklists.nine_rules]
    }

    def ticks(ticked: list[ChecklistTick]) -> list[Text]:
        lines = []
        for tick in ticked:
            name = names.get(tick.item_id, text(tick.item_id, tick.item_id))
            when = local_time(tick.done_at, zone)
            lines.append(text(f"{name.zh}：{when}", f"{name.en}: {when}"))
        return lines

    attested = etiquette.nine_rules_attested_at
    nine = (
        text(f"已确认 {local_time(attested, zone)}", f"attested {local_time(attested, zone)}")
        if attested is not None
        else text("未确认", "not attested")
    )
    return _section(
        "etiquette",
        _label(JobSheet, "etiquette"),
        [
            *ticks(etiquette.five_ones),
            *ticks(etiquette.appearance),
            _line(Etiquette, "nine_rules_attested_at", nine),
        ],
    )


def _product(check: ProductCheck | None, reference: ReferenceData) -> SummarySection:
    if check is None:
        return _section("product_check", _label(JobSheet, "product_check"), [])
    catalogue = reference.catalogue
    brand = catalogue.brand_named(check.brand)  # kept as written (明辉): said in each language
    model = catalogue.model(check.model)
    lines = [
        _line(ProductCheck, "brand", brand.name if brand is not None else check.brand),
        _line(
            ProductCheck,
            "model",
            text(f"{model.name.zh}（{check.model}）", f"{model.name.en} ({check.model})")
            if model is not None
            else check.model,
        ),
        _line(ProductCheck, "serial_read", check.serial_read),
    ]
    if check.serial_registered:
        lines.append(_line(ProductCheck, "serial_registered", check.serial_registered))
    lines.append(_line(ProductCheck, "serial_altered", yes_no(check.serial_altered)))
    purchase = day(check.purchase_date) if check.purchase_date else text("未知", "unknown")
    lines += [
        _line(ProductCheck, "purchase_date", purchase),
        _line(ProductCheck, "purchase_evidence", EVIDENCE_NAMES[check.purchase_evidence]),
        _line(ProductCheck, "clearance_sale", yes_no(check.clearance_sale)),
        _line(ProductCheck, "item", ITEM_NAMES[check.item]),
    ]
    if check.accessory_code:
        accessory = catalogue.accessory(check.accessory_code)
        name = accessory.name if accessory is not None else check.accessory_code
        lines.append(_line(ProductCheck, "accessory_code", name))
    lines.append(_count(ProductCheck, "evidence_photos", len(check.evidence_photos)))
    return _section("product_check", _label(JobSheet, "product_check"), lines)


def _diagnosis(diagnosis: Diagnosis | None) -> SummarySection:
    lines: list[Text] = []
    if diagnosis is not None:
        lines = [
            _line(Diagnosis, "symptoms", diagnosis.symptoms),
            _line(Diagnosis, "cause", CAUSE_NAMES[diagnosis.cause]),
        ]
        if diagnosis.cause_notes:
            lines.append(_line(Diagnosis, "cause_notes", diagnosis.cause_notes))
        lines += [
            _line(Diagnosis, "complexity", COMPLEXITY_NAMES[diagnosis.complexity]),
            _line(Diagnosis, "explained_to_customer", yes_no(diagnosis.explained_to_customer)),
        ]
    return _section("diagnosis", _label(JobSheet, "diagnosis"), lines)


def _repair(repair: Repair, reference: ReferenceData, zone: ZoneInfo) -> SummarySection:
    lines: list[Text] = []
    if repair.started_at is not None:
        lines.append(_line(Repair, "started_at", local_time(repair.started_at, zone)))
    lines += [_pause_line(pause, zone) for pause in repair.pauses]
    lines.append(_line(Repair, "actions", repair.actions or _NOT_FILLED))
    if repair.parts:
        lines += [_part_line(used, reference) for used in repair.parts]
    else:
        lines.append(_line(Repair, "parts", text("无", "none")))
    minutes = repair.labour_minutes
    lines += [
        _line(Repair, "labour_minutes", str(minutes)),
        _count(Repair, "photos", len(repair.photos)),
        _line(Repair, "opened_unit", yes_no(repair.opened_unit)),
    ]
    return _section("repair", _label(JobSheet, "repair"), lines)


def _pause_line(pause: RepairPause, zone: ZoneInfo) -> Text:
    """``暂停维修：10:40，继续维修：10:52`` — or not restarted."""
    stopped = _line(RepairPause, "paused_at", local_time(pause.paused_at, zone))
    if pause.resumed_at is None:
        return text(f"{stopped.zh}（未继续）", f"{stopped.en} (not restarted)")
    restarted = _line(RepairPause, "resumed_at", local_time(pause.resumed_at, zone))
    return text(f"{stopped.zh}，{restarted.zh}", f"{stopped.en}, {restarted.en}")


def _part_line(used: PartUsed, reference: ReferenceData) -> Text:
    part = reference.parts.part(used.part_no)
    name = part.name if part is not None else text(used.part_no, used.part_no)
    label = _label(Repair, "parts")
    return text(
        f"{label.zh}：{name.zh}（{used.part_no}）× {used.quantity}",
        f"{label.en}: {name.en} ({used.part_no}) × {used.quantity}",
    )


def _charges(charges: Charges, reference: ReferenceData, zone: ZoneInfo) -> SummarySection:
    title = _label(JobSheet, "charges")
    if not charges.lines:
        return _section("charges", title, [text("不收费", "No charge")])
    lines = [_charge_line(line, reference) for line in charges.lines]
    total = yuan(charges.total_fen)
    lines.append(text(f"合计：{total}", f"Total: {total}"))
    lines.append(_line(Charges, "price_list_version", charges.price_list_version or "—"))
    agreed = charges.customer_agreed_at
    lines.append(
        _line(
            Charges,
            "customer_agreed_at",
            local_time(agreed, zone) if agreed is not None else text("未同意", "not agreed"),
        )
    )
    return _section("charges", title, lines)


def _charge_line(line: ChargeLine, reference: ReferenceData) -> Text:
    item = reference.prices.item(line.code)
    name = item.name if item is not None else text(line.code, line.code)
    unit = item.unit if item is not None else text("项", "item")
    price, amount = yuan(line.unit_price_fen), yuan(line.amount_fen)
    return text(
        f"{name.zh}（{line.code}）：{price}/{unit.zh} × {line.quantity} = {amount}",
        f"{name.en} ({line.code}): {price}/{unit.en} × {line.quantity} = {amount}",
    )


def _outcome(sheet: JobSheet, zone: ZoneInfo) -> SummarySection:
    outcome = sheet.outcome
    title = _label(JobSheet, "outcome")
    if outcome is None:
        return _section("outcome", title, [])
    if isinstance(outcome, AnotherVisit):
        return _section(
            "outcome",
            title,
            [
                text("再次上门", "Another visit"),
                _line(AnotherVisit, "reason", outcome.reason),
                _line(AnotherVisit, "proposed_at", local_time(outcome.proposed_at, zone)),
            ],
        )
    if isinstance(outcome, ReturnToCentre):
        return _section(
            "outcome",
            title,
            [
                text("返回服务中心维修", "Back to the service centre"),
                _line(ReturnToCentre, "reason", outcome.reason),
                _line(ReturnToCentre, "promised_by", day(outcome.promised_by)),
                _line(ReturnToCentre, "centre_phone", outcome.centre_phone),
                _line(ReturnToCentre, "loaner_offered", yes_no(outcome.loaner_offered)),
            ],
        )
    return _section("outcome", title, [text("现场修复", "Fixed on site")])


def _loaner(
    loaner: LoanerHandover | None, reference: ReferenceData, zone: ZoneInfo
) -> SummarySection:
    title = _label(JobSheet, "loaner")
    if loaner is None:
        return _section("loaner", title, [text("无", "None")])
    accessories = [
        accessory.name if (accessory := reference.catalogue.accessory(code)) else text(code, code)
        for code in loaner.accessories
    ]
    listed = text(
        "、".join(a.zh for a in accessories) or "无", ", ".join(a.en for a in accessories) or "none"
    )
    strokes = len(loaner.customer_signature.strokes)
    return _section(
        "loaner",
        title,
        [
            _line(LoanerHandover, "loaner_model", loaner.loaner_model),
            _line(LoanerHandover, "loaner_serial", loaner.loaner_serial),
            _line(LoanerHandover, "accessories", listed),
            _line(LoanerHandover, "condition_notes", loaner.condition_notes or "—"),
            _count(LoanerHandover, "photos", len(loaner.photos)),
            _line(LoanerHandover, "handed_over_at", local_time(loaner.handed_over_at, zone)),
            _line(LoanerHandover, "due_date", day(loaner.due_date)),
            _line(
                LoanerHandover,
                "customer_signature",
                text(f"已签收（{strokes} 笔）", f"signed ({strokes} strokes)"),
            ),
        ],
    )
