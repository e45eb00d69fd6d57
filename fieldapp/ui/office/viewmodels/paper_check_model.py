"""The paper-sheet check: what the clerk typed, pasted or scanned, and what the service holds."""

from __future__ import annotations

from dataclasses import dataclass, field

import flet as ft

from fieldapp.domain.text import Text
from fieldapp.office import paper_check
from fieldapp.ui.office.viewmodels.base import FAILED, DeskModel


@ft.observable
@dataclass
class PaperCheckModel(DeskModel):
    """The hash as typed (kept as typed), its message, and the verdict in words."""

    typed: str = ""
    verdict: list[Text] = field(default_factory=list)
    found: bool | None = None

    def set_typed(self, value: str) -> None:
        self.typed, self.problems = value, {}

    async def check(self, _event: object = None) -> None:
        if self.busy:
            return
        self.verdict, self.found = [], None
        result = await self.attempt(paper_check.check_paper, self.typed, form=True)
        if result is FAILED:
            return
        self.found, self.verdict = result.found, paper_check.verdict(result)
