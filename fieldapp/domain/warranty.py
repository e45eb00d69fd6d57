"""The warranty verdict (保修判定): free under warranty, charged repair, or no verdict yet.

:func:`warranty_verdict` applies the warranty and charging rules (保修及退换规定) to a
:class:`WarrantyCase` and returns a :class:`WarrantyVerdict` with the period, where it
started from and every reason that applied, in Chinese and English, so a clerk can
read it to the customer.

The rules, and the choices made where the business rules are silent (see
``docs/rules.md``):

- The period runs from the purchase date on the **invoice**. Without an invoice it
  runs from the **factory date**: the serial only gives the manufacture month, and the
  last day of that month is taken (the customer gets the benefit of the doubt). A
  warranty card proves the unit is entitled to warranty but its date does not start
  the period.
- Whole unit 1 year, accessory 6 months; industry customers: the unit (lamp included)
  for the contract's years (1–3), other accessories 1 year.
- A period of N months started on day D covers up to and including the day with D's
  number N months later, or that month's last day when it has no such day (as the
  Civil Code counts periods: 31 Aug + 6 months ends 28/29 Feb).
- Charged: misuse, model mismatch or altered serial/model, force majeure, period over,
  clearance sale; also outside warranty: own disassembly, cosmetic wear, consumables
  wearing out, and outside causes (signal, cables, the connected device).
- Rejected (no verdict): the input contradicts itself — a purchase date in the future
  or before the unit was made, a serial that fails its check, no way to date the start.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from fieldapp.domain.job_sheet import (
    FaultCause,
    JobSheet,
    PurchaseEvidence,
    WarrantyItem,
    check_accessory_named,
    check_purchase_dated,
)
from fieldapp.domain.reference import Accessory, Catalogue, ProductModel
from fieldapp.domain.serial_check import (
    Reason,
    check_purchase_date,
    check_serial,
    month_label,
)
from fieldapp.domain.text import Text, text
from fieldapp.domain.validation import label, model_label, problem
from fieldapp.domain.work_order import (
    ContractYears,
    CustomerType,
    WorkOrder,
    check_contract_years,
)

__all__ = [
    "Decision",
    "Reason",
    "WarrantyCase",
    "WarrantyVerdict",
    "add_months",
    "warranty_case_for",
    "warranty_verdict",
]

Decision = Literal["free", "charged", "rejected"]

# Lamps are consumables, but industry contracts cover them ("lamp included"). The
# catalogue marks a lamp by its accessory code.
LAMP_CODE_PREFIX = "LAMP-"

# Of the serial check's problems, a model mismatch is a charged case; every other one
# leaves the unit's identity in doubt, so there is no verdict until it is re-checked.
_MISMATCH = "model_mismatch"

_HEADLINES: dict[str, Text] = {
    "free": text("免费保修", "Free under warranty"),
    "charged": text("收费维修", "Charged repair"),
    "rejected": text("无法判定", "Rejected"),
}


class WarrantyCase(BaseModel):
    """The facts a warranty verdict needs, as checked on site (核对购机日期、机身编号).

    Rules tying two facts together are checked on the later field, so that an error
    names the field to fix (``accessory_code``, ``contract_warranty_years``,
    ``purchase_date``).
    """

    model_config = ConfigDict(**model_label("保修判定", "Warranty case"), extra="forbid")

    item: WarrantyItem = Field(default=WarrantyItem.UNIT, **label("维修对象", "Item repaired"))
    accessory_code: str | None = Field(
        default=None, max_length=40, validate_default=True, **label("附件", "Accessory")
    )
    customer_type: CustomerType = Field(
        default=CustomerType.CONSUMER, **label("客户类型", "Customer type")
    )
    contract_warranty_years: ContractYears | None = Field(
        default=None, validate_default=True, **label("合同保修年限", "Contract warranty years")
    )
    purchase_evidence: PurchaseEvidence = Field(
        default=PurchaseEvidence.NONE, **label("购机凭证", "Proof of purchase")
    )
    purchase_date: date | None = Field(
        default=None, validate_default=True, **label("购机日期", "Purchase date")
    )
    serial_read: str | None = Field(default=None, max_length=32, **label("机身编号", "Serial"))
    registered_model: str | None = Field(
        default=None, max_length=40, **label("登记机型", "Registered model")
    )
    serial_altered: bool = Field(default=False, **label("编号被涂改", "Serial altered"))
    clearance_sale: bool = Field(default=False, **label("降价处理品", "Clearance-sale unit"))
    cause: FaultCause = Field(default=FaultCause.UNIT_FAULT, **label("故障原因", "Cause"))
    service_date: date = Field(**label("服务日期", "Service date"))

    @field_validator("accessory_code")
    @classmethod
    def _accessory_named(cls, value: str | None, info: ValidationInfo) -> str | None:
        check_accessory_named(info.data.get("item"), value)
        return value or None

    @field_validator("contract_warranty_years")
    @classmethod
    def _contract_years(cls, value: int | None, info: ValidationInfo) -> int | None:
        customer_type = info.data.get("customer_type")
        check_contract_years(customer_type, value)
        if customer_type is CustomerType.CONSUMER and value is not None:
            raise problem(
                "合同保修年限只适用于行业客户",
                "contract warranty years apply to industry customers only",
            )
        return value

    @field_validator("purchase_date")
    @classmethod
    def _dated_evidence(cls, value: date | None, info: ValidationInfo) -> date | None:
        check_purchase_dated(info.data.get("purchase_evidence"), value)
        return value


class WarrantyVerdict(BaseModel):
    """The verdict and everything that led to it.

    ``in_warranty``: the service date lies within the warranty period (a misused unit
    can be in warranty and still charged). ``charged``: the repair is charged. For a
    ``rejected`` case both are False and the dates are ``None``: the reasons say what
    to check before asking again.
    """

    model_config = ConfigDict(frozen=True)

    decision: Decision
    in_warranty: bool
    charged: bool
    start: date | None = None
    end: date | None = None
    start_basis: Literal["invoice", "manufacture"] | None = None
    period_months: int | None = None
    reasons: list[Reason] = []

    @property
    def headline(self) -> Text:
        """The verdict line: 免费保修 / 收费维修 / 无法判定."""
        return _HEADLINES[self.decision]


def add_months(day: date, months: int) -> date:
    """The day with ``day``'s number ``months`` later, or that month's last day if none."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def last_day_of_month(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def warranty_verdict(case: WarrantyCase, catalogue: Catalogue) -> WarrantyVerdict:
    """Decide whether the repair in ``case`` is free, charged, or cannot be decided yet."""
    problems: list[Reason] = []
    charges: list[Reason] = []
    registered = _registered_model(case, catalogue, problems)
    accessory = _accessory(case, catalogue, registered, problems, charges)
    manufactured = _serial_findings(case, catalogue, registered, problems, charges)
    if case.purchase_date is not None:
        problems.extend(check_purchase_date(case.purchase_date, manufactured, case.service_date))
    charges.extend(_cause_reasons(case, accessory))
    if case.clearance_sale:
        charges.append(_reason("clearance_sale"))
    start, basis, basis_reasons = _start(case, manufactured)
    if problems:
        return WarrantyVerdict(
            decision="rejected", in_warranty=False, charged=False, reasons=problems + charges
        )
    if start is None or basis is None:
        # Undated: charged anyway when a charged case holds, else nothing to decide on.
        return WarrantyVerdict(
            decision="charged" if charges else "rejected",
            in_warranty=False,
            charged=bool(charges),
            reasons=charges + basis_reasons,
        )
    months, period_reason = _period(case, accessory)
    end = add_months(start, months)
    in_warranty = case.service_date <= end
    if in_warranty:
        notes = [_within(case.service_date, end)]
    else:
        charges.insert(0, _period_over(case.service_date, end))
        notes = []
    return WarrantyVerdict(
        decision="charged" if charges else "free",
        in_warranty=in_warranty,
        charged=bool(charges),
        start=start,
        end=end,
        start_basis=basis,
        period_months=months,
        reasons=[*charges, period_reason, *basis_reasons, *notes],
    )


