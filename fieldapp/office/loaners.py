"""The loaner pool (备用机): units per service centre, which are out, due, overdue; returns.

A return records the unit's condition and photos; the photos are uploaded first (by the
person recording the return, as the service requires) and then named by their SHA-256.
"""

from __future__ import annotations

import hashlib

from pydantic import TypeAdapter

from fieldapp.office.client import OfficeClient, segment
from fieldapp.office.errors import FormProblems, refusals_under, too_long
from fieldapp.office.glyphs import glyph_problem
from fieldapp.protocol.loaners import LoanerPublic, LoanerStatus

CONDITION_LIMIT = 500  # the service's ReturnRequest
_POOL = TypeAdapter(list[LoanerPublic])


def loaners(client: OfficeClient, service_centre: str | None = None) -> list[LoanerPublic]:
    """The pool (of one centre), as the service lists it."""
    rows = client.get("/loaners", {"service_centre": service_centre})
    return _POOL.validate_python(rows)


def by_centre(pool: list[LoanerPublic]) -> dict[str, list[LoanerPublic]]:
    """The pool grouped by service centre, the overdue and lent ones first in each."""
    groups: dict[str, list[LoanerPublic]] = {}
    for unit in pool:
        groups.setdefault(unit.service_centre, []).append(unit)
    for units in groups.values():
        units.sort(key=lambda u: (-u.overdue_days, u.status != LoanerStatus.LENT, u.serial))
    return groups


def upload_photo(client: OfficeClient, data: bytes, content_type: str) -> str:
    """Upload a return photo; its SHA-256 to name in the return."""
    sha = hashlib.sha256(data).hexdigest()
    client.put_bytes(f"/attachments/{sha}", data, content_type)
    return sha


def record_return(
    client: OfficeClient, serial: str, condition: str, photos: list[str]
) -> LoanerPublic:
    """The unit is back: its condition and the photos (uploaded first)."""
    if len(condition.strip()) > CONDITION_LIMIT:
        raise FormProblems({"condition": too_long(CONDITION_LIMIT, len(condition.strip()))})
    if (unshown := glyph_problem(condition)) is not None:
        raise FormProblems({"condition": unshown})
    body = {"condition_notes": condition.strip(), "photos": photos}
    with refusals_under({"condition"}, {"condition_notes": "condition"}):
        return LoanerPublic.model_validate(client.post(f"/loaners/{segment(serial)}/return", body))
