"""The frame of every signed-in screen: app bar, the sync indicator, bottom navigation.

The sync indicator sits right under the app bar on every screen (sync always in sight);
tapping it opens the outbox. Phones get a bottom :class:`ft.NavigationBar`; wide screens
keep it too, so the three places are always one tap away.
"""

from __future__ import annotations

import flet as ft

from fieldapp.ui.components.sync_indicator import SyncIndicator
from fieldapp.ui.i18n import Translator, use_translator
from fieldapp.ui.services import Services, use_services

# The three places of the app, in the navigation bar's order.
PLACES = (
    ("/", "nav.jobs", ft.Icons.LIST_ALT),
    ("/outbox", "nav.outbox", ft.Icons.OUTBOX),
    ("/settings", "nav.settings", ft.Icons.SETTINGS),
)


def go(route: str) -> None:
    """Navigate this session to ``route`` (from a handler on the page's loop)."""
    ft.context.page.navigate(route)


def navigation_bar(tr: Translator, selected: int | None) -> ft.NavigationBar:
    def changed(e: ft.Event[ft.NavigationBar]) -> None:
        go(PLACES[int(e.control.selected_index or 0)][0])

    return ft.NavigationBar(
        destinations=[
            ft.NavigationBarDestination(icon=icon, label=tr.t(key)) for _, key, icon in PLACES
        ],
        selected_index=selected if selected is not None else 0,
        on_change=changed,
        indicator_color=None if selected is not None else ft.Colors.TRANSPARENT,
    )


def app_view(
    *,
    route: str,
    title: str,
    body: ft.Control,
    services: Services,
    tr: Translator,
    selected: int | None,
    actions: list[ft.Control] | None = None,
) -> ft.View:
    """A route's :class:`ft.View`: the app bar, the indicator, ``body`` filling the rest."""
    return ft.View(
        route=route,
        appbar=ft.AppBar(
            title=ft.Text(title, no_wrap=True, overflow=ft.TextOverflow.ELLIPSIS),
            actions=actions or [],
            bgcolor=ft.Colors.SURFACE_CONTAINER,
        ),
        navigation_bar=navigation_bar(tr, selected),
        padding=0,
        spacing=0,
        controls=[
            ft.Container(
                content=SyncIndicator(services.sync, compact=True, on_open=lambda: go("/outbox")),
                padding=ft.Padding.symmetric(horizontal=4),
                bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
            ),
            ft.Container(content=body, expand=True),
        ],
    )


def place_view(title_key: str, body: ft.Control, selected: int) -> ft.View:
    """The view of one of the app's places (the outbox, the settings) on its own route,
    titled by the string ``title_key``; called from the place's view component."""
    services = use_services()
    tr = use_translator()
    return app_view(
        route=ft.use_view_path(),
        title=tr.t(title_key),
        body=body,
        services=services,
        tr=tr,
        selected=selected,
    )
