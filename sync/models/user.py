"""Accounts, their roles and devices, and the failed-login record that slows guessing.

The roles and the sign-in shapes are part of the protocol (:mod:`fieldapp.protocol.auth`).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from fieldapp.domain.validation import label

# Role is re-exported: the service's modules and tests name it from here too.
from fieldapp.protocol.auth import Role as Role
from fieldapp.protocol.auth import UserPublic
from sync.core.db import Base, UTCDateTime, utcnow


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    # Tokens issued before this moment are refused (set when the account is disabled).
    tokens_valid_from: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    service_centre: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def public_id(self) -> str:
        """The id the API and job sheets use (``technician_id``): a string."""
        return str(self.id)


class DeviceRow(Base):
    """A phone registered to its technician at their first login from it."""

    __tablename__ = "devices"

    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LoginThrottleRow(Base):
    """Failed logins per username; after a few, each try must wait longer."""

    __tablename__ = "login_throttle"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{1,39}$"


def user_public(row: UserRow) -> UserPublic:
    """An account as others see it."""
    return UserPublic(
        id=row.public_id,
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        active=row.active,
        service_centre=row.service_centre,
    )


class UserCreate(BaseModel):
    """A new account (admin only)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    username: str = Field(pattern=USERNAME_PATTERN, **label("用户名", "Username"))
    display_name: str = Field(min_length=1, max_length=60, **label("姓名", "Display name"))
    role: Role = Field(**label("角色", "Role"))
    password: str = Field(min_length=8, max_length=128, **label("密码", "Password"))
    service_centre: str = Field(default="", max_length=60, **label("服务中心", "Service centre"))


class DevicePublic(BaseModel):
    device_id: str
    user_id: str
    username: str
    display_name: str
    registered_at: datetime
    last_seen_at: datetime
