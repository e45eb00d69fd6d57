"""A push (``POST /sync/push``): a batch of job sheet versions and one result each.

The service takes the items as plain JSON objects first and checks each on its own
(:class:`PushItem`, then the domain's ``JobSheet``), so that one bad item is rejected alone
and never makes the whole batch fail.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from fieldapp.domain.text import Text
from fieldapp.domain.validation import FieldProblem, label
from fieldapp.protocol.patterns import MAX_PUSH_ITEMS, DeviceId, Sha256, SheetId, Version


class PushRequest(BaseModel):
    """The batch: at most 200 items, sent under an ``Idempotency-Key`` header."""

    model_config = ConfigDict(extra="forbid", title="Push")

    device_id: DeviceId
    sheets: list[dict[str, Any]] = Field(
        max_length=MAX_PUSH_ITEMS,
        description="items of the form {sheet_id, version, sheet}; each is checked on its own",
        **label("报告单", "Sheets"),
    )


class PushItem(BaseModel):
    """One item of the batch: version ``version`` (the device's save counter) of one sheet."""

    model_config = ConfigDict(extra="forbid", title="Sheet item")

    sheet_id: SheetId
    version: Version
    sheet: dict[str, Any] = Field(
        description="the JobSheet (fieldapp.domain.job_sheet)", **label("报告单", "Sheet")
    )


class PushStatus(StrEnum):
    ACCEPTED = "accepted"  # stored, or already stored at this version or newer
    REJECTED = "rejected"  # invalid or not allowed: ``message`` (and ``problems``) say why


class PushResult(BaseModel):
    """The result of one item, in the order sent.

    ``sheet_id`` and ``version`` are None only for an item whose envelope could not be read.
    An accepted sheet is complete on the service once ``missing_attachments`` is empty: it
    lists the files the sheet references that this technician has not uploaded yet.
    """

    sheet_id: str | None
    version: int | None
    status: PushStatus
    message: Text | None = None
    problems: list[FieldProblem] | None = None
    missing_attachments: list[Sha256] = Field(default_factory=list)


class PushReply(BaseModel):
    """Sent only after the batch is committed."""

    results: list[PushResult]
