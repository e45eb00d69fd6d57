"""Accounts, their roles and devices, and the failed-login record that slows guessing.

The roles and the sign-in shapes are part of the protocol (:mod:`fieldapp.protocol.auth`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

# Re-exported: the service's modules and tests name them from here too.
from fieldapp.protocol.auth import USERNAME_PATTERN as USERNAME_PATTERN
from fieldapp.protocol.auth import DevicePublic as DevicePublic
from fieldapp.protocol.auth import Role as Role
from fieldapp.protocol.auth import UserCreate as UserCreate
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
