"""The visit's forms: what the technician types, turned into job sheet parts.

Each ``save_<step>`` keeps the values as typed (the draft: nothing typed is lost on an
error, on leaving a step or on a kill), then builds the domain's part from them
(``judge_<step>``, which saves nothing). A valid part is saved on the sheet at once; an
invalid one answers the domain's field problems (the field named, what to fix, both
languages) and changes nothing on the sheet. :func:`draft_problems` judges the drafts of a
visit opened again, so that what the technician was told to fix is said again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from fieldapp.application.visit import ChangeRefused, Visit
from fieldapp.application.visit_media import NotSigned, signature_from_strokes
from fieldapp.application.visit_steps import VisitStep
from fieldapp.domain.charge_agreement import why_charges_cannot_be_agreed, why_work_cannot_start
from fieldapp.domain.customer_check import customer_check
from fieldapp.domain.job_sheet import (
    AnotherVisit,
    AttachmentRef,
    ChargeLine,
    Charges,
    Diagnosis,
    FixedOnSite,
    LoanerHandover,
    PartUsed,
    ProductCheck,
    Repair,
    RepairPause,
    ReturnToCentre,
)
from fieldapp.domain.service_levels import CalendarRangeError, centre_promise_date
from fieldapp.domain.text import text
from fieldapp.domain.validation import FieldProblem, explain
from fieldapp.domain.visit import SERVICE_ZONE

CENTRE_PHONE_SETTING = "visit.centre_phone"


def _blank_none(value: Any) -> Any:
    return None if value in ("", None) else value


@dataclass(frozen=True)
class Judged:
    """A step's form judged: what to fix, or the sheet's parts it makes (``model`` names the
    part whose field names the domain's problems use)."""

    problems: list[FieldProblem]
    model: type[Any] | None = None
    update: dict[str, Any] = field(default_factory=dict)


def _save(visit: Visit, judged: Judged) -> list[FieldProblem]:
    if judged.model is None:
        return judged.problems
    return visit.try_save(judged.model, **judged.update)


def draft_problems(
    visit: Visit, forms: dict[str, dict[str, Any]]
) -> dict[VisitStep, list[FieldProblem]]:
    """What each step's form, as kept in its draft, was last told to fix: shown again when
    the visit is opened again (after a restart the technician sees what they saw before).
    Judged with nothing saved; a sheet that can no longer change has nothing to fix."""
    if not visit.editable:
        return {}
    judges = {
        VisitStep.PRODUCT: judge_product,
        VisitStep.DIAGNOSIS: judge_diagnosis,
        VisitStep.REPAIR: judge_repair,
        VisitStep.OUTCOME: judge_outcome,
    }
    found: dict[VisitStep, list[FieldProblem]] = {}
    for step, judge in judges.items():
        if not visit.draft(step):
            continue  # never typed into: its empty fields are not mistakes yet
        judged = judge(visit, forms.get(step.value, {}))
        problems = (
            judged.problems
            if judged.model is None
            else visit.problems_of(judged.model, **judged.update)
        )
        if problems:
            found[step] = problems
    return found


# -- product verification ----------------------------------------------------------------


def product_defaults(visit: Visit) -> dict[str, Any]:
    """The product form as first shown: the registered model, everything else to check."""
    check = visit.sheet.product_check
    if check is not None:
        data = check.model_dump(mode="json")
        data["purchase_date"] = data["purchase_date"] or ""
        data["accessory_code"] = data["accessory_code"] or ""
        return data
    model = visit.reference.catalogue.model(visit.order.product.model)
    return {
        "brand": _brand_name(visit, model.brand if model else ""),
        "model": visit.order.product.model,
        "serial_read": "",
        "serial_altered": False,
        "purchase_date": "",
        "purchase_evidence": "none",
        "clearance_sale": False,
        "item": "unit",
        "accessory_code": "",
        "evidence_photos": [],
    }


def _brand_name(visit: Visit, code: str) -> str:
    for brand in visit.reference.catalogue.brands:
        if brand.code == code:
            return brand.name.zh
    return visit.order.product.brand


def brand_of_model(visit: Visit, model_code: str) -> str:
    """The brand (as written on the unit) of a catalogue model."""
    model = visit.reference.catalogue.model(model_code)
    return _brand_name(visit, model.brand) if model else visit.order.product.brand


def save_product(visit: Visit, values: dict[str, Any]) -> list[FieldProblem]:
    """核对品牌机型、机身编号、购机日期: saved when valid, else what to fix."""
    visit.save_draft(VisitStep.PRODUCT, values)
    return _save(visit, judge_product(visit, values))


def judge_product(visit: Visit, values: dict[str, Any]) -> Judged:
    """The product check built from ``values``, or what to fix (nothing saved)."""
    data = {
        "brand": values.get("brand") or brand_of_model(visit, str(values.get("model", ""))),
        "model": values.get("model", ""),
        "serial_read": str(values.get("serial_read", "")).strip().upper(),
        "serial_registered": visit.order.product.serial,
        "serial_altered": bool(values.get("serial_altered")),
        "purchase_date": _blank_none(values.get("purchase_date")),
        "purchase_evidence": values.get("purchase_evidence") or "none",
        "clearance_sale": bool(values.get("clearance_sale")),
        "item": values.get("item") or "unit",
        "accessory_code": _blank_none(values.get("accessory_code")),
        "evidence_photos": values.get("evidence_photos") or [],
    }
    try:
        check = ProductCheck.model_validate(data)
    except ValidationError as exc:
        return Judged(explain(exc, ProductCheck))
    return Judged([], ProductCheck, {"product_check": check})


# -- diagnosis ---------------------------------------------------------------------------


def diagnosis_defaults(visit: Visit) -> dict[str, Any]:
    if visit.sheet.diagnosis is not None:
        return visit.sheet.diagnosis.model_dump(mode="json")
    return {
        "symptoms": visit.order.reported_fault,
        "cause": "unit_fault",
        "cause_notes": "",
        "complexity": "general",
        "explained_to_customer": False,
    }


def save_diagnosis(visit: Visit, values: dict[str, Any]) -> list[FieldProblem]:
    """故障现象和原因; an outside cause must be explained to the customer (ticked)."""
    visit.save_draft(VisitStep.DIAGNOSIS, values)
    return _save(visit, judge_diagnosis(visit, values))


def judge_diagnosis(visit: Visit, values: dict[str, Any]) -> Judged:
    """The diagnosis built from ``values``, or what to fix (nothing saved)."""
    try:
        diagnosis = Diagnosis.model_validate(values)
    except ValidationError as exc:
        return Judged(explain(exc, Diagnosis))
    return Judged([], Diagnosis, {"diagnosis": diagnosis})


# -- repair ------------------------------------------------------------------------------


def repair_defaults(visit: Visit) -> dict[str, Any]:
    data = visit.sheet.repair.model_dump(mode="json")
    data["labour_minutes"] = str(data["labour_minutes"] or "")
    return data


def save_repair(visit: Visit, values: dict[str, Any]) -> list[FieldProblem]:
    """维修内容、工时、是否开机; parts and photos have their own calls."""
    visit.save_draft(VisitStep.REPAIR, values)
    return _save(visit, judge_repair(visit, values))


def judge_repair(visit: Visit, values: dict[str, Any]) -> Judged:
    """The repair built from ``values`` (the parts and photos as on the sheet), or what to
    fix (nothing saved)."""
    minutes = str(values.get("labour_minutes", "")).strip()
    data = visit.sheet.repair.model_dump()
    data.update(
        actions=values.get("actions", ""),
        labour_minutes=minutes or 0,
        opened_unit=bool(values.get("opened_unit")),
    )
    try:
        repair = Repair.model_validate(data)
    except ValidationError as exc:
        return Judged(explain(exc, Repair))
    return Judged([], Repair, {"repair": repair})


def start_repair(visit: Visit) -> None:
    """开始维修: record when the work started, or restarted after a stop.

    Charged work starts (and restarts) only once the customer has agreed to the charges
    while no work was going on; otherwise :class:`ChangeRefused` says what to do first.
    The first start is kept; a restart is recorded on the stop it ends.
    """
    repair = visit.sheet.repair
    if repair.under_way:
        return
    refused = why_work_cannot_start(visit.sheet, charged=visit.verdict().charged)
    if refused is not None:
        raise ChangeRefused(refused)
    now = visit.clock()
    if repair.started_at is None:
        visit.save(repair=repair.model_copy(update={"started_at": now}))
        return
    pauses = [*repair.pauses[:-1], repair.pauses[-1].model_copy(update={"resumed_at": now})]
    visit.save(repair=repair.model_copy(update={"pauses": pauses}))


def pause_repair(visit: Visit) -> None:
    """暂停维修: the work stops (e.g. for the customer to agree to a charge that arose)."""
    repair = visit.sheet.repair
    if repair.started_at is None:
        raise ChangeRefused(text("维修尚未开始", "The repair has not started"))
    if repair.paused:
        return
    pauses = [*repair.pauses, RepairPause(paused_at=visit.clock())]
    visit.save(repair=repair.model_copy(update={"pauses": pauses}))


def search_parts(visit: Visit, query: str) -> list[tuple[str, str, str]]:
    """Parts for this model whose number or name holds ``query``: (part_no, zh, en)."""
    model = (
        visit.sheet.product_check.model
        if visit.sheet.product_check is not None
        else visit.order.product.model
    )
    words = query.strip().lower()
    found = []
    for part in visit.reference.parts.parts:
        if model not in part.models:
            continue
        haystack = f"{part.part_no} {part.name.zh} {part.name.en}".lower()
        if not words or words in haystack:
            found.append((part.part_no, part.name.zh, part.name.en))
    return found


def add_part(visit: Visit, part_no: str, quantity: int = 1) -> None:
    """One more of a listed part (the same part twice adds to its quantity)."""
    parts = list(visit.sheet.repair.parts)
    for index, used in enumerate(parts):
        if used.part_no == part_no:
            parts[index] = PartUsed(part_no=part_no, quantity=min(99, used.quantity + quantity))
            break
    else:
        parts.append(PartUsed(part_no=part_no, quantity=quantity))
    visit.save(repair=visit.sheet.repair.model_copy(update={"parts": parts}))


def remove_part(visit: Visit, part_no: str) -> None:
    parts = [p for p in visit.sheet.repair.parts if p.part_no != part_no]
    visit.save(repair=visit.sheet.repair.model_copy(update={"parts": parts}))


def add_repair_photo(visit: Visit, ref: AttachmentRef) -> None:
    photos = [*visit.sheet.repair.photos, ref]
    visit.save(repair=visit.sheet.repair.model_copy(update={"photos": photos}))


# -- charges -----------------------------------------------------------------------------


MAX_QUANTITY = 99  # of one line, as the sheet allows


def add_charge(visit: Visit, code: str, quantity: int = 1) -> None:
    """A line from the price list at its list price, never a typed amount; the same item
    again adds to its quantity (a second 30 minutes of labour)."""
    item = visit.reference.prices.item(code)
    if item is None:
        raise ValueError(f"{code} is not on the price list")
    lines = list(visit.sheet.charges.lines)
    for index, line in enumerate(lines):
        if line.code == code:
            more = min(MAX_QUANTITY, line.quantity + quantity)
            lines[index] = line.model_copy(update={"quantity": more})
            break
    else:
        lines.append(ChargeLine(code=code, quantity=quantity, unit_price_fen=item.unit_price_fen))
    _save_charges(visit, lines)


def set_charge_quantity(visit: Visit, code: str, quantity: int) -> None:
    """How many of a line (in its price-list unit): 1 to 99. Fewer than one keeps one:
    taking a line off is :func:`remove_charge`, a tap of its own."""
    wanted = max(1, min(MAX_QUANTITY, quantity))
    lines = visit.sheet.charges.lines
    if all(line.quantity == wanted for line in lines if line.code == code):
        return  # nothing changes: the customer's agreement stands
    _save_charges(
        visit,
        [
            line.model_copy(update={"quantity": wanted}) if line.code == code else line
            for line in lines
        ],
    )


def remove_charge(visit: Visit, code: str) -> None:
    _save_charges(visit, [line for line in visit.sheet.charges.lines if line.code != code])


def _save_charges(visit: Visit, lines: list[ChargeLine]) -> None:
    # A changed charge needs the customer's agreement again.
    visit.save(
        charges=Charges(
            lines=lines, price_list_version=visit.reference.prices.version, customer_agreed_at=None
        )
    )


def agree_charges(visit: Visit) -> None:
    """The customer agreed to the charges shown, before the work or while it is stopped
    (:class:`ChangeRefused` while the work goes on)."""
    refused = why_charges_cannot_be_agreed(visit.sheet, rework=visit.rework)
    if refused is not None:
        raise ChangeRefused(refused)
    visit.save(charges=visit.sheet.charges.model_copy(update={"customer_agreed_at": visit.clock()}))


def charge_suggestions(visit: Visit) -> list[str]:
    """Price codes that fit: the call-out fee, labour, and the parts used."""
    codes = ["SV-VISIT", "LB-30"]
    for used in visit.sheet.repair.parts:
        part = visit.reference.parts.part(used.part_no)
        if part is not None and part.price_code:
            codes.append(part.price_code)
    return [c for c in codes if visit.reference.prices.item(c) is not None]


def charge_offers(visit: Visit) -> list[str]:
    """The price list in the order to offer it: what fits this visit first (the call-out
    fee, labour, the parts used), then every other item for this unit's model or for any
    model, and last the parts of other models (each says whose: :func:`other_models_of_charge`)."""
    every = [*charge_suggestions(visit), *(item.code for item in visit.reference.prices.items)]
    return sorted(dict.fromkeys(every), key=lambda code: bool(other_models_of_charge(visit, code)))


def other_models_of_charge(visit: Visit, code: str) -> tuple[str, ...]:
    """The models a price-list item is a part of when this unit is none of them (a D65's
    panel on a P880 visit); empty when it fits this unit, or any unit (labour, call-out)."""
    parts = visit.reference.parts.parts
    models = {model for part in parts if part.price_code == code for model in part.models}
    if not models or unit_model(visit) in models:
        return ()
    return tuple(sorted(models))


def unit_model(visit: Visit) -> str:
    """The model of the unit on site: as verified on the sheet, else as registered."""
    check = visit.sheet.product_check
    return check.model if check is not None else visit.order.product.model


# -- outcome -----------------------------------------------------------------------------


def promise_date(visit: Visit) -> date | None:
    """The latest date the centre may promise: 5 working days from the visit."""
    calendar = visit.reference.calendar
    if calendar is None:
        return None
    try:
        return centre_promise_date(visit.today, calendar)
    except CalendarRangeError:
        return None


def outcome_defaults(visit: Visit) -> dict[str, Any]:
    outcome = visit.sheet.outcome
    promised = promise_date(visit)
    base: dict[str, Any] = {
        "kind": "",
        "reason": "",
        "proposed_at": "",
        "promised_by": promised.isoformat() if promised else "",
        "centre_phone": str(visit.store.get_setting(CENTRE_PHONE_SETTING) or ""),
        "loaner_offered": True,
    }
    if outcome is not None:
        base.update(outcome.model_dump(mode="json"))
    return base


def save_outcome(visit: Visit, values: dict[str, Any]) -> list[FieldProblem]:
    """现场修复 / 再次上门 / 返回维修中心."""
    visit.save_draft(VisitStep.OUTCOME, values)
    judged = judge_outcome(visit, values)
    outcome = judged.update.get("outcome")
    if isinstance(outcome, ReturnToCentre):
        visit.store.set_setting(CENTRE_PHONE_SETTING, outcome.centre_phone)
    return _save(visit, judged)


def judge_outcome(visit: Visit, values: dict[str, Any]) -> Judged:
    """The outcome built from ``values`` (none chosen yet: nothing to say), or what to fix
    (nothing saved)."""
    kind = values.get("kind")
    model: type[FixedOnSite | AnotherVisit | ReturnToCentre]
    data: dict[str, Any] = {"kind": kind}
    if kind == "fixed":
        model = FixedOnSite
    elif kind == "another_visit":
        model = AnotherVisit
        data.update(reason=values.get("reason", ""), proposed_at=_datetime(values))
    elif kind == "return_to_centre":
        model = ReturnToCentre
        data.update(
            reason=values.get("reason", ""),
            promised_by=_blank_none(values.get("promised_by")),
            centre_phone=values.get("centre_phone", ""),
            loaner_offered=bool(values.get("loaner_offered", True)),
        )
    else:
        return Judged([])
    try:
        outcome = model.model_validate(data)
    except ValidationError as exc:
        return Judged(explain(exc, model))
    update: dict[str, Any] = {"outcome": outcome}
    if not isinstance(outcome, ReturnToCentre) or not outcome.loaner_offered:
        update["loaner"] = None
    return Judged([], type(outcome), update)


def _datetime(values: dict[str, Any]) -> datetime | None:
    raw = _blank_none(values.get("proposed_at"))
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(str(raw))
    except ValueError:
        return raw  # type: ignore[no-any-return]  # the domain says what is wrong with it
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SERVICE_ZONE)  # typed as the centre's local time
    return moment


