"""The paper-sheet check (核对纸质单): type or paste the hash printed on a customer's 维修卡,
or the text a QR scanner gives, and read whether it is a sheet we hold, which ticket and
revision, who signed and when, and where that revision stands."""

from __future__ import annotations

import flet as ft

from fieldapp.office.client import OfficeClient
from fieldapp.office.paper_check import PASTE_LIMIT
from fieldapp.ui.hooks import use_model
from fieldapp.ui.i18n import use_translator
from fieldapp.ui.office.components.widgets import action, card, error_line, field, heading, muted
from fieldapp.ui.office.viewmodels.paper_check_model import PaperCheckModel
from fieldapp.ui.theme import OK_COLOR, OVERDUE_COLOR


@ft.component
def PaperCheckScreen(client: OfficeClient) -> ft.Control:
    tr = use_translator()
    model = use_model(lambda: PaperCheckModel(client=client))
    controls: list[ft.Control] = [
        heading(tr.t("paper.title"), 16),
        muted(tr.t("paper.how")),
        field(
            tr.t("paper.hash"),
            model.typed,
            model.set_typed,
            "paper-hash",
            message=tr.text(model.problems.get("hash")),
            multiline=True,
            max_length=PASTE_LIMIT,
            width=620,  # a hash on two lines, its whole message beside the count
        ),
        action(
            tr.t("paper.check"),
            model.check,
            "paper-check",
            icon=ft.Icons.QR_CODE_SCANNER,
            disabled=model.busy,
        ),
    ]
    if model.error is not None:
        controls.append(error_line(tr.text(model.error)))
    if model.verdict:
        color = OK_COLOR if model.found else OVERDUE_COLOR
        lines: list[ft.Control] = [ft.Text(tr.text(line), size=15, color=color if i == 0 else None)
                 for i, line in enumerate(model.verdict)]  # fmt: skip
        controls.append(
            ft.Semantics(identifier="paper-verdict", content=ft.Column(lines, spacing=6))
        )
    return ft.Column(
        [card(controls, "paper-check-card")],
        scroll=ft.ScrollMode.AUTO,
        expand=True,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )
