"""The back office's root component: the sign-in until someone signs in, then the frame with
the navigation rail and the place their role opened."""

from __future__ import annotations

import flet as ft

from fieldapp.ui.i18n import TranslatorContext
from fieldapp.ui.office.screens.frame import Frame
from fieldapp.ui.office.screens.sign_in import OfficeSignIn
from fieldapp.ui.office.services import OfficeContext, OfficeServices
from fieldapp.ui.office.viewmodels.session_model import OfficeSessionModel
from fieldapp.ui.services import LayoutContext


@ft.component
def OfficeApp(services: OfficeServices, session: OfficeSessionModel) -> ft.Control:
    """The whole back office for one session; ``session`` (observed) picks the screen."""

    def content() -> ft.Control:
        if session.staff is None:
            return OfficeSignIn(session)
        return Frame(session, services.translator)

    return OfficeContext(
        services,
        lambda: TranslatorContext(
            services.translator, lambda: LayoutContext(services.layout, content)
        ),
    )
