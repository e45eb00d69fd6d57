"""Work orders (工作单): record a customer's call, assign or reassign it, cancel it.

A call is checked as it is typed with the domain's own models (customer, product), the
phone rule, the serial scheme and the purchase-date rule, so each field's message appears
under it before anything is sent; whatever the service still refuses comes back under its
field too (:func:`~fieldapp.office.errors.refusals_under`). Each field takes no more
characters than the service does (:data:`CALL_LIMITS`). The service issues the 报修单号.
Assigning shows each technician's jobs on the day, so the supervisor can spread the work.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from fieldapp.domain.intake import purchase_problems
from fieldapp.domain.serial_check import check_serial
from fieldapp.domain.text import Text, text
from fieldapp.domain.validation import explain, max_length
from fieldapp.domain.work_order import (
    NewCustomer,
    RegisteredProduct,
    Urgency,
    WorkOrder,
    WorkOrderStatus,
)
from fieldapp.office.client import OfficeClient, segment
from fieldapp.office.errors import FormProblems, refusals_under, too_long
from fieldapp.office.glyphs import glyph_problem, glyph_problems
from fieldapp.office.sheet_view import CENTRE_ZONE, centre_today
from fieldapp.protocol.auth import UserPublic
from fieldapp.protocol.work_orders import AssignRequest, WorkOrderList
from fieldapp.reference import bundled_reference

# The call form's fields, in the order the clerk asks for them.
CALL_FIELDS = (
    "customer.name",
    "customer.phone",
    "customer.address",
    "product.brand",
    "product.model",
    "product.serial",
    "product.purchase_date",
    "reported_fault",
)
_MODELS: dict[str, type[BaseModel]] = {
    "customer": NewCustomer,
    "product": RegisteredProduct,
    "reported_fault": WorkOrder,
}
# The most characters each field takes: the service's own limits (the domain models').
CALL_LIMITS: dict[str, int] = {
    name: limit
    for name in CALL_FIELDS
    if (limit := max_length(_MODELS[name.split(".")[0]], name.split(".", 1)[-1])) is not None
} | {"product.purchase_date": len("2025-08-01")}
CANCEL_REASON_LIMIT = 200  # the service's CancelRequest
OPEN_STATUSES = (
    WorkOrderStatus.RECORDED,
    WorkOrderStatus.ASSIGNED,
    WorkOrderStatus.IN_PROGRESS,
    WorkOrderStatus.AWAITING_REVIEW,
)


@dataclass(frozen=True)
class CallForm:
    """What the clerk typed so far; every value kept as typed."""

    values: dict[str, str] = field(default_factory=lambda: dict.fromkeys(CALL_FIELDS, ""))
    urgency: Urgency = Urgency.NORMAL

    def with_value(self, name: str, value: str) -> CallForm:
        return replace(self, values={**self.values, name: value})

    def body(self) -> dict[str, Any]:
        """The ``POST /work-orders`` body."""
        v = {k: s.strip() for k, s in self.values.items()}
        return {
            "customer": {
                "name": v["customer.name"],
                "phone": v["customer.phone"],
                "address": v["customer.address"],
            },
            "product": {
                "brand": v["product.brand"],
                "model": v["product.model"],
                "serial": v["product.serial"].upper() or None,
                "purchase_date": v["product.purchase_date"] or None,
            },
            "reported_fault": v["reported_fault"],
            "urgency": self.urgency.value,
        }


def call_problems(form: CallForm, touched: set[str] | None = None) -> dict[str, Text]:
    """What is wrong with the call, field by field (only ``touched`` fields, when given)."""
    body = form.body()
    problems: dict[str, Text] = {}
    for prefix, model in (("customer", NewCustomer), ("product", RegisteredProduct)):
        try:
            model.model_validate(body[prefix])
        except ValidationError as exc:
            for p in explain(exc, model):
                problems.setdefault(f"{prefix}.{p.path}", p.message)
    fault = body["reported_fault"]
    if len(fault) < 2:
        problems["reported_fault"] = text(
            "请描述客户说的故障（至少 2 个字）", "describe the fault the customer reports"
        )
    elif len(fault) > CALL_LIMITS["reported_fault"]:
        problems["reported_fault"] = too_long(CALL_LIMITS["reported_fault"], len(fault))
    serial = body["product"]["serial"]
    if serial and "product.serial" not in problems:
        check = check_serial(serial, bundled_reference().catalogue)
        if check.problems:
            problems["product.serial"] = check.problems[0].text
    purchased = _purchase_date(body["product"]["purchase_date"])
    if purchased is not None and "product.purchase_date" not in problems:
        found = purchase_problems(purchased, serial, bundled_reference().catalogue, centre_today())
        if found:
            problems["product.purchase_date"] = found[0].text
    problems = {**glyph_problems(form.values), **problems}
    if touched is not None:
        problems = {k: m for k, m in problems.items() if k in touched}
    return problems


def _purchase_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None  # the model's own check says how to write it


def serial_hint(form: CallForm) -> Text | None:
    """What a valid serial says (model, month made), shown under the field as confirmation."""
    serial = form.values["product.serial"].strip().upper()
    if not serial:
        return None
    check = check_serial(serial, bundled_reference().catalogue)
    if not check.ok or check.model is None or check.manufactured is None:
        return None
    made = check.manufactured.strftime("%Y-%m")
    return text(f"{check.model.code}，{made} 生产", f"{check.model.code}, made {made}")


def record_call(client: OfficeClient, form: CallForm) -> WorkOrder:
    """Check the call, send it; the work order with its new 报修单号."""
    problems = call_problems(form)
    if problems:
        raise FormProblems(problems)
    with refusals_under(CALL_FIELDS):
        return WorkOrder.model_validate(client.post("/work-orders", form.body()))


def work_orders(
    client: OfficeClient, status: WorkOrderStatus | None = None, limit: int = 100
) -> WorkOrderList:
    """The newest work orders (of ``status``), with who each is assigned to."""
    params = {"status": status.value if status else None, "limit": limit}
    return WorkOrderList.model_validate(client.get("/work-orders", params))


def day_of(order: WorkOrder) -> date | None:
    """The appointment's day in the service centre (None: not booked yet)."""
    return order.appointment.astimezone(CENTRE_ZONE).date() if order.appointment else None