def warranty_case_for(order: WorkOrder, sheet: JobSheet, service_date: date) -> WarrantyCase:
    """The warranty case of a visit: customer from the work order, the rest from the sheet.

    Before the product check is filled the registered product stands in (without proof
    of purchase); before the diagnosis the fault is taken to be the unit's own.
    """
    customer = order.customer
    check = sheet.product_check
    years = (
        customer.contract_warranty_years
        if customer.customer_type is CustomerType.INDUSTRY
        else None
    )
    common = {
        "customer_type": customer.customer_type,
        "contract_warranty_years": years,
        "registered_model": order.product.model,
        "cause": sheet.diagnosis.cause if sheet.diagnosis else FaultCause.UNIT_FAULT,
        "service_date": service_date,
    }
    if check is None:
        return WarrantyCase.model_validate(
            {**common, "serial_read": order.product.serial, "purchase_date": None}
        )
    return WarrantyCase.model_validate(
        {
            **common,
            "item": check.item,
            "accessory_code": check.accessory_code,
            "purchase_date": check.purchase_date,
            "purchase_evidence": check.purchase_evidence,
            "serial_read": check.serial_read,
            "serial_altered": check.serial_altered,
            "clearance_sale": check.clearance_sale,
        }
    )


def _registered_model(
    case: WarrantyCase, catalogue: Catalogue, problems: list[Reason]
) -> ProductModel | None:
    if case.registered_model is None:
        return None
    registered = catalogue.model(case.registered_model)
    if registered is None:
        problems.append(
            Reason(
                code="registered_model_unknown",
                text=text(
                    f"登记维修的机型 {case.registered_model} 不在产品目录中，请核对工作单",
                    f"The model registered for repair ({case.registered_model}) is not in "
                    "the product catalogue: check the work order",
                ),
            )
        )
    return registered


