"""Which stored versions of a job sheet are compared, and their changes as the service sends
them (:func:`fieldapp.domain.sheet_changes.sheet_diff` works out each one).
"""

from __future__ import annotations

import itertools

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldapp.domain.sheet_changes import sheet_diff
from fieldapp.protocol.sheet_detail import VersionChange
from sync.models.sheet import SheetVersionRow


def _change(a: SheetVersionRow, b: SheetVersionRow) -> VersionChange:
    return VersionChange(
        from_version=a.version,
        to_version=b.version,
        from_revision=a.revision,
        to_revision=b.revision,
        received_at=b.received_at,
        sections=sheet_diff(a.data, b.data),
    )


def version_changes(
    session: Session, *, sheet_id: str, decided_version: int | None
) -> tuple[list[VersionChange], VersionChange | None]:
    """The changes from one signed version to the next (oldest first) and the change since
    ``decided_version``."""
    versions = list(
        session.scalars(
            select(SheetVersionRow)
            .where(SheetVersionRow.sheet_id == sheet_id)
            .order_by(SheetVersionRow.version)
        )
    )
    # What a supervisor reviews is what the customer signed: the changes between signed
    # versions. The pushes of a visit in progress (the check-in, a correction being made
    # after a return) are bookkeeping, never seen by anyone, and listed no card.
    signed = [v for v in versions if v.data.get("sign_off")]
    steps = [_change(a, b) for a, b in itertools.pairwise(signed)]
    since = None
    if decided_version is not None and versions:
        decided = next((v for v in versions if v.version == decided_version), None)
        if decided is not None and decided is not versions[-1]:
            since = _change(decided, versions[-1])
    return steps, since
