"""One sheet opened for review: its detail, its images, the decision being made.

A decision made on a version the technician has since replaced (or one someone else decided
first) is refused by the service; the model then says so in words (``too_late``) and offers
to open the sheet again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import flet as ft

from fieldapp.domain.sheet_changes import section_name
from fieldapp.domain.text import Text
from fieldapp.office import reviews
from fieldapp.office.client import OfficeClient
from fieldapp.office.errors import DecisionTooLate
from fieldapp.office.sheet_view import Section, sheet_sections
from fieldapp.protocol.sheet_detail import SheetDetail
from fieldapp.ui.i18n import message
from fieldapp.ui.office.viewmodels.base import Failed, call


@ft.observable
@dataclass
class SheetModel:
    """The sheet on screen and the supervisor's decision in progress."""

    client: OfficeClient
    sheet_id: str
    detail: SheetDetail | None = None
    sections: list[Section] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)
    enlarged: str | None = None
    loading: bool = True
    error: Text | None = None
    returning: bool = False
    return_section: str | None = None
    comment: str = ""
    problems: dict[str, Text] = field(default_factory=dict)
    busy: bool = False
    decided: Text | None = None
    too_late: Text | None = None
    pdf: bytes | None = None

    async def load(self, _event: object = None) -> None:
        """Open (or open again) the sheet as the service has it now."""
        self.loading, self.too_late, self.error = True, None, None
        try:
            detail = await call(reviews.open_sheet, self.client, self.sheet_id)
        except Failed as exc:
            self.error, self.loading = exc.message, False
            return
        self.detail, self.sections, self.loading = detail, sheet_sections(detail.sheet), False
        await self._load_images()

    async def _load_images(self) -> None:
        wanted = [sha for s in self.sections for sha in [*s.photos, s.signature or ""] if sha]
        missing = set(self.detail.missing_attachments if self.detail else [])
        for sha in wanted:
            if sha in self.images or sha in missing:
                continue
            try:
                data = await call(reviews.attachment, self.client, sha)
            except Failed:
                continue  # shown as "not uploaded yet" beside the photo
            self.images = {**self.images, sha: data}

    def enlarge(self, sha: str | None) -> None:
        self.enlarged = sha

    def start_return(self, _event: object = None) -> None:
        self.returning, self.problems = True, {}

    def stop_return(self, _event: object = None) -> None:
        self.returning, self.problems = False, {}

    def set_section(self, key: str | None) -> None:
        self.return_section = key or None
        self.problems = {k: v for k, v in self.problems.items() if k != "section"}

    @property
    def comment_limit(self) -> int:
        """What the comment may hold beside the section named in front of it."""
        section = section_name(self.return_section) if self.return_section else None
        return reviews.comment_limit(section)

    def set_comment(self, value: str) -> None:
        self.comment = value
        self.problems = {k: v for k, v in self.problems.items() if k != "comment"}

    async def approve(self, _event: object = None) -> None:
        await self._decide(approve=True)

    async def send_back(self, _event: object = None) -> None:
        await self._decide(approve=False)

    async def _decide(self, *, approve: bool) -> None:
        if self.detail is None or self.busy:
            return
        self.busy, self.problems, self.error = True, {}, None
        try:
            if approve:
                await call(reviews.approve, self.client, self.detail)
            else:
                section = section_name(self.return_section) if self.return_section else None
                await call(
                    reviews.return_to_technician, self.client, self.detail, section, self.comment
                )
        except Failed as exc:
            if isinstance(exc.__cause__, DecisionTooLate):
                self.too_late = exc.message
            else:
                self.problems, self.error = exc.problems, exc.banner
            return
        finally:
            self.busy = False
        self.decided = message("sheet.approved_done" if approve else "sheet.returned_done")
        self.returning, self.comment = False, ""
        await self.load()

    async def make_pdf(self) -> bytes | None:
        """The job sheet PDF from the service (None, and the reason shown, on failure)."""
        try:
            self.pdf = await call(reviews.sheet_pdf, self.client, self.sheet_id)
        except Failed as exc:
            self.error = exc.message
            return None
        return self.pdf