@dataclass(frozen=True)
class TechnicianDay:
    """A technician and their open jobs booked on the day."""

    technician: UserPublic
    jobs: list[WorkOrder]


def technicians_day(
    client: OfficeClient, technicians: list[UserPublic], day: date
) -> list[TechnicianDay]:
    """Each technician's open jobs booked on ``day`` (fewest first: who has room)."""
    days = []
    for tech in technicians:
        page = WorkOrderList.model_validate(
            client.get("/work-orders", {"technician_id": tech.id, "limit": 500})
        )
        jobs = [o for o in page.items if o.status in OPEN_STATUSES and day_of(o) == day]
        days.append(TechnicianDay(tech, sorted(jobs, key=lambda o: o.appointment or datetime.min)))
    return sorted(days, key=lambda d: len(d.jobs))


def assign(client: OfficeClient, ticket_no: str, technician_id: str) -> WorkOrder:
    """Assign (or reassign) the job to a technician."""
    body = AssignRequest(technician_id=technician_id).model_dump(mode="json")
    reply = client.post(f"/work-orders/{segment(ticket_no)}/assign", body)
    return WorkOrder.model_validate(reply)


def cancel(client: OfficeClient, ticket_no: str, reason: str) -> WorkOrder:
    """Cancel the job; the reason is required (at least 2 characters)."""
    if len(reason.strip()) < 2:
        raise FormProblems({"reason": text("请写明取消原因", "write why the job is cancelled")})
    if (unshown := glyph_problem(reason)) is not None:
        raise FormProblems({"reason": unshown})
    if len(reason.strip()) > CANCEL_REASON_LIMIT:
        raise FormProblems({"reason": too_long(CANCEL_REASON_LIMIT, len(reason.strip()))})
    with refusals_under({"reason"}):
        reply = client.post(f"/work-orders/{segment(ticket_no)}/cancel", {"reason": reason.strip()})
    return WorkOrder.model_validate(reply)
