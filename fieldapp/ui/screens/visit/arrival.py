"""Step 1, arrival (到达): the check-in time and position, the work ID and work order shown,
the greeting."""

from __future__ import annotations

import asyncio
import logging

import flet as ft
import flet_geolocator as fg

from fieldapp.ui.components.event_value import ticked
from fieldapp.ui.components.visit_fields import heading, note
from fieldapp.ui.i18n import Translator, use_translator
from fieldapp.ui.theme import OK_COLOR, OVERDUE_COLOR, TOUCH_TARGET
from fieldapp.ui.viewmodels.visit_model import VisitModel

log = logging.getLogger(__name__)
POSITION_WAIT_SECONDS = 20  # indoors a fix can take a while; longer and the door is open


@ft.component
def CheckInPosition(model: VisitModel, tr: Translator) -> ft.Control:
    """The check-in position: asked of the phone only when the technician taps, and optional."""
    geolocator = ft.use_memo(lambda: fg.Geolocator(), [])
    locating, set_locating = ft.use_state(False)
    arrival = model.sheet.arrival if model.sheet is not None else None

    async def locate() -> None:
        set_locating(True)
        latitude = longitude = None
        try:
            status = await asyncio.wait_for(geolocator.request_permission(), POSITION_WAIT_SECONDS)
            if status not in (
                fg.GeolocatorPermissionStatus.DENIED,
                fg.GeolocatorPermissionStatus.DENIED_FOREVER,
            ):
                position = await asyncio.wait_for(
                    geolocator.get_current_position(), POSITION_WAIT_SECONDS
                )
                latitude, longitude = position.latitude, position.longitude
        except Exception:  # refused, no fix in time, no location service: said in words
            log.info("no check-in position", exc_info=True)
        finally:
            set_locating(False)
        await model.record_position(
            float(latitude) if latitude is not None else None,
            float(longitude) if longitude is not None else None,
        )

    controls: list[ft.Control] = []
    if arrival is not None and arrival.latitude is not None and arrival.longitude is not None:
        controls.append(
            ft.Semantics(
                identifier="position",
                content=ft.Text(
                    tr.t(
                        "arrival.location_saved",
                        lat=f"{arrival.latitude:.5f}",
                        lon=f"{arrival.longitude:.5f}",
                    ),
                    color=OK_COLOR,
                ),
            )
        )
    elif model.editable:
        controls.append(
            ft.Semantics(
                identifier="record-position",
                content=ft.OutlinedButton(
                    tr.t("arrival.locating") if locating else tr.t("arrival.location"),
                    icon=ft.Icons.MY_LOCATION,
                    on_click=locate,
                    disabled=locating,
                    height=TOUCH_TARGET,
                ),
            )
        )
    if model.position_notice is not None:
        controls.append(ft.Text(tr.text(model.position_notice), color=OVERDUE_COLOR, size=13))
    return ft.Column(controls, spacing=4)


@ft.component
def ArrivalStep(model: VisitModel) -> ft.Control:
    tr = use_translator()
    sheet, visit = model.sheet, model.visit
    if sheet is None or visit is None:
        return ft.Container()
    zone = visit.reference.zone
    arrival = sheet.arrival
    when = arrival.checked_in_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if arrival else "—"
    greeting = next((p for p in visit.reference.phrases.phrases if p.id == "greeting"), None)

    def shown_box(name: str, label: str) -> ft.Control:
        async def changed(e: ft.Event[ft.Checkbox]) -> None:
            await model.shown(name, ticked(e))

        return ft.Semantics(
            identifier=f"arrival-{name}",
            content=ft.Checkbox(
                label=label,
                value=bool(arrival and getattr(arrival, name)),
                on_change=changed,
                disabled=not model.editable,
                height=TOUCH_TARGET,
            ),
        )

    controls: list[ft.Control] = [
        ft.Text(tr.t("arrival.checked_in", when=when), color=OK_COLOR, weight=ft.FontWeight.BOLD),
        CheckInPosition(model, tr),
        note(
            tr.t(
                "arrival.work_order",
                ticket=visit.order.ticket_no,
                customer=visit.order.customer.name,
            )
        ),
        shown_box("work_id_shown", tr.t("arrival.work_id_shown")),
        shown_box("work_order_shown", tr.t("arrival.work_order_shown")),
    ]
    if greeting is not None:
        controls += [
            heading(tr.t("arrival.greeting")),
            ft.Semantics(
                identifier="greeting-phrase",
                content=ft.Container(
                    ft.Text(tr.text(greeting.phrase), size=17),
                    bgcolor=ft.Colors.BLUE_50,
                    padding=12,
                    border_radius=8,
                ),
            ),
        ]
    return ft.Column(controls, spacing=6)
