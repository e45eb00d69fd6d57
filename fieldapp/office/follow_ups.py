"""Follow-up calls (回访): the calls due, each with why and what to say first; the outcome.

The service schedules the calls (after an approval, a low rating, a job not resolved, an
overdue loaner); the clerk makes them and records whether the customer was reached, whether
the unit works, and the satisfaction survey (attitude, repair quality, response speed, 1–5).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fieldapp.domain.text import Text, text
from fieldapp.office.client import OfficeClient
from fieldapp.office.errors import FormProblems, refusals_under, too_long
from fieldapp.office.glyphs import glyph_problem
from fieldapp.protocol.follow_ups import FollowUpList, FollowUpPublic

REASON_NAMES: dict[str, Text] = {
    "approved": text("审批通过后回访", "after approval"),
    "low_rating": text("客户评分低", "low rating"),
    "not_resolved": text("未当场修好", "not resolved on the visit"),
    "overdue_loaner": text("备用机逾期未还", "loaner overdue"),
}
SURVEY = ("attitude", "repair_quality", "response_speed")
OUTCOME_FIELDS = ("unit_working", *SURVEY, "satisfied", "notes")
NOTES_LIMIT = 1000  # the service's FollowUpOutcome
# Where the service's paths put the survey (under ``satisfaction``) on the form.
_OUTCOME_PATHS = {f"satisfaction.{name}": name for name in (*SURVEY, "satisfied")}


def reason_names(call: FollowUpPublic) -> list[Text]:
    """Why the call is made, in words (「审批通过后回访」, 「客户评分低」, ...)."""
    return [REASON_NAMES.get(r, text(r, r)) for r in call.reasons]


def follow_ups(client: OfficeClient, status: str = "due") -> FollowUpList:
    """The calls due (earliest first), or those done, with the share of satisfied customers."""
    return FollowUpList.model_validate(client.get("/follow-ups", {"status": status}))


@dataclass(frozen=True)
class CallOutcome:
    """What the clerk records after the call; scores 1–5, None until chosen."""

    reached: bool = True
    unit_working: bool | None = None
    attitude: int | None = None
    repair_quality: int | None = None
    response_speed: int | None = None
    satisfied: bool | None = None
    notes: str = ""

    def problems(self) -> dict[str, Text]:
        """What is still to fill before saving (nothing when the customer was not reached)."""
        problems: dict[str, Text] = {}
        if len(self.notes.strip()) > NOTES_LIMIT:
            problems["notes"] = too_long(NOTES_LIMIT, len(self.notes.strip()))
        elif (unshown := glyph_problem(self.notes)) is not None:
            problems["notes"] = unshown
        if not self.reached:
            return problems
        if self.unit_working is None:
            problems["unit_working"] = text("请选择产品是否使用正常", "say whether the unit works")
        for name in SURVEY:
            if getattr(self, name) is None:
                problems[name] = text("请选择 1–5 分", "choose a score from 1 to 5")
        if self.satisfied is None:
            problems["satisfied"] = text("请选择客户是否总体满意", "say whether they are satisfied")
        return problems

    def body(self) -> dict[str, Any]:
        """The ``POST /follow-ups/{id}/outcome`` body."""
        body: dict[str, Any] = {"reached": self.reached, "notes": self.notes.strip()}
        if self.reached:
            body["unit_working"] = self.unit_working
            body["satisfaction"] = {
                "attitude": self.attitude,
                "repair_quality": self.repair_quality,
                "response_speed": self.response_speed,
                "satisfied": self.satisfied,
            }
        return body


def record_outcome(client: OfficeClient, follow_up_id: int, outcome: CallOutcome) -> FollowUpPublic:
    """Record the call (not reached: the call stays due)."""
    problems = outcome.problems()
    if problems:
        raise FormProblems(problems)
    with refusals_under(OUTCOME_FIELDS, _OUTCOME_PATHS):
        reply = client.post(f"/follow-ups/{follow_up_id}/outcome", outcome.body())
    return FollowUpPublic.model_validate(reply)
