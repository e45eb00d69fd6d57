"""The warranty verdict as a banner: the headline, the period, every reason in plain words."""

from __future__ import annotations

import flet as ft

from fieldapp.application.visit import Verdict
from fieldapp.ui.i18n import Translator
from fieldapp.ui.theme import MUTED_COLOR, OK_COLOR, WARNING_COLOR


def warranty_banner(verdict: Verdict | None, tr: Translator) -> ft.Control:
    """The domain's verdict (free / charged / no verdict) with its reasons."""
    if verdict is None:
        return ft.Container()
    found = verdict.verdict
    lines: list[ft.Control]
    if found is None:
        lines = [ft.Text(tr.t("warranty.pending"), color=MUTED_COLOR)]
        lines += [ft.Text(f"· {tr.text(p)}", size=13) for p in verdict.problems]
        color = ft.Colors.GREY_100
    else:
        headline_color = (
            WARNING_COLOR
            if found.charged
            else OK_COLOR
            if found.decision == "free"
            else MUTED_COLOR
        )
        lines = [
            ft.Text(
                tr.text(found.headline), size=18, weight=ft.FontWeight.BOLD, color=headline_color
            )
        ]
        if found.start and found.end:
            lines.append(
                ft.Text(
                    tr.t(
                        "warranty.period", start=found.start.isoformat(), end=found.end.isoformat()
                    ),
                    size=13,
                )
            )
        lines += [ft.Text(f"· {tr.text(r.text)}", size=13) for r in found.reasons]
        color = ft.Colors.ORANGE_50 if found.charged else ft.Colors.GREEN_50
    return ft.Semantics(
        identifier="warranty-verdict",
        content=ft.Container(
            content=ft.Column(
                [ft.Text(tr.t("warranty.title"), size=12, color=MUTED_COLOR), *lines], spacing=2
            ),
            bgcolor=color,
            padding=10,
            border_radius=8,
        ),
    )
