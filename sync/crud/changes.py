"""The change log: what each user's next pull returns.

Changes are collected on the session while a request works and written when it commits
(:func:`_publish`): the counter row is incremented last, just before the commit, so its lock is
held as briefly as possible and sequence order equals commit order.

A cursor is ``<position>.<mark>``: the mark is a hash of the change at that position, so a
cursor is only accepted by a database that holds that very change. After a restore from a
backup the log grows again from an earlier position; a phone's cursor from before the
restore then names a position held by another change and is refused (409) rather than
silently skipping the changes made since the restore.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session, SessionTransaction

from fieldapp.domain.text import text
from fieldapp.protocol.pull import (
    Change,
    ChangeKind,
    PullPage,
    ReferenceChange,
    ReferenceUpdate,
)
from sync.core.errors import ApiError
from sync.models.change import ChangeCounterRow, ChangeRow
from sync.models.reference import ReferenceFileRow

_PENDING = "pending_changes"


@dataclass(frozen=True)
class PendingChange:
    kind: ChangeKind
    entity_id: str
    user_id: int | None
    payload: dict[str, Any] | None


def record_change(
    session: Session,
    *,
    kind: ChangeKind,
    entity_id: str,
    user_id: int | None,
    payload: dict[str, Any] | None = None,
) -> None:
    """Queue a change for ``user_id`` (None: everyone); it is written with the commit."""
    session.info.setdefault(_PENDING, []).append(
        PendingChange(kind=kind, entity_id=entity_id, user_id=user_id, payload=payload)
    )


def pending_mark(session: Session) -> int:
    """How many changes are queued now; :func:`pending_rewind` drops those queued after."""
    return len(session.info.get(_PENDING, []))


def pending_rewind(session: Session, mark: int) -> None:
    """Forget changes queued after ``mark`` (their savepoint was rolled back)."""
    del session.info.get(_PENDING, [])[mark:]


@event.listens_for(Session, "before_commit")
def _publish(session: Session) -> None:
    if session.in_nested_transaction():
        # A savepoint is being released: the outer commit publishes. Taking the counter's
        # lock here would hold it for the rest of the request and serialise every push.
        return
    pending: list[PendingChange] = session.info.pop(_PENDING, [])
    if not pending:
        return
    session.flush()
    last = session.execute(
        update(ChangeCounterRow)
        .where(ChangeCounterRow.id == 1)
        .values(last=ChangeCounterRow.last + len(pending))
        .returning(ChangeCounterRow.last)
    ).scalar_one()
    first = last - len(pending) + 1
    session.add_all(
        ChangeRow(
            seq=first + i,
            kind=c.kind.value,
            entity_id=c.entity_id,
            user_id=c.user_id,
            payload=c.payload,
        )
        for i, c in enumerate(pending)
    )
    session.flush()


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    # Only when the outermost transaction ends (after a commit the list is already
    # published). A savepoint's end must not drop the changes queued before it:
    # "after_rollback" fires for a savepoint too, and a push with one refused item lost the
    # other items' changes. Whoever rolls a savepoint back drops its changes (pending_rewind).
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def current_position(session: Session) -> int:
    """The sequence number of the newest committed change."""
    return session.execute(
        select(ChangeCounterRow.last).where(ChangeCounterRow.id == 1)
    ).scalar_one()


# ASCII digits only ([0-9], not \d): str.isdigit() and \d also accept "²" or "١".
_CURSOR = re.compile(r"([0-9]{1,18})(?:\.([0-9a-f]{12}))?")


@dataclass(frozen=True)
class Cursor:
    """A position in the change log and the mark of the change there (None: position 0)."""

    position: int
    mark: str | None


def parse_cursor(cursor: str | None) -> Cursor | None:
    """The cursor as sent (None for a first pull); 422 when it cannot be one at all."""
    if cursor is None or cursor == "":
        return None
    found = _CURSOR.fullmatch(cursor)
    if found is None:
        raise ApiError(
            422,
            "validation_error",
            text(
                "同步游标无效，请不带游标重新同步", "the cursor is not valid; pull again without it"
            ),
        )
    return Cursor(position=int(found[1]), mark=found[2])


def issue_cursor(session: Session, position: int) -> str:
    """The cursor for ``position``: the position and the mark of the change there."""
    row = session.get(ChangeRow, position) if position > 0 else None
    return f"{position}.{_mark(row)}" if row is not None else str(position)


def _mark(row: ChangeRow) -> str:
    identity = f"{row.seq}|{row.created_at.isoformat()}|{row.kind}|{row.entity_id}"
    return hashlib.sha256(identity.encode()).hexdigest()[:12]


def _issued_here(session: Session, cursor: Cursor, top: int) -> bool:
    """Whether this database issued ``cursor`` (it holds the very change the cursor marks)."""
    if cursor.position > top:
        return False
    if cursor.position == 0:
        return cursor.mark is None
    row = session.get(ChangeRow, cursor.position)
    return row is not None and cursor.mark == _mark(row)


def changes_since(session: Session, *, user_id: int, cursor: Cursor, limit: int) -> PullPage:
    """The page of changes for ``user_id`` after ``cursor``."""
    # Read the top first: every change at or below it is committed and visible below.
    top = current_position(session)
    if not _issued_here(session, cursor, top):
        raise ApiError(
            409,
            "conflict",
            text(
                "此同步游标不是本服务发出的，请不带游标重新同步",
                "this cursor was not issued by this service; pull again without a cursor",
            ),
        )
    rows = list(
        session.scalars(
            select(ChangeRow)
            .where(
                ChangeRow.seq > cursor.position,
                ChangeRow.seq <= top,
                or_(ChangeRow.user_id == user_id, ChangeRow.user_id.is_(None)),
            )
            .order_by(ChangeRow.seq)
            .limit(limit + 1)
        )
    )
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = f"{rows[-1].seq}.{_mark(rows[-1])}" if has_more else issue_cursor(session, top)
    return PullPage(cursor=next_cursor, has_more=has_more, changes=_render(session, rows))


def _render(session: Session, rows: list[ChangeRow]) -> list[Change]:
    changes: list[Change] = []
    seen_reference: set[str] = set()
    for row in rows:
        if row.kind == ChangeKind.REFERENCE:
            # Reference data is shared and only the newest version matters: sent once per page.
            if row.entity_id in seen_reference:
                continue
            seen_reference.add(row.entity_id)
            ref = session.get(ReferenceFileRow, row.entity_id)
            if ref is not None:
                changes.append(reference_change(ref))
            continue
        changes.append(logged_change(kind=row.kind, entity_id=row.entity_id, payload=row.payload))
    return changes


_CHANGE: TypeAdapter[Change] = TypeAdapter(Change)


def logged_change(*, kind: str, entity_id: str, payload: dict[str, Any] | None) -> Change:
    """The change a pull sends for a row of the log (its payload is the change's data)."""
    return _CHANGE.validate_python({"kind": kind, "id": entity_id, "data": payload or {}})


def reference_change(ref: ReferenceFileRow) -> ReferenceChange:
    """The current version of one reference file, as a change."""
    return ReferenceChange(
        id=ref.name, data=ReferenceUpdate(version=ref.version, content=ref.content)
    )