def _accessory(
    case: WarrantyCase,
    catalogue: Catalogue,
    registered: ProductModel | None,
    problems: list[Reason],
    charges: list[Reason],
) -> Accessory | None:
    if case.item is not WarrantyItem.ACCESSORY or case.accessory_code is None:
        return None
    accessory = catalogue.accessory(case.accessory_code)
    if accessory is None:
        problems.append(
            Reason(
                code="accessory_unknown",
                text=text(
                    f"附件 {case.accessory_code} 不在产品目录中，请核对",
                    f"The accessory {case.accessory_code} is not in the product catalogue: "
                    "check it",
                ),
            )
        )
    elif registered is not None and accessory.code not in registered.accessories:
        charges.append(
            Reason(
                code="accessory_mismatch",
                text=text(
                    f"{accessory.name.zh}不是登记机型 {registered.name.zh} 的随机附件，"
                    "与登记维修的产品不符，需收费维修",
                    f"The {accessory.name.en} is not an accessory of the registered "
                    f"{registered.name.en}: it does not match the product registered for "
                    "repair, so the repair is charged",
                ),
            )
        )
    return accessory


def _serial_findings(
    case: WarrantyCase,
    catalogue: Catalogue,
    registered: ProductModel | None,
    problems: list[Reason],
    charges: list[Reason],
) -> date | None:
    """Sort the serial's problems into charges and rejections; the manufacture month."""
    if case.serial_altered:
        charges.append(_reason("serial_altered"))
    if not case.serial_read:
        return None
    check = check_serial(
        case.serial_read,
        catalogue,
        registered.code if registered is not None else None,
        today=case.service_date,
    )
    for found in check.problems:
        if found.code == _MISMATCH:
            charges.append(_charged_mismatch(found))
        elif not case.serial_altered:
            # An altered serial cannot be expected to pass its check: it is charged
            # for the alteration, not sent back for re-checking.
            problems.append(found)
    if case.serial_altered:
        return None  # an altered serial's date cannot be trusted
    return check.manufactured


def _start(
    case: WarrantyCase, manufactured: date | None
) -> tuple[date | None, Literal["invoice", "manufacture"] | None, list[Reason]]:
    """Where the period starts, on what basis, and the sentences that explain it."""
    if case.purchase_evidence is PurchaseEvidence.INVOICE and case.purchase_date is not None:
        return (
            case.purchase_date,
            "invoice",
            [
                Reason(
                    code="start_invoice",
                    text=text(
                        f"保修期自发票上的购机日期 {case.purchase_date} 起算",
                        f"The warranty runs from the purchase date on the invoice, "
                        f"{case.purchase_date}",
                    ),
                )
            ],
        )
    why = _no_invoice_words(case.purchase_evidence)
    if manufactured is None:
        serial = (
            text("机身编号被涂改", "the serial was altered")
            if case.serial_altered
            else text("且无可识别的机身编号", "and no readable serial number")
        )
        return (
            None,
            None,
            [
                Reason(
                    code="start_unknown",
                    text=text(
                        f"{why.zh}，{serial.zh}，无法确定保修起算日期",
                        f"{why.en}, {serial.en}: the warranty start cannot be dated",
                    ),
                )
            ],
        )
    start = last_day_of_month(manufactured)
    return (
        start,
        "manufacture",
        [
            Reason(
                code="start_manufacture",
                text=text(
                    f"{why.zh}，保修期自出厂日期起算：机身编号显示出厂月份为 "
                    f"{month_label(manufactured)}，按该月最后一天 {start} 计",
                    f"{why.en}, so the warranty runs from the factory date: the serial says "
                    f"the unit was made in {month_label(manufactured)}, counted as the last "
                    f"day of that month, {start}",
                ),
            )
        ],
    )


def _no_invoice_words(evidence: PurchaseEvidence) -> Text:
    if evidence is PurchaseEvidence.WARRANTY_CARD:
        return text(
            "仅有保修卡（保修凭证）而无有效发票",
            "There is a warranty card (proof of warranty) but no valid invoice",
        )
    return text("无有效发票", "There is no valid invoice")


def _is_lamp(accessory: Accessory | None) -> bool:
    return accessory is not None and accessory.code.startswith(LAMP_CODE_PREFIX)


