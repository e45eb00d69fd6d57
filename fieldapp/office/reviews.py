"""The review queue (审批) and one job sheet opened for review.

The queue lists signed sheets oldest first with the filters the service has (status,
technician, visit days, service level missed, charged, low rating, new revision), the count
per status and one page at a time. Opening a sheet gives everything the technician captured,
what the rules say, what changed between versions and since the last decision, who decided
what and when, and the complaints about the job. A decision names the revision and version
the supervisor looked at: if the technician has sent a newer one, or someone decided first,
the service refuses and :class:`~fieldapp.office.errors.DecisionTooLate` says to open the
sheet again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import TypeAdapter

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.text import Text, text
from fieldapp.domain.validation import field_name
from fieldapp.office.client import OfficeClient
from fieldapp.office.errors import FormProblems, refusals_under, too_long
from fieldapp.office.glyphs import glyph_problem
from fieldapp.protocol.auth import Role, UserPublic
from fieldapp.protocol.review_queue import ReviewQueue, SheetStatus
from fieldapp.protocol.sheet_detail import SheetDetail

PAGE_SIZE = 20
_USERS = TypeAdapter(list[UserPublic])


# The statuses the queue lists (a draft is not signed yet, so it is not reviewed).
QUEUE_STATUSES = (SheetStatus.SUBMITTED, SheetStatus.APPROVED, SheetStatus.RETURNED)


@dataclass(frozen=True)
class QueueFilters:
    """What the supervisor narrowed the queue to; None means "any"."""

    status: SheetStatus = SheetStatus.SUBMITTED
    technician_id: str | None = None
    visited_from: date | None = None
    visited_to: date | None = None
    service_level_missed: bool | None = None
    charged: bool | None = None
    low_rating: bool = False
    new_revision: bool | None = None

    def params(self) -> dict[str, Any]:
        """The query parameters of ``GET /reviews``."""
        return {
            "status": self.status.value,
            "technician_id": self.technician_id,
            "visited_from": self.visited_from.isoformat() if self.visited_from else None,
            "visited_to": self.visited_to.isoformat() if self.visited_to else None,
            "service_level_missed": self.service_level_missed,
            "charged": self.charged,
            "max_rating": LOW_RATING if self.low_rating else None,
            "new_revision": self.new_revision,
        }


# A rating of 3 or lower counts as low (the same line the follow-up calls use).
LOW_RATING = 3


def review_queue(client: OfficeClient, filters: QueueFilters, page: int = 0) -> ReviewQueue:
    """One page of the queue (``page`` from 0), oldest first, with the counts per status."""
    if filters.visited_from and filters.visited_to and filters.visited_from > filters.visited_to:
        raise FormProblems(
            {
                "visited_to": text(
                    "结束日期早于开始日期，请改一下", "the last day is before the first day"
                )
            }
        )
    params = {**filters.params(), "limit": PAGE_SIZE, "offset": page * PAGE_SIZE}
    return ReviewQueue.model_validate(client.get("/reviews", params))


def technicians(client: OfficeClient) -> list[UserPublic]:
    """The active technicians (for the filter and for assigning work)."""
    rows = _USERS.validate_python(client.get("/users", {"role": Role.TECHNICIAN.value}))
    return [t for t in rows if t.active]


def open_sheet(client: OfficeClient, sheet_id: str) -> SheetDetail:
    """Everything about one sheet, for the viewer."""
    return SheetDetail.model_validate(client.get(f"/reviews/{sheet_id}"))


def change_label(section: str, path: str) -> Text:
    """The name of a changed value, e.g. 收费 › 收费明细 › 第1项 › 单价 (an amount in 分 is
    shown in 元, so its unit is left off the name)."""
    name = field_name(JobSheet, f"{section}.{path}" if path else section)
    if not path.endswith("_fen"):
        return name
    return text(name.zh.replace("（分）", ""), name.en.replace(" (fen)", ""))


def approve(client: OfficeClient, detail: SheetDetail, comment: str = "") -> None:
    """Approve the revision and version on screen (409 too late: DecisionTooLate)."""
    body = _decision(detail, comment.strip())
    client.post(f"/reviews/{detail.summary.sheet_id}/approve", body)


def return_to_technician(
    client: OfficeClient, detail: SheetDetail, section: Text | None, comment: str
) -> None:
    """Send the sheet back with a comment naming the section to fix (both are required)."""
    problems: dict[str, Text] = {}
    if section is None:
        problems["section"] = text("请选择要技术员修改的部分", "choose the section to fix")
    if len(comment.strip()) < 2:
        problems["comment"] = text(
            "请写明退回原因，技术员会看到这段话", "write why it goes back; the technician reads it"
        )
    if (unshown := glyph_problem(comment)) is not None:
        problems["comment"] = unshown
    if section is not None:
        limit = comment_limit(section)
        if len(comment.strip()) > limit:
            problems["comment"] = too_long(limit, len(comment.strip()))
    if problems:
        raise FormProblems(problems)
    assert section is not None
    body = _decision(detail, f"{_section_mark(section)}{comment.strip()}")
    with refusals_under({"comment"}):
        client.post(f"/reviews/{detail.summary.sheet_id}/return", body)


def _decision(detail: SheetDetail, comment: str) -> dict[str, int | str]:
    """The decision's body: the revision and version on screen, and the comment."""
    summary = detail.summary
    return {"revision": summary.revision, "version": summary.version, "comment": comment}


COMMENT_LIMIT = 1000  # the service's decision comment


def _section_mark(section: Text) -> str:
    return f"【{section.zh} / {section.en}】"


_MARK = re.compile(r"^【([^】/]+?) / ([^】]+?)】")


def decision_comment(comment: str) -> Text:
    """A decision's comment in each language: the section named in front of a return is
    stored in both (「【收费 / Charges】…」, for the technician's phone in either language);
    a reader sees it in theirs (「【收费】…」)."""
    found = _MARK.match(comment)
    if found is None:
        return text(comment, comment)
    rest = comment[found.end() :]
    return text(f"【{found.group(1)}】{rest}", f"[{found.group(2)}] {rest}")


def comment_limit(section: Text | None) -> int:
    """What a return's comment may hold once the section is named in front of it."""
    return COMMENT_LIMIT - (len(_section_mark(section)) if section is not None else 0)


def sheet_pdf(client: OfficeClient, sheet_id: str, english: bool = False) -> bytes:
    """The job sheet PDF (维修卡) the service makes from the current version."""
    return client.get_bytes(f"/sheets/{sheet_id}/pdf", {"english": english or None})


def attachment(client: OfficeClient, sha256: str) -> bytes:
    """A photo or signature image a sheet references."""
    return client.get_bytes(f"/attachments/{sha256}")
