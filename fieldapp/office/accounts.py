"""Accounts (admins): every member of staff and technician, with role and state."""

from __future__ import annotations

from fieldapp.office.client import OfficeClient
from fieldapp.protocol.auth import UserPublic


def accounts(client: OfficeClient) -> list[UserPublic]:
    """Every account, as the service lists them."""
    return [UserPublic.model_validate(u) for u in client.get("/users")]
