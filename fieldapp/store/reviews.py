"""Review results (审批) pulled from the server, kept on the sheet's own record.

A supervisor approves a pushed sheet or returns it with a comment. The result arrives in
a pull (``review_result`` change) and is stored in the ``reviews`` table of the sheet's
TinyDB file; applying the same result twice changes nothing.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from fieldapp.domain.validation import label


class ReviewDecision(StrEnum):
    """审批结果: approved (通过) or returned to the technician (退回)."""

    APPROVED = "approved"
    RETURNED = "returned"


class ReviewResult(BaseModel):
    """A supervisor's decision on one revision of a sheet, as the server sends it."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    sheet_id: str = Field(pattern=r"^[0-9a-f\-]{36}$", **label("报告单编号", "Sheet id"))
    revision: int = Field(ge=1, **label("修订版本", "Revision"))
    decision: ReviewDecision = Field(**label("审批结果", "Decision"))
    comment: str = Field(default="", max_length=2000, **label("审批意见", "Comment"))
    reviewed_at: AwareDatetime = Field(**label("审批时间", "Reviewed at"))
    reviewer: str = Field(default="", max_length=100, **label("审批人", "Reviewer"))

    @field_validator("comment", "reviewer", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return "" if value is None else value


def latest_review(reviews: list[ReviewResult]) -> ReviewResult | None:
    """The review that stands: the highest revision, then the most recent decision."""
    if not reviews:
        return None
    return max(reviews, key=lambda r: (r.revision, r.reviewed_at))
