"""The change log that pull cursors point into, and the stored replies of pushes.

Each change has a sequence number issued from one counter row. Taking the counter's row lock
in the committing transaction makes sequence order equal commit order, so a client that has
seen change *n* can never later miss a change numbered below *n*. The shapes a pull sends
are in :mod:`fieldapp.protocol.pull`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from sync.core.db import Base, JSONDoc, UTCDateTime, utcnow


class ChangeRow(Base):
    """One change for one user (``user_id``) or for everyone (``user_id`` NULL)."""

    __tablename__ = "changes"
    __table_args__ = (Index("ix_changes_user_seq", "user_id", "seq"),)

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(24))
    entity_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSONDoc)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChangeCounterRow(Base):
    """The single row holding the last issued change sequence number."""

    __tablename__ = "change_counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    last: Mapped[int] = mapped_column(BigInteger, default=0)


class PushReceiptRow(Base):
    """A push's idempotency key, the hash of its body and the reply it got."""

    __tablename__ = "push_receipts"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    body_hash: Mapped[str] = mapped_column(String(64))
    reply: Mapped[dict[str, Any] | None] = mapped_column(JSONDoc)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
