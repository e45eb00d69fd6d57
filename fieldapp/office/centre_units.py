"""Units at the service centre (返修机): promised within 5 working days, moved through their
states (received → repairing → ready → returned) and the customer told when it is ready."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from fieldapp.domain.text import Text
from fieldapp.office.client import OfficeClient

# Which state may follow which (the service refuses any other with bad_state_change).
NEXT_STATES: dict[str, tuple[str, ...]] = {
    "received": ("repairing", "ready"),
    "repairing": ("ready",),
    "ready": ("repairing", "returned"),
    "returned": (),
}


class CentreUnit(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

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
    days_left: int | None
    late: bool
    state: str
    state_name: Text
    customer_notified: bool
    loaner_serial: str | None = None

    @property
    def next_states(self) -> tuple[str, ...]:
        return NEXT_STATES.get(self.state, ())


def centre_units(client: OfficeClient) -> list[CentreUnit]:
    """The units at the centre, earliest promise first."""
    reply = client.get("/centre-units", {"limit": 200})
    return [CentreUnit.model_validate(u) for u in reply["items"]]


def move_to(client: OfficeClient, unit_id: int, state: str) -> CentreUnit:
    """Move the unit on (``returned`` also ends the customer's loan)."""
    return CentreUnit.model_validate(
        client.post(f"/centre-units/{unit_id}/state", {"state": state})
    )


def customer_notified(client: OfficeClient, unit_id: int) -> CentreUnit:
    """Record that the customer was told the unit is ready."""
    return CentreUnit.model_validate(client.post(f"/centre-units/{unit_id}/notified", {}))
