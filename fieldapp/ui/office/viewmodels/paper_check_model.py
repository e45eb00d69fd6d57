"""The paper-sheet check: what the clerk typed, pasted or scanned, and what the service holds."""

from __future__ import annotations

from dataclasses import dataclass, field

import flet as ft

from fieldapp.domain.text import Text
from fieldapp.office import paper_check
from fieldapp.office.client import OfficeClient
from fieldapp.ui.office.viewmodels.base import Failed, call


@ft.observable
@dataclass
class PaperCheckModel:
    """The hash as typed (kept as typed), its message, and the verdict in words."""

    client: OfficeClient
    typed: str = ""
    problems: dict[str, Text] = field(default_factory=dict)
    verdict: list[Text] = field(default_factory=list)
    found: bool | None = None
    busy: bool = False
    error: Text | None = None

    def set_typed(self, value: str) -> None:
        self.typed, self.problems = value, {}

    async def check(self, _event: object = None) -> None:
        if self.busy:
            return
        self.busy, self.error, self.verdict, self.found = True, None, [], None
        try:
            result = await call(paper_check.check_paper, self.client, self.typed)
        except Failed as exc:
            self.problems, self.error = exc.problems, exc.banner
            return
        finally:
            self.busy = False
        self.found, self.verdict = result.found, paper_check.verdict(result)
