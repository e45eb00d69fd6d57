"""The sign-in form both apps show (the technician's phone and the back office): the service
address, username and password as typed, and a failure shown under the field it concerns.

The base of the two sign-in view-models (observable dataclasses); its fields are
keyword-only, so a model's own fields without a default may come first.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldapp.domain.text import Text


@dataclass(kw_only=True)
class SignInForm:
    """Typing into a field clears a failure shown under it (or one shown under none)."""

    service_url: str = ""
    username: str = ""
    password: str = ""
    busy: bool = False
    error: Text | None = None
    error_field: str | None = None

    def set_service_url(self, value: str) -> None:
        self.service_url = value
        self._clear("service_url")

    def set_username(self, value: str) -> None:
        self.username = value
        self._clear("username")

    def set_password(self, value: str) -> None:
        self.password = value
        self._clear("password")

    def message_for(self, field: str) -> Text | None:
        """The failure to show under ``field`` (None: elsewhere or no failure)."""
        return self.error if self.error_field == field else None

    def _clear(self, field: str) -> None:
        if self.error is not None and self.error_field in (field, None):
            self.error, self.error_field = None, None
