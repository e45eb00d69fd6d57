"""Accounts (admins): every member of staff and technician, with role and state; adding an
account, disabling and enabling one; the registered phones, and releasing one.

A new account is checked as typed by the protocol's own ``UserCreate`` (the same rules the
service applies), so a mistake is named on its field before anything is sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

from pydantic import ValidationError

from fieldapp.domain.text import Text, text
from fieldapp.domain.validation import explain, max_length
from fieldapp.office.client import OfficeClient
from fieldapp.office.errors import FormProblems, Refused, refusals_under
from fieldapp.office.glyphs import glyph_problems
from fieldapp.protocol.auth import DevicePublic, Role, UserCreate, UserPublic
from fieldapp.protocol.errors import ErrorCode

ACCOUNT_FIELDS = ("username", "display_name", "password", "service_centre")
# The most characters each field takes: the service's own model.
ACCOUNT_LIMITS = {
    name: limit for name in ACCOUNT_FIELDS if (limit := max_length(UserCreate, name)) is not None
}
ROLES = (Role.TECHNICIAN, Role.SUPERVISOR, Role.CLERK, Role.ADMIN)


def accounts(client: OfficeClient) -> list[UserPublic]:
    """Every account, as the service lists them."""
    return [UserPublic.model_validate(u) for u in client.get("/users")]


@dataclass(frozen=True)
class AccountForm:
    """A new account as typed; every value kept as typed."""

    values: dict[str, str] = field(default_factory=lambda: dict.fromkeys(ACCOUNT_FIELDS, ""))
    role: Role | None = None

    def with_value(self, name: str, value: str) -> AccountForm:
        return replace(self, values={**self.values, name: value})

    def with_role(self, role: Role | None) -> AccountForm:
        return replace(self, role=role)

    def body(self) -> dict[str, Any]:
        return {**{k: v.strip() for k, v in self.values.items()}, "role": self.role}

    def problems(self) -> dict[str, Text]:
        """What to fix, field by field (empty when the service would take it)."""
        found: dict[str, Text] = {}
        try:
            UserCreate.model_validate(self.body())
        except ValidationError as exc:
            for p in explain(exc, UserCreate):
                name = p.path.split(".")[0]
                found.setdefault(name, p.message)
        if self.role is None:
            found["role"] = text("请选择角色", "choose the role")
        return {**glyph_problems(self.values), **found}


def add_account(client: OfficeClient, form: AccountForm) -> UserPublic:
    """Add the account; a username already taken is named on its field."""
    problems = form.problems()
    if problems:
        raise FormProblems(problems)
    try:
        with refusals_under({*ACCOUNT_FIELDS, "role"}):
            return UserPublic.model_validate(client.post("/users", form.body()))
    except Refused as exc:
        if exc.code == ErrorCode.CONFLICT:
            raise FormProblems({"username": exc.message}) from exc
        raise


def set_active(client: OfficeClient, user_id: str, active: bool) -> UserPublic:
    """Enable or disable an account (a disabled one is signed out everywhere at once)."""
    verb = "enable" if active else "disable"
    return UserPublic.model_validate(client.post(f"/users/{user_id}/{verb}"))


def phones(client: OfficeClient) -> list[DevicePublic]:
    """The registered phones, each with its technician."""
    return [DevicePublic.model_validate(d) for d in client.get("/devices")]


def release_phone(client: OfficeClient, device_id: str) -> None:
    """Release a phone (handed to another technician): it is signed out at once."""
    client.delete(f"/devices/{quote(device_id, safe='')}")
