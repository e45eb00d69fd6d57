"""Attachments (photos, signature images), stored by the SHA-256 of their bytes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from fieldapp.domain.job_sheet import SHA256_PATTERN
from fieldapp.domain.validation import label
from sync.core.db import Base, UTCDateTime, utcnow


class AttachmentRow(Base):
    __tablename__ = "attachments"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int]
    content_type: Mapped[str] = mapped_column(String(40))
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AttachmentBlobRow(Base):
    """The bytes, apart from the metadata so listing attachments never loads them."""

    __tablename__ = "attachment_blobs"

    sha256: Mapped[str] = mapped_column(ForeignKey("attachments.sha256"), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class SheetAttachmentRow(Base):
    """Which sheet references which attachment: decides who may read it."""

    __tablename__ = "sheet_attachments"

    sheet_id: Mapped[str] = mapped_column(ForeignKey("sheets.sheet_id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


Sha256 = Annotated[str, Field(pattern=SHA256_PATTERN)]


class MissingRequest(BaseModel):
    """Which of these attachments does the service not hold yet?"""

    model_config = ConfigDict(extra="forbid", title="Attachment hashes")

    hashes: list[Sha256] = Field(max_length=2000, **label("文件校验值", "File hashes"))


class MissingReply(BaseModel):
    missing: list[str]


class StoredReply(BaseModel):
    sha256: str
    size: int
    status: str  # stored | already


class BatchResult(BaseModel):
    sha256: str
    status: str  # stored | already | rejected
    message: dict[str, str] | None = None


class BatchReply(BaseModel):
    results: list[BatchResult]
