"""Units at the service centre (返修机) as the back office lists and moves them.

A unit is registered when a signed sheet's outcome takes it back to the centre; the centre
moves it through its states (:data:`NEXT_STATES` says which may follow which, the service
refuses any other) and records that the customer was told it is ready.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from fieldapp.domain.text import Text
from fieldapp.domain.validation import label


class UnitState(StrEnum):
    RECEIVED = "received"  # 已接收
    REPAIRING = "repairing"  # 维修中
    READY = "ready"  # 已修复，待取回/送回
    RETURNED = "returned"  # 已交还客户


# Which state may follow which: forward only, one step or straight to the customer (in the
# order the back office offers them).
NEXT_STATES: dict[UnitState, tuple[UnitState, ...]] = {
    UnitState.RECEIVED: (UnitState.REPAIRING, UnitState.READY),
    UnitState.REPAIRING: (UnitState.READY,),
    UnitState.READY: (UnitState.REPAIRING, UnitState.RETURNED),
    UnitState.RETURNED: (),
}


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

    @property
    def next_states(self) -> tuple[UnitState, ...]:
        """The states the unit may move on to from where it is."""
        return NEXT_STATES[self.state]


class CentreUnitList(BaseModel):
    items: list[CentreUnitPublic]
    total: int
    counts: dict[str, int]