def hand_over_loaner(
    visit: Visit,
    values: dict[str, Any],
    strokes: list[list[tuple[float, float]]],
    width: int,
    height: int,
) -> list[FieldProblem]:
    """备用机交接 with the customer's signature for it drawn on the pad: saved when complete;
    otherwise every problem, an unsigned pad said in words as the signature's problem."""
    unsigned = None
    try:
        signature = signature_from_strokes(visit, strokes, width, height).model_dump(mode="json")
    except NotSigned:
        signature = None
        unsigned = FieldProblem(
            path="customer_signature",
            field=text("用户签收", "Customer signature"),
            message=text("请用户在签名板上签收", "ask the customer to sign for it on the pad"),
        )
    problems = save_loaner(visit, {**values, "customer_signature": signature})
    if unsigned is None:
        return problems
    others = [p for p in problems if p.path.split(".")[0] != "customer_signature"]
    return [*others, unsigned]


def save_loaner(visit: Visit, values: dict[str, Any]) -> list[FieldProblem]:
    """备用机交接: the loaner, its accessories, condition, due date and the receipt."""
    visit.save_draft(VisitStep.OUTCOME, {**visit.draft(VisitStep.OUTCOME), "loaner": values})
    data = {
        "loaner_serial": str(values.get("loaner_serial", "")).strip().upper(),
        "loaner_model": values.get("loaner_model", ""),
        "accessories": values.get("accessories") or [],
        "condition_notes": values.get("condition_notes", ""),
        "photos": values.get("photos") or [],
        "handed_over_at": visit.clock(),
        "due_date": _blank_none(values.get("due_date")),
        "customer_signature": values.get("customer_signature"),
    }
    try:
        loaner = LoanerHandover.model_validate(data)
    except ValidationError as exc:
        return explain(exc, LoanerHandover)
    return visit.try_save(LoanerHandover, loaner=loaner)


