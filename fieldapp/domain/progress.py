"""A job as its customer follows it: the steps of the progress page, newest first.

The service gathers what it knows of one 报修单号 (the work order, its job sheets, the unit at
the service centre, the follow-up call) and :func:`timeline` turns it into steps in the
customer's terms: 已受理 → 已派工 → 上门服务中 → the visit's outcome → the centre's states →
回访. Only what the customer may read goes in: the technician's name, times, the outcome and
its reason, the promise date and the centre's phone, the loaner and its due date, the total of
charges the customer agreed to. Never the address, the phone, the serial or anything of
another customer. Times are kept as they are; the page shows them in the centre's time zone.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import date, datetime

from fieldapp.domain.job_sheet import AnotherVisit, FixedOnSite, JobSheet, ReturnToCentre
from fieldapp.domain.text import Text, text
from fieldapp.domain.work_order import WorkOrder, WorkOrderStatus

# A fact's value: words, a point in time, a day, or an amount in fen.
FactValue = str | Text | datetime | date | int


@dataclass(frozen=True)
class Fact:
    """One labelled line under a step (``label``: ``value``)."""

    label: Text
    value: FactValue
    money: bool = False  # an int value is an amount in fen


@dataclass(frozen=True)
class Step:
    """One step of the timeline."""

    at: datetime
    title: Text
    facts: list[Fact] = field(default_factory=list)
    done: bool = True  # False: the step the job is waiting on (shown apart)


@dataclass(frozen=True)
class Visit:
    """A technician's visit: the job sheet as synced, and who came."""

    sheet: JobSheet
    technician_name: str


@dataclass(frozen=True)
class CentreUnit:
    """The unit at the service centre, as the centre moved it on."""

    taken_at: datetime
    promised_by: date | None
    repairing_since: datetime | None
    ready_at: datetime | None
    returned_at: datetime | None


@dataclass(frozen=True)
class JobFacts:
    """Everything the service knows of one job that the customer may read."""

    order: WorkOrder
    assigned_at: datetime | None = None
    technician_name: str | None = None
    visits: list[Visit] = field(default_factory=list)
    units: list[CentreUnit] = field(default_factory=list)
    follow_up_done_at: datetime | None = None
    cancelled_at: datetime | None = None


TECHNICIAN = text("技术员", "Technician")
APPOINTMENT = text("预约上门时间", "Booked for")
REASON = text("原因", "Why")
NEXT_VISIT = text("再次上门时间", "Next visit")
PROMISED = text("承诺修复日期", "Promised by")
CENTRE_PHONE = text("服务中心电话", "Centre phone")
LOANER = text("备用机", "Loaner")
LOANER_DUE = text("备用机归还日期", "Loaner due back")
CHARGES = text("费用合计（您已同意）", "Charges (agreed by you)")
PRODUCT = text("产品", "Product")
FAULT = text("报修内容", "Fault reported")


def timeline(job: JobFacts) -> list[Step]:
    """The job's steps, newest first (the order the page shows them)."""
    order = job.order
    steps = [
        Step(
            at=order.reported_at,
            title=text("已受理", "Call recorded"),
            facts=[
                Fact(PRODUCT, f"{order.product.brand} {order.product.model}"),
                Fact(FAULT, order.reported_fault),
            ],
        )
    ]
    if job.assigned_at is not None and job.technician_name:
        facts = [Fact(TECHNICIAN, job.technician_name)]
        if order.appointment is not None:
            facts.append(Fact(APPOINTMENT, order.appointment))
        steps.append(Step(at=job.assigned_at, title=text("已派工", "Assigned"), facts=facts))
    for visit in job.visits:
        steps += _visit_steps(visit)
    for unit in job.units:
        steps += _unit_steps(unit)
    if job.follow_up_done_at is not None:
        steps.append(Step(at=job.follow_up_done_at, title=text("回访完成", "Follow-up call done")))
    if job.cancelled_at is not None and order.status == WorkOrderStatus.CANCELLED:
        steps.append(Step(at=job.cancelled_at, title=text("已取消", "Cancelled")))
    # Newest first; of two steps at the same moment the later in the job comes first.
    ranked = sorted(enumerate(steps), key=lambda pair: (pair[1].at, pair[0]), reverse=True)
    return [step for _, step in ranked]


def _visit_steps(visit: Visit) -> list[Step]:
    sheet = visit.sheet
    steps: list[Step] = []
    if sheet.arrival is not None:
        steps.append(
            Step(
                at=sheet.arrival.checked_in_at,
                title=text("上门服务中", "Technician on site"),
                facts=[Fact(TECHNICIAN, visit.technician_name)],
            )
        )
    if sheet.sign_off is None or sheet.outcome is None:
        return steps  # the outcome counts once the customer has signed
    at = sheet.sign_off.signed_at
    outcome = sheet.outcome
    facts = _charges(sheet)
    if isinstance(outcome, FixedOnSite):
        steps.append(Step(at=at, title=text("已修好", "Repaired"), facts=facts))
    elif isinstance(outcome, AnotherVisit):
        facts = [Fact(REASON, outcome.reason), Fact(NEXT_VISIT, outcome.proposed_at), *facts]
        steps.append(Step(at=at, title=text("需再次上门", "Another visit needed"), facts=facts))
    elif isinstance(outcome, ReturnToCentre):
        facts = [
            Fact(REASON, outcome.reason),
            Fact(PROMISED, outcome.promised_by),
            Fact(CENTRE_PHONE, outcome.centre_phone),
            *_loaner(sheet),
            *facts,
        ]
        steps.append(
            Step(at=at, title=text("返厂维修", "Taken to the service centre"), facts=facts)
        )
    return steps


def _charges(sheet: JobSheet) -> list[Fact]:
    charges = sheet.charges
    if not charges.lines or charges.customer_agreed_at is None:
        return []
    return [Fact(CHARGES, charges.total_fen, money=True)]


def _loaner(sheet: JobSheet) -> list[Fact]:
    if sheet.loaner is None:
        return []
    return [Fact(LOANER, sheet.loaner.loaner_model), Fact(LOANER_DUE, sheet.loaner.due_date)]


def _unit_steps(unit: CentreUnit) -> list[Step]:
    # The promise date is the one on the sheet the customer signed (the outcome's step): the
    # centre's own deadline may differ by a day and would only confuse.
    steps = [Step(at=unit.taken_at, title=text("服务中心已接收", "Received at the centre"))]
    if unit.repairing_since is not None:
        steps.append(Step(at=unit.repairing_since, title=text("维修中", "Being repaired")))
    if unit.ready_at is not None:
        steps.append(
            Step(at=unit.ready_at, title=text("已修复，待取回/送回", "Repaired, ready for you"))
        )
    if unit.returned_at is not None:
        steps.append(Step(at=unit.returned_at, title=text("已交还", "Back with you")))
    return steps


def status_line(job: JobFacts) -> Text:
    """The job's state in a few words, for the top of the page."""
    newest = timeline(job)[0]
    return newest.title


def phone_digits_match(phone: str, last_four: str) -> bool:
    """Whether ``last_four`` are the last four digits of ``phone`` (spaces, dashes ignored)."""
    digits = "".join(c for c in phone if c.isdigit())[-4:].rjust(4, "-")
    given = last_four if len(last_four) == 4 and last_four.isascii() else "????"
    return hmac.compare_digest(digits, given)  # same time for every wrong answer
