"""What changed between two stored versions of a job sheet, section by section.

The sections are the job sheet's own parts (arrival, etiquette, product check, diagnosis,
repair, charges, outcome, loaner, sign-off), named as the domain model names them; inside a
section each changed value is listed with its path, its value before and after, so a screen
can show "charges: lines.0.quantity 1 → 2" without knowing the sheet's shape. Bookkeeping
(revision, save times, device) is left out: it changes on every save.
"""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.text import Text
from fieldapp.domain.validation import LABEL_ZH
from sync.models.review import FieldChange, SectionChange, VersionChange
from sync.models.sheet import SheetVersionRow

_BOOKKEEPING = {
    "sheet_id",
    "ticket_no",
    "technician_id",
    "device_id",
    "revision",
    "created_at",
    "updated_at",
    "reference_versions",
}
SECTIONS = [name for name in JobSheet.model_fields if name not in _BOOKKEEPING]
MAX_FIELDS = 200  # per section: a huge edit is summarised by its first changes


def section_name(section: str) -> Text:
    """The section's name as the domain model labels it."""
    info = JobSheet.model_fields[section]
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    return Text(zh=str(extra.get(LABEL_ZH, section)), en=info.title or section)


def _flat(value: Any, path: str = "") -> dict[str, Any]:
    """Every leaf value by its dotted path (lists by index)."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flat(item, f"{path}.{key}" if path else str(key)))
        return out
    if isinstance(value, list) and value:
        out = {}
        for index, item in enumerate(value):
            out.update(_flat(item, f"{path}.{index}" if path else str(index)))
        return out
    return {path: value}


def sheet_diff(before: dict[str, Any], after: dict[str, Any]) -> list[SectionChange]:
    """The sections that differ between two sheets (JSON as stored), with their changes."""
    changes = []
    for section in SECTIONS:
        old, new = before.get(section), after.get(section)
        if old == new:
            continue
        if old is None or new is None:
            kind = "added" if old is None else "removed"
            fields = [FieldChange(path="", before=old, after=new)]
        else:
            kind = "changed"
            flat_old, flat_new = _flat(old), _flat(new)
            paths = sorted(set(flat_old) | set(flat_new))
            fields = [
                FieldChange(path=p, before=flat_old.get(p), after=flat_new.get(p))
                for p in paths
                if flat_old.get(p) != flat_new.get(p)
            ][:MAX_FIELDS]
        changes.append(
            SectionChange(section=section, name=section_name(section), change=kind, fields=fields)
        )
    return changes


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
