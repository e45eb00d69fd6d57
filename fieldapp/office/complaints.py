"""Complaints (客投登记): record, answer within 24 hours, close; a period's summary.

The service gives each complaint its answer deadline (24 hours after it was received) and
the seconds left as of the reply; :func:`seconds_left` counts on from there so the screen's
countdown ticks without asking the service again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from fieldapp.domain.phone import PHONE_MAX_LENGTH, phone_problem
from fieldapp.domain.text import Text, text
from fieldapp.domain.work_order import ticket_no_problem
from fieldapp.office.client import OfficeClient
from fieldapp.office.errors import FormProblems, refusals_under, too_long
from fieldapp.office.glyphs import glyph_problem, glyph_problems
from fieldapp.office.sheet_view import centre_today
from fieldapp.protocol.complaints import (
    ComplaintCause,
    ComplaintList,
    ComplaintPublic,
    ComplaintSummary,
)

CAUSES = tuple(cause.value for cause in ComplaintCause)
COMPLAINT_FIELDS = (
    "customer_name",
    "customer_phone",
    "customer_address",
    "ticket_no",
    "details",
)
# The most characters each field takes: the service's ComplaintCreate and ComplaintClose
# (tests/office checks they agree).
COMPLAINT_LIMITS = {
    "customer_name": 60,
    "customer_phone": PHONE_MAX_LENGTH,
    "customer_address": 200,
    "ticket_no": len("BX20261201-0001"),
    "details": 1000,
}
CLOSE_LIMIT = 1000


def seconds_left(complaint: ComplaintPublic, now: datetime | None = None) -> int | None:
    """Seconds left to answer (negative: late); None once closed."""
    if not complaint.open:
        return None
    now = now or datetime.now(UTC)
    return int((complaint.answer_due_at - now).total_seconds())


def countdown_words(seconds: int) -> Text:
    """「还剩 5 小时 12 分」, or 「已超时 1 小时 3 分」; two days or more in days and hours
    (「已超时 3 天 4 小时」), as a person counts them."""
    late = seconds < 0
    minutes = abs(seconds) // 60
    hours, minutes = divmod(minutes, 60)
    zh = f"{hours} 小时 {minutes} 分"
    en = f"{hours} h {minutes} min"
    if hours >= 48:
        days, hours = divmod(hours, 24)
        zh, en = f"{days} 天 {hours} 小时", f"{days} days {hours} h"
    if late:
        return text(f"已超时 {zh}", f"{en} late")
    return text(f"还剩 {zh}", f"{en} left")


def complaints(client: OfficeClient, status: str | None = "open") -> list[ComplaintPublic]:
    """Complaints (open ones by default), as the service lists them."""
    reply = client.get("/complaints", {"status": status, "limit": 200})
    return ComplaintList.model_validate(reply).items


def complaints_about(client: OfficeClient, ticket_no: str) -> list[ComplaintPublic]:
    """The complaints about one job."""
    reply = client.get("/complaints", {"ticket_no": ticket_no, "limit": 200})
    return ComplaintList.model_validate(reply).items


@dataclass(frozen=True)
class ComplaintForm:
    """A complaint as typed; every value kept as typed."""

    values: dict[str, str] = field(default_factory=lambda: dict.fromkeys(COMPLAINT_FIELDS, ""))
    cause: str | None = None

    def with_value(self, name: str, value: str) -> ComplaintForm:
        return replace(self, values={**self.values, name: value})

    def problems(self) -> dict[str, Text]:
        """What to fix, field by field (the phone by the domain's rule)."""
        v = {k: s.strip() for k, s in self.values.items()}
        problems: dict[str, Text] = {}
        if not v["customer_name"]:
            problems["customer_name"] = text("请填写客户姓名", "enter the customer's name")
        phone = phone_problem(v["customer_phone"])
        if phone is not None:
            problems["customer_phone"] = phone
        if self.cause is None:
            problems["cause"] = text("请选择投诉类别", "choose what the complaint is about")
        if len(v["details"]) < 2:
            problems["details"] = text("请写下客户投诉的内容", "write what the customer said")
        ticket = v["ticket_no"].upper()
        wrong_ticket = ticket_no_problem(ticket, centre_today()) if ticket else None
        if wrong_ticket is not None:
            problems["ticket_no"] = wrong_ticket
        for name, limit in COMPLAINT_LIMITS.items():
            if len(v[name]) > limit:
                problems.setdefault(name, too_long(limit, len(v[name])))
        return {**glyph_problems(self.values), **problems}

    def body(self) -> dict[str, Any]:
        v = {k: s.strip() for k, s in self.values.items()}
        return {
            "customer_name": v["customer_name"],
            "customer_phone": v["customer_phone"],
            "customer_address": v["customer_address"],
            "cause": self.cause,
            "details": v["details"],
            "ticket_no": v["ticket_no"].upper() or None,
        }


def record_complaint(client: OfficeClient, form: ComplaintForm) -> ComplaintPublic:
    """Record the complaint; the reply carries its answer deadline."""
    problems = form.problems()
    if problems:
        raise FormProblems(problems)
    with refusals_under({*COMPLAINT_FIELDS, "cause"}):
        return ComplaintPublic.model_validate(client.post("/complaints", form.body()))


def close_complaint(
    client: OfficeClient, complaint_id: int, action_taken: str, customer_follow_up: str
) -> ComplaintPublic:
    """Close it with what was done and what the customer said afterwards."""
    problems: dict[str, Text] = {}
    if len(action_taken.strip()) < 2:
        problems["action_taken"] = text("请写明处理结果", "write what was done")
    if len(customer_follow_up.strip()) < 2:
        problems["customer_follow_up"] = text(
            "请写下客户的回访意见", "write what the customer said afterwards"
        )
    for name, value in (("action_taken", action_taken), ("customer_follow_up", customer_follow_up)):
        if len(value.strip()) > CLOSE_LIMIT:
            problems.setdefault(name, too_long(CLOSE_LIMIT, len(value.strip())))
        if (unshown := glyph_problem(value)) is not None:
            problems.setdefault(name, unshown)
    if problems:
        raise FormProblems(problems)
    body = {"action_taken": action_taken.strip(), "customer_follow_up": customer_follow_up.strip()}
    with refusals_under(set(body)):
        return ComplaintPublic.model_validate(
            client.post(f"/complaints/{complaint_id}/close", body)
        )


def summary(client: OfficeClient, first: date, last: date) -> ComplaintSummary:
    """The period's complaints by cause and by technician."""
    params = {"from": first.isoformat(), "to": last.isoformat()}
    return ComplaintSummary.model_validate(client.get("/complaints/summary", params))
