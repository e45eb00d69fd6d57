"""One job in the list: ticket, customer, appointment, urgency, product, fault, status,
the service-level countdown, address (copy), phone (tap to call), not-synced and returned marks.
"""

from __future__ import annotations

import flet as ft

from fieldapp.application.jobs import JobCard
from fieldapp.domain.work_order import Urgency
from fieldapp.ui.components.app_view import go
from fieldapp.ui.components.contact import address_line, phone_button
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.theme import MUTED_COLOR, OVERDUE_COLOR, WARNING_COLOR


def tag(label: str, color: str, identifier: str | None = None) -> ft.Control:
    chip = ft.Container(
        content=ft.Text(label, size=12, color=ft.Colors.WHITE, weight=ft.FontWeight.BOLD),
        bgcolor=color,
        border_radius=4,
        padding=ft.Padding.symmetric(horizontal=6, vertical=2),
    )
    return ft.Semantics(identifier=identifier, content=chip) if identifier else chip


@ft.component
def JobRow(card: JobCard, selected: bool = False, key: str | None = None) -> ft.Control:
    """The row; tapping it opens the job. ``key`` is taken by Flet to match rows on re-render."""
    tr = use_translator()
    when = (
        tr.t("jobs.appointment", when=card.appointment.strftime("%m-%d %H:%M"))
        if card.appointment
        else tr.t("jobs.no_appointment")
    )
    tags: list[ft.Control] = [
        ft.Text(tr.t(f"status.{card.status.value}"), size=12, color=MUTED_COLOR)
    ]
    if card.urgency is Urgency.URGENT:
        tags.insert(0, tag(tr.t("urgency.urgent"), OVERDUE_COLOR))
    if card.unsynced:
        tags.append(tag(tr.t("jobs.unsynced"), WARNING_COLOR, "unsynced"))
    lines: list[ft.Control] = [
        ft.Row(
            [ft.Text(card.ticket_no, weight=ft.FontWeight.BOLD, selectable=False), *tags],
            wrap=True,
            spacing=6,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
        ft.Text(f"{card.customer_name} · {when}", size=15),
        ft.Text(
            f"{tr.text(card.product)} · {card.fault}",
            size=13,
            max_lines=2,
            overflow=ft.TextOverflow.ELLIPSIS,
        ),
    ]
    if card.countdown is not None:
        lines.append(
            ft.Text(
                tr.text(card.countdown.words),
                color=OVERDUE_COLOR if card.countdown.overdue else ft.Colors.BLUE_800,
                weight=ft.FontWeight.BOLD if card.countdown.overdue else None,
                size=13,
            )
        )
    if card.returned_comment is not None:
        lines.append(
            ft.Container(
                content=ft.Text(tr.t("jobs.returned", comment=card.returned_comment), size=13),
                bgcolor=ft.Colors.ORANGE_50,
                border_radius=4,
                padding=6,
            )
        )
    lines += [address_line(card.address, tr), phone_button(card.phone, tr)]
    return ft.Semantics(
        identifier=f"job-{card.ticket_no}",
        content=ft.Container(
            content=ft.Column(lines, spacing=4),
            padding=ft.Padding.only(left=12, right=4, top=10, bottom=4),
            on_click=lambda: go(f"/job/{card.ticket_no}"),
            # No ripple: the job's screen is the answer to the tap (about 0.1 s), and the
            # ripple's frames, drawn first on the page's one render thread, delayed it.
            ink=False,
            bgcolor=ft.Colors.SECONDARY_CONTAINER if selected else None,
            border=ft.Border.only(bottom=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)),
        ),
    )
