"""Signing in (``POST /auth/login``) and the account a reply names."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from fieldapp.domain.validation import label
from fieldapp.protocol.patterns import DeviceId


class Role(StrEnum):
    """技术员 visits customers; 售后主管 assigns and approves; 文员 records calls and
    follow-ups; 管理员 manages accounts and reference data."""

    TECHNICIAN = "technician"
    SUPERVISOR = "supervisor"
    CLERK = "clerk"
    ADMIN = "admin"


class UserPublic(BaseModel):
    """An account as others see it; a technician's ``id`` is the sheets' ``technician_id``."""

    id: str
    username: str
    display_name: str
    role: Role
    active: bool
    service_centre: str


class LoginRequest(BaseModel):
    """A technician's first sign-in from a device registers that device to them."""

    model_config = ConfigDict(str_strip_whitespace=True, title="Sign-in")

    username: str = Field(min_length=1, max_length=64, **label("用户名", "Username"))
    password: str = Field(min_length=1, max_length=128, **label("密码", "Password"))
    device_id: DeviceId


class LoginReply(BaseModel):
    """The bearer token for every other call, until ``expires_at``."""

    access_token: str
    token_type: str = "bearer"
    expires_at: datetime
    user: UserPublic
