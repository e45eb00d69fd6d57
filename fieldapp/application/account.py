"""Who is signed in on this device, and where the sign-in token is kept.

The account (id, username, display name, service centre) and the service address are
plain device settings in the store. The token is a secret and goes to a
:class:`TokenVault`: the app passes one backed by the platform's secure storage where it
has one; :class:`FileTokenVault` (a file readable by this user only, beside the store) is
the default for web mode, the desktop and tests.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from fieldapp.store import Store

ACCOUNT_SETTING = "account"
SERVICE_URL_SETTING = "service_url"
LANGUAGE_SETTING = "language"


@dataclass(frozen=True)
class Account:
    """The technician signed in on this device."""

    user_id: str
    username: str
    display_name: str
    service_centre: str = ""

    @classmethod
    def from_json(cls, data: Any) -> Account | None:
        if not isinstance(data, dict) or not data.get("user_id"):
            return None
        return cls(
            user_id=str(data["user_id"]),
            username=str(data.get("username", "")),
            display_name=str(data.get("display_name", "")),
            service_centre=str(data.get("service_centre", "")),
        )

    def to_json(self) -> dict[str, str]:
        return asdict(self)


def stored_account(store: Store) -> Account | None:
    """The account remembered on this device (also after the token expired), or None."""
    return Account.from_json(store.get_setting(ACCOUNT_SETTING))


class TokenVault(Protocol):
    """Keeps the bearer token between app starts."""

    def load(self) -> str | None: ...

    def save(self, token: str) -> None: ...

    def clear(self) -> None: ...


class FileTokenVault:
    """The token in a file only this user may read (mode 0600), written atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> str | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        token = data.get("token") if isinstance(data, dict) else None
        return token if isinstance(token, str) and token else None

    def save(self, token: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_suffix(".tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"token": token}, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, self.path)

    def clear(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


class MemoryTokenVault:
    """A vault that forgets on exit (tests)."""

    def __init__(self, token: str | None = None) -> None:
        self.token = token

    def load(self) -> str | None:
        return self.token

    def save(self, token: str) -> None:
        self.token = token

    def clear(self) -> None:
        self.token = None
