"""A pull (``GET /sync/pull``): a page of changes for the signed-in user, and the cursor.

Each change has a ``kind`` and a shape of its own (:data:`Change` is the union, told apart
by ``kind``). Applying a change twice has the same effect as once; the client stores the
new cursor only after applying every change of the page, and pulls again while
``has_more`` is true.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from fieldapp.domain.work_order import WorkOrder
from fieldapp.protocol.patterns import CURSOR_MAX_LENGTH, SheetId
from fieldapp.protocol.review import ReviewResult


class ChangeKind(StrEnum):
    WORK_ORDER = "work_order"  # new or changed (a cancelled one has status "cancelled")
    WORK_ORDER_REMOVED = "work_order_removed"  # no longer this technician's
    REVIEW_RESULT = "review_result"  # a supervisor approved or returned a sheet
    REFERENCE = "reference"  # a newer version of one reference file


class WorkOrderRemoval(BaseModel):
    reason: str = "removed"  # e.g. "reassigned"


class ReferenceUpdate(BaseModel):
    """One reference file (checklists, catalogue, prices, ...) in its current version."""

    version: str
    content: dict[str, Any]


class WorkOrderChange(BaseModel):
    kind: Literal[ChangeKind.WORK_ORDER] = ChangeKind.WORK_ORDER
    id: str = Field(description="the ticket number")
    data: WorkOrder


class WorkOrderRemovedChange(BaseModel):
    kind: Literal[ChangeKind.WORK_ORDER_REMOVED] = ChangeKind.WORK_ORDER_REMOVED
    id: str = Field(description="the ticket number")
    data: WorkOrderRemoval = Field(default_factory=WorkOrderRemoval)


class ReviewResultChange(BaseModel):
    kind: Literal[ChangeKind.REVIEW_RESULT] = ChangeKind.REVIEW_RESULT
    id: SheetId
    data: ReviewResult


class ReferenceChange(BaseModel):
    kind: Literal[ChangeKind.REFERENCE] = ChangeKind.REFERENCE
    id: str = Field(description="the reference file's name, e.g. catalogue")
    data: ReferenceUpdate


Change = Annotated[
    WorkOrderChange | WorkOrderRemovedChange | ReviewResultChange | ReferenceChange,
    Field(discriminator="kind"),
]


class PullPage(BaseModel):
    """One page: the changes in order, the cursor after them, and whether more follow."""

    cursor: str = Field(max_length=CURSOR_MAX_LENGTH)
    has_more: bool
    changes: list[Change]
