"""Units at the service centre (返修机): taken back from a customer, repaired, returned.

A unit is registered when a signed job sheet's outcome is "back to the service centre"; the
customer was promised it repaired within 5 working days of the service centre's calendar
(``fieldapp.domain.service_levels.centre_promise_date``). The centre moves it through its
states and records that the customer was told it is ready; handing it back ends the loan of
the loaner the customer was given meanwhile.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from fieldapp.domain.text import Text
from fieldapp.domain.validation import label
from sync.core.db import Base, UTCDateTime, utcnow


class UnitState(StrEnum):
    RECEIVED = "received"  # 已接收
    REPAIRING = "repairing"  # 维修中
    READY = "ready"  # 已修复，待取回/送回
    RETURNED = "returned"  # 已交还客户


STATE_NAMES: dict[UnitState, Text] = {
    UnitState.RECEIVED: Text(zh="已接收", en="Received"),
    UnitState.REPAIRING: Text(zh="维修中", en="Repairing"),
    UnitState.READY: Text(zh="已修复", en="Ready"),
    UnitState.RETURNED: Text(zh="已交还客户", en="Back with the customer"),
}

# Which state may follow which: forward only, one step or straight to the customer.
NEXT_STATES: dict[UnitState, set[UnitState]] = {
    UnitState.RECEIVED: {UnitState.REPAIRING, UnitState.READY},
    UnitState.REPAIRING: {UnitState.READY},
    UnitState.READY: {UnitState.REPAIRING, UnitState.RETURNED},
    UnitState.RETURNED: set(),
}


class CentreUnitRow(Base):
    __tablename__ = "centre_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[str] = mapped_column(ForeignKey("sheets.sheet_id"), unique=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), index=True)
    service_centre: Mapped[str] = mapped_column(String(60), default="", index=True)
    serial: Mapped[str] = mapped_column(String(32), default="")
    model: Mapped[str] = mapped_column(String(40), default="")
    reason: Mapped[str] = mapped_column(String(500), default="")
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # None when the working-day calendar does not cover the date (the admin must publish it).
    promised_by: Mapped[date | None] = mapped_column(Date, default=None)
    state: Mapped[str] = mapped_column(String(10), default=UnitState.RECEIVED.value, index=True)
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    customer_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    notes: Mapped[str] = mapped_column(String(1000), default="")


class UnitStateChange(BaseModel):
    """Move the unit on; ``at`` defaults to now."""

    model_config = ConfigDict(extra="forbid", title="Unit state", str_strip_whitespace=True)

    state: UnitState = Field(**label("状态", "State"))
    at: AwareDatetime | None = Field(default=None, **label("时间", "At"))
    notes: str = Field(default="", max_length=1000, **label("备注", "Notes"))
    loaner_condition: str = Field(
        default="",
        max_length=500,
        description="when the unit goes back and the customer returns the loaner: its condition",
        **label("备用机归还状况", "Loaner condition"),
    )


class CustomerNotified(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Customer notified")

    notified_at: AwareDatetime | None = Field(default=None, **label("通知时间", "Notified at"))


class CentreUnitPublic(BaseModel):
    id: int
    sheet_id: str
    ticket_no: str
    customer_name: str
    customer_phone: str
    service_centre: str
    serial: str
    model: str
    reason: str
    taken_at: datetime
    promised_by: date | None
    # Working days are not counted here: calendar days left to the promise (negative: late).
    days_left: int | None
    late: bool
    state: UnitState
    state_name: Text
    state_changed_at: datetime
    ready_at: datetime | None
    customer_notified: bool
    customer_notified_at: datetime | None
    returned_at: datetime | None
    notes: str
    loaner_serial: str | None  # the loaner the customer has meanwhile, if any


class CentreUnitList(BaseModel):
    items: list[CentreUnitPublic]
    total: int
    counts: dict[str, int]
