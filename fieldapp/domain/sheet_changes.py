"""What changed between two versions of a job sheet, section by section.

The sections are the job sheet's own parts (arrival, etiquette, product check, diagnosis,
repair, charges, outcome, loaner, sign-off), named as the domain model names them; inside a
section each changed value is listed with its path, its value before and after, so a screen
can show "charges: lines.0.quantity 1 → 2" without knowing the sheet's shape. Bookkeeping
(revision, save times, device) is left out: it changes on every save. The service works the
changes out once and the back office shows them as they come.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.text import Text
from fieldapp.domain.validation import field_name

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
# The parts of a sheet a person filled in, in the model's order.
SECTIONS = [name for name in JobSheet.model_fields if name not in _BOOKKEEPING]
MAX_FIELDS = 200  # per section: a huge edit is summarised by its first changes


class FieldChange(BaseModel):
    """One value that changed: ``path`` inside the section (empty: the whole section)."""

    path: str
    before: Any
    after: Any


class SectionChange(BaseModel):
    section: str
    name: Text
    change: Literal["added", "removed", "changed"]
    fields: list[FieldChange]


def section_name(section: str) -> Text:
    """The section's name as the domain model labels it (收费 / Charges)."""
    return field_name(JobSheet, section)


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
            kind: Literal["added", "removed", "changed"] = "added" if old is None else "removed"
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
