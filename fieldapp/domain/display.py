"""How the sheet's coded values read to a person: names of causes and choices, money, times.

The job sheet stores codes (``unit_fault``, ``invoice``) and amounts in fen; the sign-off
summary, the PDF and the screens show them in words, in Chinese and English, the same
way everywhere.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from fieldapp.domain.job_sheet import (
    FaultCause,
    FaultComplexity,
    PurchaseEvidence,
    WarrantyItem,
)
from fieldapp.domain.reference import ReferenceData
from fieldapp.domain.text import Text, text
from fieldapp.domain.work_order import CustomerType

# Where the visits are, when the reference data has no working-day calendar.
SERVICE_ZONE = ZoneInfo("Asia/Shanghai")

CAUSE_NAMES: dict[FaultCause, Text] = {
    FaultCause.UNIT_FAULT: text("产品本身故障", "Fault of the unit itself"),
    FaultCause.OUTSIDE_CAUSE: text(
        "外部原因（信号、线缆、连接的电脑或电视）",
        "Outside cause (signal, cables, the connected computer or TV)",
    ),
    FaultCause.MISUSE: text(
        "人为损坏（使用、维护或保管不当）", "Damage from improper use, care or storage"
    ),
    FaultCause.FORCE_MAJEURE: text(
        "不可抗力（火灾、水灾、地震等）", "Force majeure (fire, flood, earthquake, ...)"
    ),
    FaultCause.OWN_DISASSEMBLY: text(
        "用户自行拆装或改装", "Taken apart or modified by the customer"
    ),
    FaultCause.COSMETIC_WEAR: text("外观磨损", "Cosmetic wear"),
    FaultCause.CONSUMABLE: text(
        "易耗品正常损耗（电池、灯泡）", "Consumable worn out (battery, lamp)"
    ),
}

EVIDENCE_NAMES: dict[PurchaseEvidence, Text] = {
    PurchaseEvidence.INVOICE: text("发票", "Invoice"),
    PurchaseEvidence.WARRANTY_CARD: text("保修卡", "Warranty card"),
    PurchaseEvidence.NONE: text("无凭证", "None"),
}

ITEM_NAMES: dict[WarrantyItem, Text] = {
    WarrantyItem.UNIT: text("整机", "Whole unit"),
    WarrantyItem.ACCESSORY: text("附件", "Accessory"),
}

COMPLEXITY_NAMES: dict[FaultComplexity, Text] = {
    FaultComplexity.GENERAL: text("一般故障", "General fault"),
    FaultComplexity.COMPLEX: text("复杂故障", "Complex fault"),
}

CUSTOMER_TYPE_NAMES: dict[CustomerType, Text] = {
    CustomerType.CONSUMER: text("个人用户", "Consumer"),
    CustomerType.INDUSTRY: text("行业工程用户", "Industry customer"),
}

YES = text("是", "yes")
NO = text("否", "no")


def yes_no(value: bool) -> Text:
    """是 / 否."""
    return YES if value else NO


def yuan(fen: int) -> str:
    """An amount in fen as yuan, e.g. ``¥1,234.50`` (negative amounts keep their sign)."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}¥{whole:,}.{cents:02d}"


def service_zone(reference: ReferenceData) -> ZoneInfo:
    """The zone times are shown in: the working calendar's (the service centre's)."""
    return reference.calendar.zone if reference.calendar is not None else SERVICE_ZONE


def local_time(moment: datetime, zone: ZoneInfo) -> str:
    """``2026-11-23 10:40`` in ``zone`` (the service centre's), to the minute."""
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M}"


def day(value: date) -> str:
    """``2026-11-23``."""
    return value.isoformat()