# -- arrival and sign-off ----------------------------------------------------------------


def set_shown(visit: Visit, name: str, shown: bool) -> None:
    """出示工作证 / 出示工作单 ticked or not (``name``: ``work_id_shown``/``work_order_shown``)."""
    arrival = visit.sheet.arrival
    if arrival is None:
        raise ValueError("the visit has no check-in")
    visit.save(arrival=arrival.model_copy(update={name: shown}))


def set_position(visit: Visit, latitude: float, longitude: float) -> None:
    """The check-in position, when the technician allowed the phone to give it."""
    arrival = visit.sheet.arrival
    if arrival is None:
        raise ValueError("the visit has no check-in")
    visit.save(
        arrival=arrival.model_copy(
            update={"latitude": round(latitude, 6), "longitude": round(longitude, 6)}
        )
    )


def sign_off_defaults(visit: Visit) -> dict[str, Any]:
    sign_off = visit.sheet.sign_off
    if sign_off is not None:
        return {
            "functions_checked": sign_off.functions_checked,
            "rating": str(sign_off.rating),
            "comment": sign_off.comment,
            "signer_name": sign_off.signer_name,
        }
    return {
        "functions_checked": False,
        "rating": "",
        "comment": "",
        "signer_name": visit.order.customer.name,
    }


