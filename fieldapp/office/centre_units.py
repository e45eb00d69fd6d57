"""Units at the service centre (返修机): promised within 5 working days, moved through their
states (received → repairing → ready → returned) and the customer told when it is ready."""

from __future__ import annotations

from fieldapp.office.client import OfficeClient
from fieldapp.protocol.centre_units import (
    CentreUnitList,
    CentreUnitPublic,
    CustomerNotified,
    UnitState,
    UnitStateChange,
)


def centre_units(client: OfficeClient) -> list[CentreUnitPublic]:
    """The units at the centre, earliest promise first."""
    return CentreUnitList.model_validate(client.get("/centre-units", {"limit": 200})).items


def move_to(client: OfficeClient, unit_id: int, state: str) -> CentreUnitPublic:
    """Move the unit on (``returned`` also ends the customer's loan)."""
    body = UnitStateChange(state=UnitState(state)).model_dump(mode="json", exclude_defaults=True)
    return CentreUnitPublic.model_validate(client.post(f"/centre-units/{unit_id}/state", body))


def customer_notified(client: OfficeClient, unit_id: int) -> CentreUnitPublic:
    """Record that the customer was told the unit is ready."""
    body = CustomerNotified().model_dump(mode="json", exclude_defaults=True)
    return CentreUnitPublic.model_validate(client.post(f"/centre-units/{unit_id}/notified", body))
