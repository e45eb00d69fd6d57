"""Signing in (``POST /auth/login``) and the account a reply names."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from fieldapp.domain.validation import label, problem
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


class SignInApp(StrEnum):
    """Where the sign-in is made: the technician's phone app, or the back office."""

    PHONE = "phone"
    OFFICE = "office"


class LoginRequest(BaseModel):
    """A technician's first sign-in from a device registers that device to them.

    ``app`` says where the sign-in comes from (phones that predate it send none): the back
    office is refused to technicians, with nothing registered."""

    model_config = ConfigDict(str_strip_whitespace=True, title="Sign-in")

    username: str = Field(min_length=1, max_length=64, **label("用户名", "Username"))
    password: str = Field(min_length=1, max_length=128, **label("密码", "Password"))
    device_id: DeviceId
    app: SignInApp = Field(default=SignInApp.PHONE, **label("登录应用", "App"))


class LoginReply(BaseModel):
    """The bearer token for every other call, until ``expires_at``."""

    access_token: str
    token_type: str = "bearer"
    expires_at: datetime
    user: UserPublic


USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{1,39}$"


def _username(value: str) -> str:
    if not re.fullmatch(USERNAME_PATTERN, value):
        raise problem(
            "用户名用 2 到 40 个小写字母、数字或 . _ -，以字母或数字开头",
            "use 2 to 40 lower-case letters, digits or . _ -, starting with a letter or digit",
        )
    return value


class UserCreate(BaseModel):
    """A new account (``POST /users``, admins only)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    username: Annotated[str, AfterValidator(_username)] = Field(
        max_length=40, **label("用户名", "Username")
    )
    display_name: str = Field(min_length=1, max_length=60, **label("姓名", "Display name"))
    role: Role = Field(**label("角色", "Role"))
    password: str = Field(min_length=8, max_length=128, **label("密码", "Password"))
    service_centre: str = Field(default="", max_length=60, **label("服务中心", "Service centre"))


class DevicePublic(BaseModel):
    """A registered phone and the technician it belongs to (``GET /devices``)."""

    device_id: str
    user_id: str
    username: str
    display_name: str
    registered_at: datetime
    last_seen_at: datetime