def suggested_values(visit: Visit) -> dict[VisitStep, dict[str, str]]:
    """What the app fills in for the technician to confirm or replace, rather than read on
    site: the reported fault as the symptoms, the customer as the one who signs, the latest
    date the centre may promise, the centre's phone last used. Only values there are."""
    promised = promise_date(visit)
    suggested = {
        VisitStep.DIAGNOSIS: {"symptoms": visit.order.reported_fault},
        VisitStep.OUTCOME: {
            "promised_by": promised.isoformat() if promised else "",
            "centre_phone": str(visit.store.get_setting(CENTRE_PHONE_SETTING) or ""),
        },
        VisitStep.SIGN_OFF: {"signer_name": visit.order.customer.name},
    }
    return {step: {k: v for k, v in values.items() if v} for step, values in suggested.items()}


def sign_with_strokes(
    visit: Visit,
    values: dict[str, Any],
    strokes: list[list[tuple[float, float]]],
    width: int,
    height: int,
) -> list[FieldProblem]:
    """The customer signs on the pad: an empty pad (or a dot) is the signature's problem,
    said in words; nothing but the form is saved then."""
    try:
        signature = signature_from_strokes(visit, strokes, width, height)
    except NotSigned as exc:
        visit.save_draft(VisitStep.SIGN_OFF, values)
        return [
            FieldProblem(
                path="signature", field=text("用户签名", "Customer signature"), message=exc.message
            )
        ]
    return sign_with(visit, values, signature)


def sign_with(visit: Visit, values: dict[str, Any], signature: Any) -> list[FieldProblem]:
    """The customer signs with the form's check, rating, comment and name."""
    from fieldapp.domain.job_sheet import SignOffDetails

    visit.save_draft(VisitStep.SIGN_OFF, values)
    try:
        details = SignOffDetails.model_validate(
            {
                "functions_checked": bool(values.get("functions_checked")),
                "rating": _blank_none(values.get("rating")),
                "comment": values.get("comment", ""),
                "signer_name": values.get("signer_name", ""),
                "signature": signature,
                "signed_at": visit.clock(),
            }
        )
    except ValidationError as exc:
        return explain(exc, SignOffDetails)
    if not details.functions_checked:
        check = customer_check(visit.sheet.outcome)
        return [FieldProblem(path="functions_checked", field=check.short, message=check.missing)]
    visit.sign_off(details)
    return []
