"""Signing in to the back office, and which places each role works in.

Supervisors (售后主管) review sheets and see everything the clerks see; clerks (文员)
record calls, make the follow-up calls and take complaints; admins manage accounts and see
what a supervisor sees (reading only where the service says so). Technicians use the
phone app, not this one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from fieldapp.domain.text import text
from fieldapp.office.client import OfficeClient, normalise_service_url
from fieldapp.office.errors import OfficeError, Refused, SignInNeeded
from fieldapp.protocol import ErrorCode
from fieldapp.protocol.auth import LoginReply, Role, SignInApp, UserPublic


class Place(StrEnum):
    """The back office's screens, in the navigation rail's order."""

    QUEUE = "queue"
    WORK_ORDERS = "work_orders"
    FOLLOW_UPS = "follow_ups"
    COMPLAINTS = "complaints"
    LOANERS = "loaners"
    UNITS = "units"
    MESSAGES = "messages"
    DASHBOARD = "dashboard"
    PAPER_CHECK = "paper_check"
    ACCOUNTS = "accounts"


_SUPERVISOR = [
    Place.QUEUE,
    Place.WORK_ORDERS,
    Place.FOLLOW_UPS,
    Place.COMPLAINTS,
    Place.LOANERS,
    Place.UNITS,
    Place.MESSAGES,
    Place.DASHBOARD,
    Place.PAPER_CHECK,
]
PLACES: dict[Role, list[Place]] = {
    Role.SUPERVISOR: _SUPERVISOR,
    Role.CLERK: [
        Place.WORK_ORDERS,
        Place.FOLLOW_UPS,
        Place.COMPLAINTS,
        Place.LOANERS,
        Place.UNITS,
        Place.MESSAGES,
        Place.PAPER_CHECK,
    ],
    Role.ADMIN: [Place.ACCOUNTS, *_SUPERVISOR],
    Role.TECHNICIAN: [],
}


def places_for(role: Role) -> list[Place]:
    """The screens ``role`` may open, in the rail's order (the first is the start screen)."""
    return list(PLACES[role])


def can_decide(role: Role) -> bool:
    """Only supervisors approve or return a sheet (admins read the queue)."""
    return role is Role.SUPERVISOR


def can_assign(role: Role) -> bool:
    """Only supervisors assign or reassign a technician."""
    return role is Role.SUPERVISOR


def can_record_calls(role: Role) -> bool:
    """Clerks and supervisors record calls, correct and cancel work orders."""
    return role in (Role.SUPERVISOR, Role.CLERK)


@dataclass(frozen=True)
class StaffSession:
    """A signed-in member of staff: who, and the client carrying their token."""

    user: UserPublic
    client: OfficeClient

    @property
    def role(self) -> Role:
        return self.user.role

    @property
    def places(self) -> list[Place]:
        return places_for(self.user.role)


def check_filled(service_url: str, username: str, password: str) -> None:
    """Refuse an empty field before any request is made."""
    if not service_url.strip():
        raise OfficeError(text("请填写服务地址", "enter the service address"), "service_url")
    if not username.strip():
        raise OfficeError(text("请填写用户名", "enter your username"), "username")
    if not password:
        raise OfficeError(text("请填写密码", "enter your password"), "password")


def sign_in(service_url: str, username: str, password: str) -> StaffSession:
    """POST /auth/login as office staff; blocking (call it off the event loop)."""
    check_filled(service_url, username, password)
    client = OfficeClient(normalise_service_url(service_url))
    body = {
        "username": username.strip(),
        "password": password,
        # Office staff register no phone; the id only names this browser in the logs.
        "device_id": f"office-{uuid.uuid4().hex[:12]}",
        # The service refuses a technician here before registering anything (issue 20).
        "app": SignInApp.OFFICE.value,
    }
    try:
        reply = LoginReply.model_validate(client.post("/auth/login", body))
    except SignInNeeded as exc:
        raise OfficeError(exc.message, "password") from exc
    except Refused as exc:
        if exc.code is ErrorCode.FORBIDDEN:
            raise OfficeError(exc.message, "username") from exc
        raise
    if reply.user.role is Role.TECHNICIAN:
        raise OfficeError(
            text(
                "后台管理供主管、文员和管理员使用；技术员请使用手机应用",
                "the back office is for supervisors, clerks and admins; technicians use the "
                "phone app",
            ),
            "username",
        )
    client.token = reply.access_token
    return StaffSession(user=reply.user, client=client)
