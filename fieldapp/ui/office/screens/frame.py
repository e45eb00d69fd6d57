"""The frame of every signed-in screen: the navigation rail with the role's places, the top
bar (place, who is signed in, language, sign-out) and the place itself.

Tablets (1024 wide) get the rail with labels under the icons; desktops (1280 and wider) the
extended rail with labels beside them.
"""

from __future__ import annotations

import flet as ft

from fieldapp.office.session import Place, can_record_calls
from fieldapp.ui.i18n import Translator
from fieldapp.ui.office.screens.accounts import AccountsScreen
from fieldapp.ui.office.screens.complaints import ComplaintsScreen
from fieldapp.ui.office.screens.dashboard import DashboardScreen
from fieldapp.ui.office.screens.follow_ups import FollowUpsScreen
from fieldapp.ui.office.screens.language import LanguageSwitch
from fieldapp.ui.office.screens.loaners import LoanersScreen
from fieldapp.ui.office.screens.messages import MessagesScreen
from fieldapp.ui.office.screens.paper_check import PaperCheckScreen
from fieldapp.ui.office.screens.queue import QueueScreen
from fieldapp.ui.office.screens.sheet import SheetScreen
from fieldapp.ui.office.screens.units import UnitsScreen
from fieldapp.ui.office.screens.work_orders import WorkOrdersScreen
from fieldapp.ui.office.viewmodels.session_model import OfficeSessionModel
from fieldapp.ui.services import use_layout
from fieldapp.ui.theme import PAD

DESKTOP_MIN_WIDTH = 1280
ICONS = {
    Place.QUEUE: ft.Icons.FACT_CHECK,
    Place.WORK_ORDERS: ft.Icons.ASSIGNMENT,
    Place.FOLLOW_UPS: ft.Icons.PHONE_CALLBACK,
    Place.COMPLAINTS: ft.Icons.REPORT_PROBLEM,
    Place.LOANERS: ft.Icons.DEVICES_OTHER,
    Place.UNITS: ft.Icons.HOME_REPAIR_SERVICE,
    Place.MESSAGES: ft.Icons.SMS,
    Place.DASHBOARD: ft.Icons.INSIGHTS,
    Place.PAPER_CHECK: ft.Icons.QR_CODE_SCANNER,
    Place.ACCOUNTS: ft.Icons.MANAGE_ACCOUNTS,
}


def place_title(tr: Translator, place: Place) -> str:
    return tr.t(f"office.place.{place.value}")


def _body(session: OfficeSessionModel, place: Place) -> ft.Control:

    client = session.client
    role = session.staff.role if session.staff else None
    write = role is not None and can_record_calls(role)
    if place is Place.QUEUE:
        if session.sheet_id is not None:
            return SheetScreen(client, session.sheet_id, role, session.close_sheet)
        return QueueScreen(client, session.open_sheet)
    if place is Place.WORK_ORDERS:
        return WorkOrdersScreen(client, role)
    if place is Place.FOLLOW_UPS:
        return FollowUpsScreen(client, write)
    if place is Place.COMPLAINTS:
        return ComplaintsScreen(client, write)
    if place is Place.LOANERS:
        return LoanersScreen(client, write)
    if place is Place.UNITS:
        return UnitsScreen(client, write)
    if place is Place.MESSAGES:
        return MessagesScreen(client, write)
    if place is Place.DASHBOARD:
        return DashboardScreen(client)
    if place is Place.PAPER_CHECK:
        return PaperCheckScreen(client)
    return AccountsScreen(client, session.staff.user.id if session.staff else None)


@ft.component
def Frame(session: OfficeSessionModel, tr: Translator) -> ft.Control:
    layout = use_layout()
    places = session.places
    place = session.place or (places[0] if places else Place.WORK_ORDERS)
    desktop = layout.width >= DESKTOP_MIN_WIDTH
    staff = session.staff

    def changed(e: ft.Event[ft.NavigationRail]) -> None:
        session.go(places[int(e.control.selected_index or 0)])

    rail = ft.NavigationRail(
        selected_index=places.index(place) if place in places else 0,
        extended=desktop,
        label_type=None if desktop else ft.NavigationRailLabelType.ALL,
        min_width=88,
        min_extended_width=210,
        destinations=[
            ft.NavigationRailDestination(icon=ICONS[p], label=place_title(tr, p)) for p in places
        ],
        on_change=changed,
        bgcolor=ft.Colors.SURFACE_CONTAINER,
    )
    who = ""
    if staff is not None:
        who = f"{staff.user.display_name} · {tr.t('office.role.' + staff.role.value)}"
    top = ft.Container(
        ft.Row(
            [
                ft.Text(place_title(tr, place), size=20, weight=ft.FontWeight.BOLD, expand=True),
                ft.Semantics(identifier="who", content=ft.Text(who, size=14)),
                LanguageSwitch(),
                ft.Semantics(
                    identifier="sign-out",
                    content=ft.TextButton(
                        tr.t("office.sign_out"), icon=ft.Icons.LOGOUT, on_click=session.sign_out
                    ),
                ),
            ],
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
        padding=ft.Padding.symmetric(horizontal=PAD * 2, vertical=PAD),
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
    )
    return ft.Row(
        [
            ft.Semantics(identifier="rail", content=rail),
            ft.VerticalDivider(width=1),
            ft.Column(
                [
                    top,
                    ft.Container(
                        _body(session, place),
                        expand=True,
                        padding=ft.Padding.symmetric(horizontal=PAD * 2, vertical=PAD),
                    ),
                ],
                expand=True,
                spacing=0,
            ),
        ],
        expand=True,
        spacing=0,
        vertical_alignment=ft.CrossAxisAlignment.STRETCH,
    )
