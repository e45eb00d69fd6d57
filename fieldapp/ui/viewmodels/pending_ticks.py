"""Checklist ticks shown before their save returns, as an observable of their own.

A tick is the technician's most frequent tap. Kept apart from the visit's model, it
re-renders only the checklists that show it (their rows and counts), not the whole visit
(step bar, banner, footer): the count comes back sooner (FLET.md: what re-renders).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import flet as ft


@ft.observable
@dataclass
class PendingTicks:
    """Ticks by ``"<checklist>.<item>"``, as the technician last set them, until saved."""

    shown: dict[str, bool] = field(default_factory=dict)

    def get(self, checklist: str, item_id: str) -> bool | None:
        """The tick set and not yet saved (None when there is none)."""
        return self.shown.get(f"{checklist}.{item_id}")

    def set(self, checklist: str, item_id: str, done: bool) -> None:
        self.shown = {**self.shown, f"{checklist}.{item_id}": done}

    def saved(self, checklist: str, item_id: str, done: bool) -> None:
        """The save of ``done`` has returned: the sheet shows the item from here on, unless
        a later tap (its save still under way) set it otherwise, which stays shown."""
        key = f"{checklist}.{item_id}"
        if self.shown.get(key) == done:
            self.shown = {k: v for k, v in self.shown.items() if k != key}
