"""Attachments (photos, signature images) go up by the SHA-256 of their bytes.

``PUT /attachments/{sha256}`` stores one file (:class:`StoredReply`);
``POST /attachments/batch`` many small ones (:class:`BatchUploadReply`);
``POST /attachments/missing`` says which of the phone's files the service does not hold
*from this technician* (:class:`MissingRequest`, :class:`MissingReply`).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from fieldapp.domain.text import Text
from fieldapp.domain.validation import label
from fieldapp.protocol.patterns import MAX_HASHES_PER_CHECK, Sha256


class MissingRequest(BaseModel):
    """Which of these attachments does the service not hold yet?"""

    model_config = ConfigDict(extra="forbid", title="Attachment hashes")

    hashes: list[Sha256] = Field(
        max_length=MAX_HASHES_PER_CHECK, **label("文件校验值", "File hashes")
    )


class MissingReply(BaseModel):
    """The hashes asked about that this technician has not uploaded, in the order asked."""

    missing: list[Sha256]


class StoredStatus(StrEnum):
    STORED = "stored"  # new (HTTP 201)
    ALREADY = "already"  # held before (HTTP 200)


class StoredReply(BaseModel):
    sha256: Sha256
    size: int
    status: StoredStatus


class BatchStatus(StrEnum):
    STORED = "stored"
    ALREADY = "already"
    REJECTED = "rejected"  # this part alone: bytes not matching its name, too large, ...


class BatchResult(BaseModel):
    """The answer for one part of a batch upload, in the order sent."""

    sha256: str  # as named by the part: a rejected part's name need not be a hash
    status: BatchStatus
    message: Text | None = None


class BatchUploadReply(BaseModel):
    results: list[BatchResult]
