"""Reference data the service holds and hands to the phones (checklists, catalogue, prices)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from sync.core.db import Base, JSONDoc, UTCDateTime, utcnow

VERSION_MAX_LENGTH = 40


class ReferenceFileRow(Base):
    """The current version of one reference file (``checklists``, ``catalogue``, ...)."""

    __tablename__ = "reference_files"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    version: Mapped[str] = mapped_column(String(VERSION_MAX_LENGTH))
    content: Mapped[dict[str, Any]] = mapped_column(JSONDoc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
