"""The shapes of a push (``POST /sync/push``): a batch of job sheet versions and one result each.

Items are taken as plain JSON objects at first and validated one by one, so that one bad item
is rejected on its own and never makes the whole batch fail.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from fieldapp.domain.validation import FieldProblem, label

MAX_BATCH = 200


class PushRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Push")

    device_id: str = Field(min_length=1, max_length=64, **label("设备编号", "Device id"))
    sheets: list[dict[str, Any]] = Field(
        max_length=MAX_BATCH,
        description="items of the form {sheet_id, version, sheet}; each is checked on its own",
        **label("报告单", "Sheets"),
    )


class PushItem(BaseModel):
    """One item of the batch: a version of one sheet."""

    model_config = ConfigDict(extra="forbid", title="Sheet item")

    sheet_id: str = Field(pattern=r"^[0-9a-f\-]{36}$", **label("报告单编号", "Sheet id"))
    version: int = Field(ge=1, le=2**31 - 1, **label("保存版本", "Version"))
    sheet: dict[str, Any] = Field(**label("报告单", "Sheet"))


class PushResult(BaseModel):
    sheet_id: str | None
    version: int | None
    status: Literal["accepted", "rejected"]
    message: dict[str, str] | None = None
    problems: list[FieldProblem] | None = None
    missing_attachments: list[str] = Field(default_factory=list)


class PushReply(BaseModel):
    results: list[PushResult]
