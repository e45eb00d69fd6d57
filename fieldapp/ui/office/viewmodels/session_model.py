"""The back office session: who is signed in, where they are, the sign-in form."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import flet as ft

from fieldapp.office import session as office_session
from fieldapp.office.client import OfficeClient
from fieldapp.office.session import Place, StaffSession
from fieldapp.ui.office.viewmodels.base import Failed, call
from fieldapp.ui.viewmodels.sign_in_form import SignInForm


@ft.observable
@dataclass
class OfficeSessionModel(SignInForm):
    """One browser tab's back office: signed in or not, the open place and sheet."""

    staff: StaffSession | None = None
    place: Place | None = None
    sheet_id: str | None = None
    expired: bool = False
    places: list[Place] = field(default_factory=list)

    @property
    def client(self) -> OfficeClient:
        if self.staff is None:
            raise RuntimeError("not signed in")
        return self.staff.client

    async def sign_in(self, _event: object = None) -> None:
        """Sign in off the event loop; on failure the reason shows and nothing typed is lost."""
        if self.busy:
            return
        self.busy, self.error, self.error_field = True, None, None
        try:
            staff = await call(
                office_session.sign_in, self.service_url, self.username, self.password
            )
        except Failed as exc:
            self.error = exc.message
            self.error_field = _field_of(exc)
        else:
            # A 401 on any later call (expired token, account disabled) brings the sign-in
            # back; the call runs on a worker thread, the change belongs on this loop.
            loop = asyncio.get_running_loop()

            def sign_in_needed() -> None:
                loop.call_soon_threadsafe(self.expire)

            staff.client.on_sign_in_needed = sign_in_needed
            self.staff, self.password, self.expired = staff, "", False
            self.places = staff.places
            self.place = self.places[0] if self.places else None
        finally:
            self.busy = False

    def go(self, place: Place) -> None:
        """Open one of the role's places (closing any open sheet)."""
        if place in self.places:
            self.place, self.sheet_id = place, None

    def open_sheet(self, sheet_id: str) -> None:
        self.sheet_id = sheet_id

    def close_sheet(self, _event: object = None) -> None:
        self.sheet_id = None

    def expire(self) -> None:
        """The service no longer accepts the sign-in: back to the form, username kept."""
        if self.staff is not None:
            self.sign_out()
            self.expired = True

    def sign_out(self, _event: object = None) -> None:
        self.staff, self.place, self.sheet_id, self.places = None, None, None, []


def _field_of(exc: Failed) -> str | None:
    cause = exc.__cause__
    return getattr(cause, "field", None)
