"""A checklist (「5个1」, 「装束三统一」, departure items): one row component per item.

Each row is its own component; a tick re-renders the checklist it is in (its rows and count,
``screens/visit/etiquette.ChecklistCard``), not the whole visit (FLET.md: what re-renders).
The row shows the time it was ticked.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import flet as ft

from fieldapp.ui.components.tick_box import tick_box
from fieldapp.ui.theme import MUTED_COLOR, OK_COLOR


@dataclass(frozen=True)
class ChecklistEntry:
    """One item as shown: its id, name, detail and when it was ticked ("" if not)."""

    item_id: str
    name: str
    detail: str
    done_at: str


Toggle = Callable[[str], Awaitable[None]]


@ft.component
def ChecklistRow(
    entry: ChecklistEntry,
    on_toggle: Toggle,
    done_words: str,
    enabled: bool,
    key: str | None = None,
) -> ft.Control:
    """One item: a tick box named by the item, its detail and its time (``key``: Flet's).
    A tap asks ``on_toggle`` to turn the item over (the model knows how it stands)."""

    async def tapped() -> None:
        await on_toggle(entry.item_id)

    # The time sits beside the box, so a tick never changes the row's height: a row that
    # grew under the finger would move the next row while it is being tapped.
    box = ft.Row(
        [
            tick_box(entry.name, bool(entry.done_at), tapped if enabled else None, expand=True),
            ft.Text(done_words if entry.done_at else "", size=12, color=OK_COLOR, width=84),
        ],
        spacing=4,
    )
    detail = ft.Container(
        ft.Text(entry.detail, size=12, color=MUTED_COLOR), padding=ft.Padding.only(left=48)
    )
    return ft.Semantics(
        identifier=f"tick-{entry.item_id}",
        content=ft.Column([box, detail] if entry.detail else [box], spacing=0),
    )


def checklist(
    title: str,
    progress: str,
    rows: list[ft.Control],
) -> ft.Control:
    """The list's frame: title, progress count, rows."""
    return ft.Container(
        content=ft.Column(
            [
                ft.Row(
                    [
                        ft.Text(title, weight=ft.FontWeight.BOLD, size=16, expand=True),
                        ft.Semantics(
                            identifier="checklist-progress", content=ft.Text(progress, size=13)
                        ),
                    ]
                ),
                *rows,
            ],
            spacing=2,
        ),
        padding=ft.Padding.symmetric(vertical=6),
    )
