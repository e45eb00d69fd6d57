"""Reference data held by the service: seeded from the bundled files, replaced by an admin.

A replacement is checked with the domain models (each file, then all five together, so a
part cannot point at a price that does not exist) before any phone receives it.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldapp.domain.reference import ReferenceData
from fieldapp.domain.text import text
from fieldapp.domain.validation import FieldProblem
from fieldapp.protocol.pull import ChangeKind
from fieldapp.reference import bundled_reference
from sync.core.db import utcnow
from sync.core.errors import ApiError, bad_request, invalid, not_found
from sync.crud.changes import record_change
from sync.models.reference import VERSION_MAX_LENGTH, ReferenceFileRow

NAMES = ("checklists", "phrases", "catalogue", "parts", "prices", "calendar")
# Reference data from before the working-day calendar existed still counts as complete.
REQUIRED = NAMES[:5]


def seed_reference(session: Session) -> int:
    """Store the bundled reference files that the database does not have yet; how many."""
    have = set(session.scalars(select(ReferenceFileRow.name)))
    data = bundled_reference().model_dump(mode="json")
    added = 0
    for name in NAMES:
        content = data.get(name)
        if name not in have and content is not None:
            session.add(ReferenceFileRow(name=name, version=content["version"], content=content))
            record_change(session, kind=ChangeKind.REFERENCE, entity_id=name, user_id=None)
            added += 1
    return added


def reference_files(session: Session) -> list[ReferenceFileRow]:
    return list(session.scalars(select(ReferenceFileRow).order_by(ReferenceFileRow.name)))


# Validated reference data by file versions: a version's content never changes (a new
# content needs a new version), so the rules need not re-validate it on every request.
_VALIDATED: dict[tuple[tuple[str, str], ...], ReferenceData] = {}


def reference_data(session: Session) -> ReferenceData:
    """All reference files as the domain model (the rules use the catalogue and calendar).

    Read once per transaction: a push of many sheets asks for it once per sheet.
    """
    known = session.info.get("reference_data")
    if isinstance(known, ReferenceData):
        return known
    session.info["reference_data"] = found = _current_reference(session)
    return found


def _current_reference(session: Session) -> ReferenceData:
    listed = session.execute(select(ReferenceFileRow.name, ReferenceFileRow.version))
    versions = tuple(sorted((name, version) for name, version in listed))
    if not set(REQUIRED) <= {name for name, _ in versions}:
        return bundled_reference()
    cached = _VALIDATED.get(versions)
    if cached is None:
        rows = {row.name: row.content for row in reference_files(session)}
        cached = _VALIDATED[versions] = ReferenceData.model_validate(rows)
    return cached


def get_reference(session: Session, *, name: str) -> ReferenceFileRow:
    row = session.get(ReferenceFileRow, name) if name in NAMES else None
    if row is None:
        raise not_found(f"参考资料 {name}", f"Reference file {name}")
    return row


def replace_reference(session: Session, *, name: str, content: dict[str, Any]) -> ReferenceFileRow:
    """Replace one reference file with a new version; every phone gets it on its next pull."""
    row = session.get(ReferenceFileRow, name) if name in NAMES else None
    if row is None and name != "calendar":
        raise not_found(f"参考资料 {name}", f"Reference file {name}")
    combined = {r.name: r.content for r in reference_files(session)}
    combined[name] = content
    try:
        checked = ReferenceData.model_validate(combined)
    except ValidationError as exc:
        raise invalid(exc, ReferenceData) from exc
    new_version = checked.versions()[name]
    if len(new_version) > VERSION_MAX_LENGTH:
        raise ApiError(
            422,
            "validation_error",
            text("提交的内容有误，请按提示修改", "the request has problems; fix the fields listed"),
            problems=[
                FieldProblem(
                    path="version",
                    field=text("版本号", "Version"),
                    message=text(
                        f"最多 {VERSION_MAX_LENGTH} 个字符",
                        f"at most {VERSION_MAX_LENGTH} characters",
                    ),
                )
            ],
        )
    if row is None:  # the first working-day calendar
        row = ReferenceFileRow(name=name, version="", content={})
        session.add(row)
    if new_version == row.version:
        raise bad_request(
            f"新的 {name} 须有新的版本号（当前为 {row.version}）",
            f"a new {name} needs a new version (the current one is {row.version})",
        )
    session.info.pop("reference_data", None)
    row.content = getattr(checked, name).model_dump(mode="json")
    row.version = new_version
    row.updated_at = utcnow()
    record_change(session, kind=ChangeKind.REFERENCE, entity_id=name, user_id=None)
    return row
