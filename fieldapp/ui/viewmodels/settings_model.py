"""The settings screen's view-model: language, facts about the device, diagnostics, sign-out."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

import flet as ft

import fieldapp
from fieldapp.application import Device, SignOutRefused
from fieldapp.application.diagnostics import DataSize, data_size, export_diagnostics
from fieldapp.domain.text import Text
from fieldapp.ui.i18n import Translator, message

log = logging.getLogger(__name__)


@ft.observable
@dataclass
class SettingsModel:
    device: Device
    translator: Translator
    on_signed_out: Callable[[], None]
    size: DataSize | None = None
    message: Text | None = None
    problem: Text | None = None
    busy: bool = False

    @property
    def version(self) -> str:
        return fieldapp.__version__

    async def load(self) -> None:
        self.size = await asyncio.to_thread(data_size, self.device.store)

    async def choose_language(self, language: str, page: ft.Page | None = None) -> None:
        """Switch every screen, Flutter's own widgets, and remember it on the device."""
        self.translator.set_language(language)
        if page is not None:
            from fieldapp.ui.i18n import apply_locale

            apply_locale(page, self.translator.language)
            page.update()
        await asyncio.to_thread(self.device.set_language, self.translator.language)

    async def export(self, _event: object = None) -> None:
        device = self.device
        try:
            path = await asyncio.to_thread(
                export_diagnostics, device.store, device.diagnostics_dir, device.log_file
            )
        except Exception as exc:
            log.exception("diagnostics export failed")
            self.problem = message("error.export", detail=exc)
            return
        self.problem = None
        self.message = message("settings.exported", path=path)

    async def sign_out(self, _event: object = None) -> None:
        """Sign out; refused in words while anything is unsent."""
        self.busy = True
        try:
            await asyncio.to_thread(self.device.sign_out)
        except SignOutRefused as exc:
            self.problem = exc.message
            return
        except Exception as exc:
            log.exception("sign-out failed")
            self.problem = message("error.sign_out", detail=exc)
            return
        finally:
            self.busy = False
        self.on_signed_out()
