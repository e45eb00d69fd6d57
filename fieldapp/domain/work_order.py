"""The work order (工作单): what the clerk recorded from the customer's call.

A work order carries the repair ticket number (报修单号) the customer uses to follow
progress, the customer, the registered product and the reported fault. The
supervisor assigns it to a technician, who visits and fills a job sheet for it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from fieldapp.domain.phone import CheckedPhone
from fieldapp.domain.text import Text, text
from fieldapp.domain.validation import label, model_label, problem

# 报修单号: BX + date of the call + a 4-digit sequence of that day, e.g. BX20261123-0007.
TICKET_NO_PATTERN = r"^BX[0-9]{8}-[0-9]{4}$"
# The shape of a phone as stored (orders recorded before fieldapp.domain.phone still read);
# a call recorded now is checked by that module (NewCustomer).
PHONE_PATTERN = r"^\+?[0-9][0-9 \-]{6,18}[0-9]$"


class CustomerType(StrEnum):
    """Consumer (个人用户) or industry / project customer (行业工程采购用户)."""

    CONSUMER = "consumer"
    INDUSTRY = "industry"


class Urgency(StrEnum):
    """How fast the request must be answered: 24 h normally, 2 h when urgent."""

    NORMAL = "normal"
    URGENT = "urgent"


class WorkOrderStatus(StrEnum):
    """Where the work order stands at the service centre."""

    RECORDED = "recorded"  # 已登记: call recorded, nobody assigned yet
    ASSIGNED = "assigned"  # 已派工
    IN_PROGRESS = "in_progress"  # 处理中: a visit has started
    AWAITING_REVIEW = "awaiting_review"  # 待审批
    CLOSED = "closed"  # 已完成
    CANCELLED = "cancelled"  # 已取消


# An industry / project customer's contract covers the unit for 1 to 3 years.
MIN_CONTRACT_YEARS, MAX_CONTRACT_YEARS = 1, 3
ContractYears = Annotated[int, Field(ge=MIN_CONTRACT_YEARS, le=MAX_CONTRACT_YEARS)]


def check_contract_years(customer_type: CustomerType | None, years: int | None) -> None:
    """Refuse an industry customer without contract warranty years (the period depends on them).

    Raised from a validator, so the work order and the warranty case say it alike.
    """
    if customer_type is CustomerType.INDUSTRY and years is None:
        span = f"{MIN_CONTRACT_YEARS}–{MAX_CONTRACT_YEARS}"
        raise problem(
            f"行业客户须填写合同保修年限（{span} 年）",
            f"an industry customer needs the contract warranty years ({span})",
        )


class Customer(BaseModel):
    """The customer as recorded on the call."""

    model_config = model_label("客户", "Customer")

    name: str = Field(min_length=1, max_length=60, **label("客户姓名", "Customer name"))
    phone: str = Field(pattern=PHONE_PATTERN, **label("联系电话", "Phone"))
    address: str = Field(min_length=4, max_length=200, **label("地址", "Address"))
    customer_type: CustomerType = Field(
        default=CustomerType.CONSUMER, **label("客户类型", "Customer type")
    )
    contract_warranty_years: ContractYears | None = Field(
        default=None, **label("合同保修年限", "Contract warranty years")
    )

    @model_validator(mode="after")
    def _contract_years_for_industry(self) -> Customer:
        check_contract_years(self.customer_type, self.contract_warranty_years)
        return self


class NewCustomer(Customer):
    """A customer as the clerk records them now: the phone checked as the domain checks it
    (:mod:`fieldapp.domain.phone`)."""

    phone: CheckedPhone = Field(**label("联系电话", "Phone"))


class RegisteredProduct(BaseModel):
    """The product the customer reported, as registered for this repair."""

    model_config = ConfigDict(str_strip_whitespace=True)

    brand: str = Field(min_length=1, max_length=40, **label("品牌", "Brand"))
    model: str = Field(min_length=1, max_length=40, **label("机型", "Model"))
    serial: str | None = Field(
        default=None, max_length=32, **label("登记机身编号", "Registered serial")
    )
    purchase_date: date | None = Field(default=None, **label("购机日期", "Purchase date"))


class WorkOrder(BaseModel):
    """A customer's repair request and its assignment."""

    model_config = model_label("工作单", "Work order")

    ticket_no: str = Field(pattern=TICKET_NO_PATTERN, **label("报修单号", "Ticket number"))
    customer: Customer = Field(**label("客户", "Customer"))
    product: RegisteredProduct = Field(**label("产品", "Product"))
    reported_fault: str = Field(min_length=2, max_length=500, **label("故障描述", "Reported fault"))
    reported_at: AwareDatetime = Field(**label("报修时间", "Reported at"))
    urgency: Urgency = Field(default=Urgency.NORMAL, **label("紧急程度", "Urgency"))
    appointment: AwareDatetime | None = Field(default=None, **label("预约时间", "Appointment"))
    technician_id: str | None = Field(default=None, **label("技术员", "Technician"))
    status: WorkOrderStatus = Field(default=WorkOrderStatus.RECORDED, **label("状态", "Status"))
    service_centre: str = Field(default="", max_length=60, **label("服务中心", "Service centre"))
    updated_at: datetime | None = Field(default=None, **label("更新时间", "Updated at"))

    @model_validator(mode="after")
    def _appointment_after_call(self) -> WorkOrder:
        if self.appointment is not None and self.appointment < self.reported_at:
            raise problem("预约时间不能早于报修时间", "the appointment cannot be before the call")
        return self


def ticket_no_for(day: date, sequence: int) -> str:
    """The 报修单号 for the ``sequence``-th call recorded on ``day`` (1-based)."""
    if not 1 <= sequence <= 9999:
        raise ValueError("sequence must be 1..9999")
    return f"BX{day:%Y%m%d}-{sequence:04d}"


def is_ticket_no(value: str) -> bool:
    """Whether ``value`` looks like a 报修单号."""
    return re.fullmatch(TICKET_NO_PATTERN, value) is not None


def ticket_no_problem(value: str, today: date) -> Text | None:
    """What is wrong with a typed 报修单号, or None when it could name a ticket.

    A ticket carries the day its call was recorded (:func:`ticket_no_for`), so a number
    whose day is not a calendar day, or is later than tomorrow, names no ticket; tomorrow
    still passes so that a device whose clock is a little behind the service's never
    refuses a ticket recorded just after midnight. Whether the ticket exists only the
    service can say."""
    if not is_ticket_no(value):
        return text("报修单号应类似 BX20261201-0001", "a ticket number looks like BX20261201-0001")
    try:
        day = date(int(value[2:6]), int(value[6:8]), int(value[8:10]))
    except ValueError:
        return text(
            f"报修单号中的日期 {value[2:10]} 不是有效日期，请核对",
            f"the date {value[2:10]} in the ticket number is not a real day: check it",
        )
    if day > today + timedelta(days=1):
        return text(
            f"报修单号中的日期 {day.isoformat()} 还没到，请核对",
            f"the date {day.isoformat()} in the ticket number is in the future: check it",
        )
    return None