def _period(case: WarrantyCase, accessory: Accessory | None) -> tuple[int, Reason]:
    """The period in months and the sentence naming the rule that gave it."""
    industry = case.customer_type is CustomerType.INDUSTRY
    years = case.contract_warranty_years or 1
    if case.item is WarrantyItem.UNIT and industry:
        return years * 12, Reason(
            code="period_industry_unit",
            text=text(
                f"行业工程用户：整机（含灯泡）按合同保修 {years} 年",
                f"Industry customer: the whole unit, lamp included, is under warranty for "
                f"{years} year(s) as the contract says",
            ),
        )
    if case.item is WarrantyItem.UNIT:
        return 12, Reason(
            code="period_unit",
            text=text("整机保修 1 年", "The whole unit is under warranty for 1 year"),
        )
    name = accessory.name if accessory is not None else text("附件", "accessory")
    if industry and _is_lamp(accessory):
        return years * 12, Reason(
            code="period_industry_lamp",
            text=text(
                f"行业工程用户：{name.zh}随整机按合同保修 {years} 年",
                f"Industry customer: the {name.en} is covered with the unit for {years} "
                "year(s) as the contract says",
            ),
        )
    if industry:
        return 12, Reason(
            code="period_industry_accessory",
            text=text(
                f"行业工程用户：附件（{name.zh}）保修 1 年",
                f"Industry customer: accessories ({name.en}) are under warranty for 1 year",
            ),
        )
    return 6, Reason(
        code="period_accessory",
        text=text(
            f"附件（{name.zh}）保修 6 个月",
            f"Accessories ({name.en}) are under warranty for 6 months",
        ),
    )


def _cause_reasons(case: WarrantyCase, accessory: Accessory | None) -> list[Reason]:
    cause = case.cause
    if cause is FaultCause.UNIT_FAULT:
        return []
    if cause is FaultCause.CONSUMABLE and (
        case.customer_type is CustomerType.INDUSTRY and _is_lamp(accessory)
    ):
        return []  # an industry contract covers the lamp, wear included
    return [_reason(cause.value)]


def _within(service_date: date, end: date) -> Reason:
    return Reason(
        code="within_period",
        text=text(
            f"服务日期 {service_date} 在保修期内（保修至 {end}）",
            f"The service date {service_date} is within the warranty period (until {end})",
        ),
    )


def _period_over(service_date: date, end: date) -> Reason:
    return Reason(
        code="period_over",
        text=text(
            f"保修期已于 {end} 届满（服务日期 {service_date}），"
            "维修需收费；我们提供终身维护，合理收费",
            f"The warranty ended on {end} (service date {service_date}), so the repair is "
            "charged; we offer lifetime maintenance at a reasonable fee",
        ),
    )


def _charged_mismatch(found: Reason) -> Reason:
    """The serial check's mismatch, as the charged case it is (型号与修理产品型号不符)."""
    return Reason(
        code=found.code,
        text=text(f"{found.text.zh}，需收费维修", f"{found.text.en}, so the repair is charged"),
    )


# Fixed sentences for the charged cases that need no figures.
_FIXED: dict[str, tuple[str, str]] = {
    "serial_altered": (
        "机身编号或型号被涂改，需收费维修",
        "The serial number or model has been altered, so the repair is charged",
    ),
    "clearance_sale": (
        "该机为降价处理销售的产品，需收费维修",
        "The unit was sold at a reduced clearance price, so the repair is charged",
    ),
    FaultCause.MISUSE.value: (
        "人为损坏（使用、维护或保管不当），需收费维修",
        "The damage comes from improper use, care or storage, so the repair is charged",
    ),
    FaultCause.FORCE_MAJEURE.value: (
        "不可抗力（火灾、水灾、地震等）造成的损坏，需收费维修",
        "The damage comes from force majeure (fire, flood, earthquake, ...), so the repair "
        "is charged",
    ),
    FaultCause.OWN_DISASSEMBLY.value: (
        "用户自行拆装或改装过，不属于保修范围，需收费维修",
        "The unit was taken apart or modified by the customer: not covered, so the repair "
        "is charged",
    ),
    FaultCause.COSMETIC_WEAR.value: (
        "外观磨损不属于保修范围，需收费维修",
        "Cosmetic wear is not covered, so the repair is charged",
    ),
    FaultCause.CONSUMABLE.value: (
        "易耗品（电池、灯泡等）正常损耗不属于保修范围，需收费更换",
        "Consumables (batteries, lamps, ...) wearing out normally are not covered, so the "
        "replacement is charged",
    ),
    FaultCause.OUTSIDE_CAUSE.value: (
        "故障来自外部原因（信号、线缆或连接的电脑、电视），不属于产品保修维修；"
        "如需我们处理，按收费服务",
        "The fault comes from outside the unit (signal, cables, the connected computer or "
        "TV): this is not warranty work; if we handle it, it is charged",
    ),
}


def _reason(code: str) -> Reason:
    zh, en = _FIXED[code]
    return Reason(code=code, text=text(zh, en))
