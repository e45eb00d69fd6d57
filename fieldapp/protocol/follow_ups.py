"""Follow-up calls (回访) as the back office lists them and records their outcome.

The service schedules the calls (after an approval, a low rating, a job not resolved on the
visit, an overdue loaner); ``reasons`` says why and ``phrase`` what to say first. The clerk
records whether the customer was reached, whether the unit works and the satisfaction survey.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from fieldapp.domain.text import Text
from fieldapp.domain.validation import label, problem


class FollowUpReason(StrEnum):
    """Why the call is made."""

    APPROVED = "approved"  # the supervisor approved the sheet: the usual 回访
    LOW_RATING = "low_rating"  # the customer rated the visit 3 or lower
    NOT_RESOLVED = "not_resolved"  # another visit needed, or the unit went to the centre
    OVERDUE_LOANER = "overdue_loaner"  # a loaner is not back by its due date


class FollowUpStatus(StrEnum):
    """待回访 (the call is still to be made) or 已回访 (recorded)."""

    DUE = "due"
    DONE = "done"


class Satisfaction(BaseModel):
    """The customer's satisfaction survey: attitude, repair quality, response speed (1–5)."""

    model_config = ConfigDict(extra="forbid")

    attitude: int = Field(ge=1, le=5, **label("服务态度", "Attitude"))
    repair_quality: int = Field(ge=1, le=5, **label("维修质量", "Repair quality"))
    response_speed: int = Field(ge=1, le=5, **label("响应速度", "Response speed"))
    satisfied: bool = Field(**label("总体满意", "Satisfied overall"))


class FollowUpOutcome(BaseModel):
    """What the clerk records after the call."""

    model_config = ConfigDict(extra="forbid", title="Follow-up call", str_strip_whitespace=True)

    called_at: AwareDatetime | None = Field(default=None, **label("回访时间", "Called at"))
    reached: bool = Field(**label("已联系上客户", "Customer reached"))
    unit_working: bool | None = Field(default=None, **label("产品使用正常", "Unit working"))
    satisfaction: Satisfaction | None = Field(default=None, **label("满意度", "Satisfaction"))
    notes: str = Field(default="", max_length=1000, **label("回访记录", "Notes"))

    @model_validator(mode="after")
    def _survey_when_reached(self) -> FollowUpOutcome:
        if self.reached and (self.satisfaction is None or self.unit_working is None):
            raise problem(
                "已联系上客户，请记录产品使用情况和满意度",
                "the customer was reached: record whether the unit works and the satisfaction",
            )
        return self


class FollowUpPublic(BaseModel):
    id: int
    sheet_id: str | None
    revision: int | None
    reasons: list[FollowUpReason]
    phrase: Text  # what to say first on this call
    loaner_serial: str | None = None
    ticket_no: str
    customer_name: str
    customer_phone: str
    due_at: datetime
    status: FollowUpStatus
    called_at: datetime | None
    reached: bool | None
    unit_working: bool | None
    satisfaction: Satisfaction | None
    notes: str
    # What the customer said when signing the sheet: the call's cause, on the clerk's screen.
    customer_rating: int | None = None
    customer_comment: str = ""


class FollowUpList(BaseModel):
    items: list[FollowUpPublic]
    total: int
    satisfied_share: float | None  # share of reached customers satisfied; target ≥ 0.9
