"""Attachments (photos, signature images), stored by the SHA-256 of their bytes.

The wire shapes of the attachment routes are in :mod:`fieldapp.protocol.attachments`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

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
