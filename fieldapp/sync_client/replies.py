"""The shapes of the replies the sync client acts on; a reply that does not match is unreadable.

(Temporary: these move to the shared protocol module.)
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel


class MissingReply(BaseModel):
    missing: list[str]


class StoredReply(BaseModel):
    sha256: str
    status: Literal["stored", "already"]


class BatchResult(BaseModel):
    sha256: str
    status: Literal["stored", "already", "rejected"]
    message: dict[str, str] | None = None


class BatchReply(BaseModel):
    results: list[BatchResult]


class PushResult(BaseModel):
    sheet_id: str | None
    version: int | None
    status: Literal["accepted", "rejected"]
    message: dict[str, str] | None = None
    missing_attachments: list[str]


class PushReply(BaseModel):
    results: list[PushResult]


class Change(BaseModel):
    kind: str
    id: str
    data: dict[str, Any]


class PullPage(BaseModel):
    cursor: str
    has_more: bool
    changes: list[Change]
