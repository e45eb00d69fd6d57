"""The service's settings: one object, validated when the service starts.

Values come from arguments of ``fieldapp serve`` or from ``FIELDAPP_*`` environment
variables. Outside development the service refuses to start with the development token
secret, so a forgotten setting cannot ship tokens anyone could forge; in development it
refuses to listen beyond this machine with it (:func:`listening_problem`).
"""

from __future__ import annotations

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from fieldapp.domain.job_sheet import MAX_ATTACHMENT_BYTES

DEV_SECRET = "development-only-secret-do-not-use-in-production"
MiB = 1024 * 1024


class Settings(BaseModel):
    """Everything the service needs to run; see docs/service.md for each setting."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    environment: Literal["development", "production"] = "development"
    data_dir: Path = Path("data")
    database_url: str = ""  # empty: an SQLite file in data_dir
    host: str = "127.0.0.1"
    port: int = Field(default=8700, ge=1, le=65535)
    secret_key: str = DEV_SECRET
    token_ttl: timedelta = timedelta(hours=12)
    attachment_max_bytes: int = Field(default=MAX_ATTACHMENT_BYTES, ge=1024)
    batch_max_bytes: int = Field(default=16 * MiB, ge=1024)
    push_max_bytes: int = Field(default=16 * MiB, ge=1024)
    json_max_bytes: int = Field(default=1 * MiB, ge=1024)
    login_free_failures: int = Field(default=5, ge=1)
    # After the free failures a guesser waits this long, then twice as long each time: long
    # enough that the sixth guess cannot follow the fifth at once, short for a technician
    # who mistyped.
    login_first_delay_seconds: int = Field(default=30, ge=1)
    login_max_delay_seconds: int = Field(default=900, ge=1)
    service_timezone: str = "Asia/Shanghai"
    follow_up_after: timedelta = timedelta(days=1)
    log_level: str = "INFO"
    # The customer's progress page and messages (sync/api/routes/track.py, sync/messages).
    public_url: str = ""  # the page's address in messages; empty: http://host:port
    track_link_ttl: timedelta = timedelta(days=30)
    track_free_failures_per_address: int = Field(default=20, ge=1)
    track_free_failures_per_ticket: int = Field(default=5, ge=1)
    track_first_delay_seconds: int = Field(default=60, ge=1)
    track_max_delay_seconds: int = Field(default=3600, ge=1)
    message_sender: Literal["file", "webhook", "off"] = "file"
    message_webhook_url: str = ""
    message_webhook_secret: str = ""
    message_webhook_timeout_seconds: float = Field(default=10, gt=0)
    message_poll_seconds: float = Field(default=1, gt=0)
    message_retry_first_seconds: float = Field(default=30, gt=0)
    message_retry_max_seconds: float = Field(default=3600, gt=0)
    message_max_attempts: int = Field(default=8, ge=1)

    @field_validator("service_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _safe_outside_development(self) -> Settings:
        if self.environment != "development":
            if self.secret_key == DEV_SECRET:
                raise ValueError(
                    "FIELDAPP_SECRET_KEY must be set outside development "
                    "(the development secret would let anyone forge tokens)"
                )
            if len(self.secret_key) < 32:
                raise ValueError("FIELDAPP_SECRET_KEY needs at least 32 characters")
        if self.message_sender == "webhook" and not (
            self.message_webhook_url.startswith(("http://", "https://"))
            and len(self.message_webhook_secret) >= 16
        ):
            raise ValueError(
                "FIELDAPP_MESSAGE_SENDER=webhook needs FIELDAPP_MESSAGE_WEBHOOK_URL (http:// or "
                "https://) and FIELDAPP_MESSAGE_WEBHOOK_SECRET (at least 16 characters)"
            )
        return self

    @property
    def page_url(self) -> str:
        """The service's address as customers reach it (for the links in messages)."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to ``fieldapp.sqlite3`` in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'fieldapp.sqlite3').resolve()}"

    @property
    def zone(self) -> ZoneInfo:
        """The service centre's time zone: ticket numbers and working days follow it."""
        return ZoneInfo(self.service_timezone)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False


def listening_problem(settings: Settings) -> str | None:
    """Why the service must not listen with these settings, or None.

    The development secret is public (it is in this file): tokens signed with it can be
    forged by anyone, so with it the service listens on this machine only.
    """
    if settings.secret_key != DEV_SECRET or is_loopback(settings.host):
        return None
    return (
        f"开发用密钥是公开的，只能在本机（127.0.0.1）上使用，不能在 {settings.host} 上提供服务："
        "请设置 FIELDAPP_SECRET_KEY（至少 32 个字符的随机字符串）和 FIELDAPP_ENV=production，"
        "或用 --host 127.0.0.1。\n"
        f"The development secret is public: the service may listen with it on this machine "
        f"(127.0.0.1) only, not on {settings.host}. Set FIELDAPP_SECRET_KEY (a random string "
        "of at least 32 characters, e.g. from python3 -c 'import secrets; "
        "print(secrets.token_urlsafe(48))') and FIELDAPP_ENV=production, or use --host 127.0.0.1."
    )


_ENV = {
    "environment": "FIELDAPP_ENV",
    "data_dir": "FIELDAPP_DATA_DIR",
    "database_url": "FIELDAPP_DATABASE_URL",
    "host": "FIELDAPP_HOST",
    "port": "FIELDAPP_PORT",
    "secret_key": "FIELDAPP_SECRET_KEY",
    "token_ttl": "FIELDAPP_TOKEN_TTL_SECONDS",
    "service_timezone": "FIELDAPP_TIMEZONE",
    "log_level": "FIELDAPP_LOG_LEVEL",
    "login_first_delay_seconds": "FIELDAPP_LOGIN_FIRST_DELAY_SECONDS",
    "public_url": "FIELDAPP_PUBLIC_URL",
    "track_link_ttl": "FIELDAPP_TRACK_LINK_TTL_SECONDS",
    "track_free_failures_per_address": "FIELDAPP_TRACK_FREE_FAILURES_PER_ADDRESS",
    "track_free_failures_per_ticket": "FIELDAPP_TRACK_FREE_FAILURES_PER_TICKET",
    "track_first_delay_seconds": "FIELDAPP_TRACK_FIRST_DELAY_SECONDS",
    "message_sender": "FIELDAPP_MESSAGE_SENDER",
    "message_webhook_url": "FIELDAPP_MESSAGE_WEBHOOK_URL",
    "message_webhook_secret": "FIELDAPP_MESSAGE_WEBHOOK_SECRET",
    "message_webhook_timeout_seconds": "FIELDAPP_MESSAGE_WEBHOOK_TIMEOUT_SECONDS",
    "message_poll_seconds": "FIELDAPP_MESSAGE_POLL_SECONDS",
    "message_retry_first_seconds": "FIELDAPP_MESSAGE_RETRY_FIRST_SECONDS",
    "message_retry_max_seconds": "FIELDAPP_MESSAGE_RETRY_MAX_SECONDS",
    "message_max_attempts": "FIELDAPP_MESSAGE_MAX_ATTEMPTS",
}
_SECONDS = ("token_ttl", "track_link_ttl")


def load_settings(**overrides: object) -> Settings:
    """Settings from ``FIELDAPP_*`` environment variables, then ``overrides`` (not None)."""
    values: dict[str, object] = {}
    for name, var in _ENV.items():
        if var in os.environ:
            value = os.environ[var]
            # Durations are given in seconds; pydantic reads a number as seconds.
            values[name] = (
                int(value) if name in _SECONDS and value.isascii() and value.isdigit() else value
            )
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings.model_validate(values)
