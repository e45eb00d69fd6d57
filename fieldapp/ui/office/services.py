"""Per-session objects of the back office, handed down the component tree as one context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import flet as ft

from fieldapp.ui.i18n import Translator
from fieldapp.ui.office.viewmodels.session_model import OfficeSessionModel
from fieldapp.ui.viewmodels.session_model import LayoutModel


@dataclass(frozen=True)
class OfficeServices:
    """The session's translator, sign-in and place, and the window's width."""

    translator: Translator
    session: OfficeSessionModel
    layout: LayoutModel


OfficeContext = ft.create_context(cast("OfficeServices | None", None))


def use_office() -> OfficeServices:
    """The session's services (provided by :func:`OfficeApp`)."""
    services = ft.use_context(OfficeContext)
    if services is None:
        raise RuntimeError("use_office() outside OfficeApp")
    return services
