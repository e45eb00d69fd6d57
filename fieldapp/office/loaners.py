"""The loaner pool (备用机): units per service centre, which are out, due, overdue; returns.

A return records the unit's condition and photos; the photos are uploaded first (by the
person recording the return, as the service requires) and then named by their SHA-256.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from fieldapp.office.client import OfficeClient, segment
from fieldapp.office.errors import FormProblems, refusals_under, too_long
from fieldapp.office.glyphs import glyph_problem

CONDITION_LIMIT = 500  # the service's ReturnRequest


class Loan(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: int
    ticket_no: str
    customer_name: str
    lent_at: datetime
    due_date: date
    returned_at: datetime | None = None
    condition_out: str = ""
    condition_in: str = ""
    return_photos: list[str] = []
    overdue_days: int = 0


class Loaner(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    serial: str
    model: str
    service_centre: str
    status: str
    notes: str = ""
    current_loan: Loan | None = None

    @property
    def overdue_days(self) -> int:
        return self.current_loan.overdue_days if self.current_loan else 0


def loaners(client: OfficeClient, service_centre: str | None = None) -> list[Loaner]:
    """The pool (of one centre), as the service lists it."""
    rows = client.get("/loaners", {"service_centre": service_centre})
    return [Loaner.model_validate(r) for r in rows]


def by_centre(pool: list[Loaner]) -> dict[str, list[Loaner]]:
    """The pool grouped by service centre, the overdue and lent ones first in each."""
    groups: dict[str, list[Loaner]] = {}
    for unit in pool:
        groups.setdefault(unit.service_centre, []).append(unit)
    for units in groups.values():
        units.sort(key=lambda u: (-u.overdue_days, u.status != "lent", u.serial))
    return groups


def upload_photo(client: OfficeClient, data: bytes, content_type: str) -> str:
    """Upload a return photo; its SHA-256 to name in the return."""
    sha = hashlib.sha256(data).hexdigest()
    client.put_bytes(f"/attachments/{sha}", data, content_type)
    return sha


def record_return(client: OfficeClient, serial: str, condition: str, photos: list[str]) -> Loaner:
    """The unit is back: its condition and the photos (uploaded first)."""
    if len(condition.strip()) > CONDITION_LIMIT:
        raise FormProblems({"condition": too_long(CONDITION_LIMIT, len(condition.strip()))})
    if (unshown := glyph_problem(condition)) is not None:
        raise FormProblems({"condition": unshown})
    body = {"condition_notes": condition.strip(), "photos": photos}
    with refusals_under({"condition"}, {"condition_notes": "condition"}):
        return Loaner.model_validate(client.post(f"/loaners/{segment(serial)}/return", body))
