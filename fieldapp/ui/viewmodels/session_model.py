"""One browser tab's (or the phone's) session: signed in or not; and the window's width.

Kept apart from the sync model and the lists on purpose: a component re-renders when an
observable it reads changes, and the lists must not re-render on every sync tick.
"""

from __future__ import annotations

from dataclasses import dataclass

import flet as ft

from fieldapp.application import Device
from fieldapp.ui.theme import WIDE_LAYOUT_MIN_WIDTH


@ft.observable
@dataclass
class SessionModel:
    """Whether the sign-in screen or the app shows."""

    device: Device
    signed_in: bool = False
    needs_password: bool = False

    def refresh(self) -> None:
        """Read the device's sign-in state (cheap: two small settings reads)."""
        signed_in = self.device.account is not None
        needs_password = self.device.needs_password
        if (signed_in, needs_password) != (self.signed_in, self.needs_password):
            self.signed_in, self.needs_password = signed_in, needs_password


@ft.observable
@dataclass
class LayoutModel:
    """The window's width; only the components that lay out by width read it."""

    width: float = 390.0

    @property
    def wide(self) -> bool:
        """Tablet layout: the job list and the job side by side."""
        return self.width >= WIDE_LAYOUT_MIN_WIDTH

    def resized(self, width: float | None) -> None:
        if width and abs(width - self.width) >= 1:
            self.width = float(width)
