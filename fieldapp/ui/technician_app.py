"""The technician app's root component: the session's contexts and the routes.

Routes (``manage_views``: the AppBar back button, browser back and deep links work):

- ``/``             today's jobs (the sign-in screen until a technician signs in)
- ``/job/:ticket``  a job's detail (on a wide screen beside the list)
- ``/job/:ticket/visit``  the visit at the customer's, step by step (resumable)
- ``/outbox``       what is queued, with each item's state
- ``/settings``     language, service address, technician, device, version, diagnostics
"""

from __future__ import annotations

import flet as ft

from fieldapp.ui.hooks import memoized
from fieldapp.ui.i18n import TranslatorContext
from fieldapp.ui.screens.sign_in.sign_in_screen import SignInScreen
from fieldapp.ui.services import LayoutContext, Services, ServicesContext
from fieldapp.ui.viewmodels.session_model import SessionModel


@ft.component
def SignInView() -> ft.View:
    return ft.View(
        route=ft.use_view_path(),
        controls=[SignInScreen()],
        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
        scroll=ft.ScrollMode.AUTO,
    )


def _routes() -> list[ft.Route]:
    from fieldapp.ui.screens.jobs.job_view import JobView
    from fieldapp.ui.screens.jobs.jobs_view import JobsView
    from fieldapp.ui.screens.outbox.outbox_view import OutboxView
    from fieldapp.ui.screens.settings.settings_view import SettingsView
    from fieldapp.ui.screens.visit.visit_view import VisitView

    return [
        ft.Route(
            path="/",
            # Memoized: opening a job (or the visit) renders the chain of views again, and
            # today's list under it has not changed (it has no props; its list model, the
            # language and the layout are observed, so they still re-render it).
            component=memoized(JobsView),
            children=[
                ft.Route(
                    path="job/:ticket",
                    component=JobView,
                    children=[ft.Route(path="visit", component=VisitView)],
                )
            ],
        ),
        ft.Route(path="/outbox", component=OutboxView),
        ft.Route(path="/settings", component=SettingsView),
    ]


@ft.component
def TechnicianApp(services: Services, session: SessionModel) -> list[ft.View]:
    """The whole app for one session; ``session`` (an argument, so observed) picks the screen."""

    def content() -> list[ft.View]:
        if not session.signed_in or session.needs_password:
            return [SignInView()]
        return ft.Router(_routes(), manage_views=True)  # type: ignore[return-value]

    return ServicesContext(
        services,
        lambda: TranslatorContext(
            services.translator, lambda: LayoutContext(services.layout, content)
        ),
    )
