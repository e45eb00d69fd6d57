"""The completion gate: what is still missing before the customer may sign (维修验收).

:func:`missing_before_sign_off` walks the job sheet in the order of the visit and
lists each thing still to do or to put right, with the path of the sheet field it
concerns and a bilingual instruction. An empty list means the customer may sign.

The checklist items (「5个1」, 「装束三统一」) come from the reference data, so a
company can change them without a new release. Items done at departure (the service
card, the farewell) come after the signature and are not required here; the
after-repair clean-up (一次美容) is required when the unit was fixed on site.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, ValidationError

from fieldapp.domain.charge_agreement import agreed_before_work
from fieldapp.domain.display import yuan
from fieldapp.domain.job_sheet import FaultCause, FixedOnSite, JobSheet, ReturnToCentre
from fieldapp.domain.reference import ChecklistItem, Phase, ReferenceData
from fieldapp.domain.serial_check import check_serial
from fieldapp.domain.service_levels import (
    CENTRE_WORKING_DAYS,
    CalendarRangeError,
    WorkingCalendar,
    centre_promise_date,
)
from fieldapp.domain.text import Text, text
from fieldapp.domain.visit import visit_day
from fieldapp.domain.warranty import warranty_case_for, warranty_verdict
from fieldapp.domain.work_order import WorkOrder


class Missing(BaseModel):
    """One thing to do before sign-off: the sheet field (``path``) and what to do."""

    model_config = ConfigDict(frozen=True)

    path: str
    text: Text

    def __str__(self) -> str:
        return f"{self.path}: {self.text}"


def missing_before_sign_off(
    sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> list[Missing]:
    """Everything still missing or wrong on ``sheet`` before the customer may sign."""
    return [
        *_work_order(sheet, order),
        *_arrival(sheet),
        *_etiquette(sheet, reference),
        *_product(sheet, reference),
        *_diagnosis(sheet),
        *_repair(sheet),
        *_parts(sheet, order, reference),
        *_charges(sheet, reference),
        *_charged_while_free(sheet, order, reference),
        *_outcome(sheet, reference.calendar),
    ]


def _missing(path: str, zh: str, en: str) -> Missing:
    return Missing(path=path, text=text(zh, en))


def _work_order(sheet: JobSheet, order: WorkOrder) -> list[Missing]:
    if sheet.ticket_no == order.ticket_no:
        return []
    return [
        _missing(
            "ticket_no",
            f"报告单的报修单号 {sheet.ticket_no} 与工作单 {order.ticket_no} 不符",
            f"The sheet's ticket number {sheet.ticket_no} is not the work order's "
            f"({order.ticket_no})",
        )
    ]


def _arrival(sheet: JobSheet) -> list[Missing]:
    if sheet.arrival is None:
        return [
            _missing(
                "arrival",
                "请登记到达，并出示工作证和工作单",
                "Check in on arrival and show your work ID and the work order",
            )
        ]
    missing = []
    if not sheet.arrival.work_id_shown:
        missing.append(
            _missing(
                "arrival.work_id_shown", "请向用户出示工作证", "Show the customer your work ID"
            )
        )
    if not sheet.arrival.work_order_shown:
        missing.append(
            _missing(
                "arrival.work_order_shown",
                "请向用户出示工作单（维修委托书）",
                "Show the customer the work order",
            )
        )
    return missing


def _etiquette(sheet: JobSheet, reference: ReferenceData) -> list[Missing]:
    checklists = reference.checklists
    fixed = isinstance(sheet.outcome, FixedOnSite)
    due_phases = {Phase.ARRIVAL, Phase.AFTER_REPAIR} if fixed else {Phase.ARRIVAL}
    ticked_five = {tick.item_id for tick in sheet.etiquette.five_ones}
    ticked_looks = {tick.item_id for tick in sheet.etiquette.appearance}
    missing = [
        _unticked("etiquette.five_ones", text("「5个1」", "Five ones"), item)
        for item in checklists.five_ones
        if item.phase in due_phases and item.id not in ticked_five
    ]
    missing += [
        _unticked("etiquette.appearance", text("「装束三统一」", "Appearance"), item)
        for item in checklists.appearance
        if item.id not in ticked_looks
    ]
    if sheet.etiquette.nine_rules_attested_at is None:
        missing.append(
            _missing(
                "etiquette.nine_rules_attested_at",
                "请确认遵守上门服务「九不准」",
                "Confirm you kept the nine rules of the visit",
            )
        )
    return missing


def _unticked(path: str, checklist: Text, item: ChecklistItem) -> Missing:
    return Missing(
        path=f"{path}.{item.id}",
        text=text(
            f"{checklist.zh}未完成：{item.name.zh}", f"{checklist.en} not done: {item.name.en}"
        ),
    )


def _product(sheet: JobSheet, reference: ReferenceData) -> list[Missing]:
    check = sheet.product_check
    if check is None:
        return [
            _missing(
                "product_check",
                "请核对产品：品牌机型、机身编号、购机日期",
                "Verify the product: brand and model, serial number, purchase date",
            )
        ]
    missing = []
    if reference.catalogue.model(check.model) is None:
        missing.append(
            _missing(
                "product_check.model",
                f"机型 {check.model} 不在产品目录中，请从目录中选择",
                f"The model {check.model} is not in the product catalogue: choose it from "
                "the catalogue",
            )
        )
    if not check.serial_altered:
        # An altered serial is recorded as such (and charged); any other must be valid.
        serial = check_serial(check.serial_read, reference.catalogue)
        missing += [
            Missing(path="product_check.serial_read", text=found.text) for found in serial.problems
        ]
    return missing


def _diagnosis(sheet: JobSheet) -> list[Missing]:
    diagnosis = sheet.diagnosis
    if diagnosis is None:
        return [
            _missing(
                "diagnosis",
                "请填写故障诊断：故障现象和原因",
                "Fill in the diagnosis: what you saw and the cause",
            )
        ]
    if diagnosis.cause is FaultCause.OUTSIDE_CAUSE and not diagnosis.explained_to_customer:
        return [
            _missing(
                "diagnosis.explained_to_customer",
                "故障来自外部原因，请向用户解释清楚并勾选",
                "The fault comes from outside the unit: explain it to the customer and tick it",
            )
        ]
    return []


def _repair(sheet: JobSheet) -> list[Missing]:
    if sheet.repair.actions:
        return []
    return [
        _missing(
            "repair.actions",
            "请填写维修内容（做了什么）",
            "Write down the work done",
        )
    ]


def _parts(sheet: JobSheet, order: WorkOrder, reference: ReferenceData) -> list[Missing]:
    model = sheet.product_check.model if sheet.product_check is not None else order.product.model
    missing = []
    for index, used in enumerate(sheet.repair.parts):
        part = reference.parts.part(used.part_no)
        path = f"repair.parts.{index}.part_no"
        if part is None:
            missing.append(
                _missing(
                    path,
                    f"备件 {used.part_no} 不在备件目录中，只能使用目录中的原厂备件",
                    f"The part {used.part_no} is not in the parts list: use listed original "
                    "parts only",
                )
            )
        elif model not in part.models:
            missing.append(
                _missing(
                    path,
                    f"备件 {part.name.zh} 不适用于机型 {model}",
                    f"The part {part.name.en} is not for the model {model}",
                )
            )
    return missing


def _charges(sheet: JobSheet, reference: ReferenceData) -> list[Missing]:
    charges = sheet.charges
    if not charges.lines:
        return []
    prices = reference.prices
    missing = []
    for index, line in enumerate(charges.lines):
        item = prices.item(line.code)
        if item is None:
            missing.append(
                _missing(
                    f"charges.lines.{index}.code",
                    f"收费项目 {line.code} 不在价目表中：只能按价目表收费",
                    f"The charge {line.code} is not on the price list: charge from the price "
                    "list only",
                )
            )
        elif line.unit_price_fen != item.unit_price_fen:
            missing.append(
                _missing(
                    f"charges.lines.{index}.unit_price_fen",
                    f"{item.name.zh}的单价应为价目表价格 {yuan(item.unit_price_fen)}",
                    f"The unit price of {item.name.en} must be the list price, "
                    f"{yuan(item.unit_price_fen)}",
                )
            )
    if charges.price_list_version != prices.version:
        missing.append(
            _missing(
                "charges.price_list_version",
                f"请按当前价目表（{prices.version}）核价",
                f"Price the charges from the current price list ({prices.version})",
            )
        )
    missing += _agreed_before_repair(sheet)
    return missing


def _charged_while_free(
    sheet: JobSheet, order: WorkOrder, reference: ReferenceData
) -> list[Missing]:
    """「九不准」: never charge arbitrarily — a repair free under warranty has no charges."""
    if not sheet.charges.lines or sheet.product_check is None or sheet.diagnosis is None:
        return []
    try:
        case = warranty_case_for(order, sheet, visit_day(sheet, reference.zone))
    except ValidationError:
        return []  # the product check says what is missing for a verdict
    if warranty_verdict(case, reference.catalogue).decision != "free":
        return []
    return [
        _missing(
            "charges.lines",
            "此次维修属免费保修，不得收费（九不准：不准随意乱收费）；如应收费，请核对故障原因或购机凭证",
            "This repair is free under warranty and must not be charged (never charge "
            "arbitrarily); if a charge applies, check the cause or the proof of purchase",
        )
    ]


def _agreed_before_repair(sheet: JobSheet) -> list[Missing]:
    """A charged repair's charges are agreed before the work (九不准: never charge
    arbitrarily): before the repair started, or while it was stopped for the agreement
    (:mod:`fieldapp.domain.charge_agreement`). A revision a supervisor asked for is the
    exception: correcting the charges of a returned sheet is necessarily agreed after the
    visit's repair; the customer agrees and signs the corrected sheet again, and the
    supervisor reviews what changed."""
    agreed = sheet.charges.customer_agreed_at
    started = sheet.repair.started_at
    if agreed is None:
        return [
            _missing(
                "charges.customer_agreed_at",
                "收费维修须在维修前向用户说明费用并征得同意",
                "A charged repair needs the customer's agreement to the charges before the work",
            )
        ]
    if started is None:
        return [
            _missing(
                "repair.started_at",
                "请记录开始维修时间（确认收费在维修前已获同意）",
                "Record when the repair started (to show the charges were agreed before it)",
            )
        ]
    if not agreed_before_work(sheet) and sheet.revision == 1:
        # The way forward on the phone: stop the work (the repair step), the customer agrees
        # again while it is stopped, the work restarts.
        return [
            _missing(
                "repair.pauses",
                "用户同意收费时维修正在进行：请暂停维修，请用户重新同意收费，再继续维修",
                "The customer agreed to the charges while the work was going on: stop the "
                "work, have the customer agree again, then restart it",
            )
        ]
    return []


def _outcome(sheet: JobSheet, calendar: WorkingCalendar | None) -> list[Missing]:
    outcome = sheet.outcome
    if outcome is None:
        return [
            _missing(
                "outcome",
                "请选择处理结果：现场修复、再次上门或返回维修中心",
                "Choose the outcome: fixed on site, another visit, or back to the service centre",
            )
        ]
    if not isinstance(outcome, ReturnToCentre):
        return []
    missing = []
    if outcome.loaner_offered and sheet.loaner is None:
        missing.append(
            _missing(
                "loaner",
                "已提供备用机：请登记备用机交接并请用户签收",
                "A loaner was offered: record the loaner handover and have the customer sign "
                "for it",
            )
        )
    latest = _latest_promise(sheet, calendar)
    if latest is not None and outcome.promised_by > latest:
        missing.append(
            _missing(
                "outcome.promised_by",
                f"承诺修复日期不能晚于 {latest}（{CENTRE_WORKING_DAYS}个工作日内）",
                f"The promised date cannot be after {latest} ({CENTRE_WORKING_DAYS} working days)",
            )
        )
    return missing


def _latest_promise(sheet: JobSheet, calendar: WorkingCalendar | None) -> date | None:
    """The latest date the centre may promise, counted from the visit; None if unknown."""
    if calendar is None:
        return None
    try:
        return centre_promise_date(visit_day(sheet, calendar.zone), calendar)
    except CalendarRangeError:
        return None  # no holiday data for that year: the promise cannot be checked
