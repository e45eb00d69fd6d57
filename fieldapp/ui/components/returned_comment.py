"""The supervisor's comment on a returned sheet, boxed where the technician cannot miss it:
on the job's detail and at the top of the visit they reopen to correct it."""

from __future__ import annotations

import flet as ft

from fieldapp.ui.theme import OVERDUE_COLOR


def returned_comment(title: str, comment: str, identifier: str, padding: int) -> ft.Control:
    """``title`` in bold over the comment (— when the supervisor wrote none)."""
    return ft.Semantics(
        identifier=identifier,
        content=ft.Container(
            content=ft.Column(
                [
                    ft.Text(title, weight=ft.FontWeight.BOLD, color=OVERDUE_COLOR),
                    ft.Text(comment or "—"),
                ],
                spacing=2,
            ),
            bgcolor=ft.Colors.ORANGE_50,
            padding=padding,
            border_radius=6,
        ),
    )
