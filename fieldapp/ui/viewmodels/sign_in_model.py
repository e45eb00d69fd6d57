"""The sign-in screen's view-model: the three fields, busy, and the failure in words."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

import flet as ft

from fieldapp.application import Device, SignInFailed
from fieldapp.ui.i18n import message
from fieldapp.ui.viewmodels.sign_in_form import SignInForm

log = logging.getLogger(__name__)


@ft.observable
@dataclass
class SignInModel(SignInForm):
    """What the technician typed and what happened when they tapped 登录."""

    device: Device
    on_signed_in: Callable[[], None]

    @classmethod
    def for_device(cls, device: Device, on_signed_in: Callable[[], None]) -> SignInModel:
        """Pre-filled: the service address, and the username after an expired sign-in."""
        account = device.account
        return cls(
            device=device,
            on_signed_in=on_signed_in,
            service_url=device.service_url,
            username=account.username if account else "",
        )

    async def submit(self, _event: object = None) -> None:
        """Sign in off the event loop; on failure the reason shows, nothing typed is lost."""
        if self.busy:
            return
        self.busy, self.error, self.error_field = True, None, None
        try:
            await asyncio.to_thread(
                self.device.sign_in, self.service_url, self.username, self.password
            )
        except SignInFailed as exc:
            self.error, self.error_field = exc.message, exc.field
        except Exception as exc:  # shown in words, never the red error box
            log.exception("sign-in failed unexpectedly")
            self.error = message("error.sign_in", detail=exc)
        else:
            self.password = ""
            self.on_signed_in()
        finally:
            self.busy = False
