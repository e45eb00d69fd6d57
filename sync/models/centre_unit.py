"""Units at the service centre (返修机): taken back from a customer, repaired, returned.

A unit is registered when a signed job sheet's outcome is "back to the service centre"; the
customer was promised it repaired within 5 working days of the service centre's calendar
(``fieldapp.domain.service_levels.centre_promise_date``). The centre moves it through its
states and records that the customer was told it is ready; handing it back ends the loan of
the loaner the customer was given meanwhile.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from fieldapp.domain.text import Text
from fieldapp.protocol.centre_units import UnitState
from sync.core.db import Base, UTCDateTime, utcnow

STATE_NAMES: dict[UnitState, Text] = {
    UnitState.RECEIVED: Text(zh="已接收", en="Received"),
    UnitState.REPAIRING: Text(zh="维修中", en="Repairing"),
    UnitState.READY: Text(zh="已修复", en="Ready"),
    UnitState.RETURNED: Text(zh="已交还客户", en="Back with the customer"),
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
