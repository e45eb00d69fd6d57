"""A supervisor's decision (审批) as the technician receives it in a pull."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from fieldapp.domain.validation import label
from fieldapp.protocol.patterns import MAX_VERSION, SheetId


class ReviewDecision(StrEnum):
    """审批结果: approved (通过) or returned to the technician (退回)."""

    APPROVED = "approved"
    RETURNED = "returned"


class ReviewResult(BaseModel):
    """The decision on one revision (and save ``version``) of a sheet."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, title="Review result")

    sheet_id: SheetId
    revision: int = Field(ge=1, le=MAX_VERSION, **label("修订版本", "Revision"))
    # Absent from results recorded before the service sent it.
    version: int | None = Field(default=None, ge=1, le=MAX_VERSION, **label("保存版本", "Version"))
    decision: ReviewDecision = Field(**label("审批结果", "Decision"))
    comment: str = Field(default="", max_length=2000, **label("审批意见", "Comment"))
    reviewed_at: AwareDatetime = Field(**label("审批时间", "Reviewed at"))
    reviewer: str = Field(default="", max_length=100, **label("审批人", "Reviewer"))

    @field_validator("comment", "reviewer", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return "" if value is None else value
