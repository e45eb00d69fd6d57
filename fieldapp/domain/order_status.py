"""Which way a work order's status may move, and what to tell the user when it may not.

A work order is recorded (已登记), assigned (已派工), worked on (处理中), signed and waiting
for the supervisor (待审批), then closed (已完成) — or cancelled (已取消) at any point before
it is closed. The central service applies these changes; this module is the one place that
says which are allowed, so the service, and later the office screens, refuse the same ones
with the same words.

A change to the *same* status means the order is edited in place (customer, product,
appointment …) or reassigned while keeping its status: allowed until the order is finished.

Decisions where DOMAIN.md is silent (see ``docs/rules.md``):

- Reassigning sends an order being worked on or waiting for review back to 已派工 for the
  technician now holding it.
- A closed order is reopened by a technician's new revision of an approved sheet (待审批),
  or by the supervisor approving another sheet of the order that was not fixed on site
  (处理中); the clerk can no longer edit, reassign or cancel it.
- A cancelled order never changes again.
"""

from __future__ import annotations

from collections.abc import Mapping

from fieldapp.domain.text import Text, text
from fieldapp.domain.work_order import WorkOrderStatus

__all__ = [
    "ALLOWED_CHANGES",
    "FINISHED",
    "STATUS_NAMES",
    "WORKED_ON",
    "change_allowed",
    "is_finished",
    "refused_change",
    "status_after_review",
    "status_after_sheet",
]

_S = WorkOrderStatus

STATUS_NAMES: Mapping[WorkOrderStatus, Text] = {
    _S.RECORDED: text("已登记", "recorded"),
    _S.ASSIGNED: text("已派工", "assigned"),
    _S.IN_PROGRESS: text("处理中", "in progress"),
    _S.AWAITING_REVIEW: text("待审批", "awaiting review"),
    _S.CLOSED: text("已完成", "closed"),
    _S.CANCELLED: text("已取消", "cancelled"),
}

# Current status -> the statuses it may move to (itself included: edited in place).
ALLOWED_CHANGES: Mapping[WorkOrderStatus, frozenset[WorkOrderStatus]] = {
    _S.RECORDED: frozenset({_S.RECORDED, _S.ASSIGNED, _S.CANCELLED}),
    _S.ASSIGNED: frozenset(
        {_S.ASSIGNED, _S.IN_PROGRESS, _S.AWAITING_REVIEW, _S.CLOSED, _S.CANCELLED}
    ),
    _S.IN_PROGRESS: frozenset(
        {_S.IN_PROGRESS, _S.ASSIGNED, _S.AWAITING_REVIEW, _S.CLOSED, _S.CANCELLED}
    ),
    _S.AWAITING_REVIEW: frozenset(
        {_S.AWAITING_REVIEW, _S.ASSIGNED, _S.IN_PROGRESS, _S.CLOSED, _S.CANCELLED}
    ),
    _S.CLOSED: frozenset({_S.AWAITING_REVIEW, _S.IN_PROGRESS}),
    _S.CANCELLED: frozenset(),
}

FINISHED: frozenset[WorkOrderStatus] = frozenset({_S.CLOSED, _S.CANCELLED})
# Assigned and not finished: the orders a technician carries on the phone.
WORKED_ON: frozenset[WorkOrderStatus] = frozenset({_S.ASSIGNED, _S.IN_PROGRESS, _S.AWAITING_REVIEW})


def is_finished(status: WorkOrderStatus) -> bool:
    """Whether the order is closed or cancelled: nobody at the centre may edit it any more."""
    return status in FINISHED


def change_allowed(current: WorkOrderStatus, wanted: WorkOrderStatus) -> bool:
    """Whether an order in ``current`` may become ``wanted`` (the same status: edited)."""
    return wanted in ALLOWED_CHANGES[current]


def status_after_sheet(current: WorkOrderStatus, *, signed: bool) -> WorkOrderStatus:
    """The status once a sheet of the order arrives from the technician's phone.

    A signed sheet waits for the supervisor (待审批); the first save of a visit makes an
    assigned order 处理中; anything else leaves the status as it is.
    """
    if signed:
        return _S.AWAITING_REVIEW
    if current is _S.ASSIGNED:
        return _S.IN_PROGRESS
    return current


def status_after_review(
    current: WorkOrderStatus, *, approved: bool, fixed_on_site: bool
) -> WorkOrderStatus:
    """The status once the supervisor approves or returns a sheet of the order.

    Approved and fixed on site: 已完成; approved otherwise (another visit, back to the
    centre): 处理中. Returned: an order waiting for review is 处理中 again. A cancelled order
    stays cancelled (the review is still recorded).
    """
    if current is _S.CANCELLED:
        return current
    if approved:
        return _S.CLOSED if fixed_on_site else _S.IN_PROGRESS
    return _S.IN_PROGRESS if current is _S.AWAITING_REVIEW else current


def refused_change(
    ticket_no: str, current: WorkOrderStatus, wanted: WorkOrderStatus
) -> Text | None:
    """Why work order ``ticket_no`` may not go from ``current`` to ``wanted``; None if it may.

    The message is for the clerk or supervisor who asked: a finished order "can no longer
    change"; any other refused move names both statuses.
    """
    if change_allowed(current, wanted):
        return None
    if is_finished(current):
        return text(
            f"工作单 {ticket_no} {STATUS_NAMES[current].zh}，不能再修改",
            f"work order {ticket_no} is {current.value} and can no longer change",
        )
    now, then = STATUS_NAMES[current], STATUS_NAMES[wanted]
    return text(
        f"工作单 {ticket_no} 当前为「{now.zh}」，不能改为「{then.zh}」",
        f"work order {ticket_no} is {now.en} and cannot become {then.en}",
    )
