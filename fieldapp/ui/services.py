"""Per-session objects the screens share, handed down the component tree as one context.

A screen takes what it needs with :func:`use_services`. Each field is its own observable
so that a change re-renders only the components that read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import flet as ft

from fieldapp.application import Device
from fieldapp.ui.i18n import Translator
from fieldapp.ui.viewmodels.job_list_model import JobListModel
from fieldapp.ui.viewmodels.session_model import LayoutModel, SessionModel
from fieldapp.ui.viewmodels.sync_model import SyncModel


@dataclass(frozen=True)
class Services:
    """The device and the session's view-models that outlive any one screen."""

    device: Device
    translator: Translator
    session: SessionModel
    layout: LayoutModel
    sync: SyncModel
    job_list: JobListModel


ServicesContext = ft.create_context(cast("Services | None", None))
LayoutContext = ft.create_context(LayoutModel())


def use_services() -> Services:
    """The session's services (provided by the root component)."""
    services = ft.use_context(ServicesContext)
    if services is None:
        raise RuntimeError("use_services() outside TechnicianApp")
    return services


def use_layout() -> LayoutModel:
    """The window's width; the calling component re-renders when it changes."""
    return ft.use_context(LayoutContext)
