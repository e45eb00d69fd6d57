"""The serial history's shapes: our previous visits to one unit and the 换机 verdict."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from fieldapp.domain.replacement import ReplacementVerdict


class Visit(BaseModel):
    """One of our visits to the unit; office staff also see the ticket and technician."""

    sheet_id: str
    visit_date: date
    opened_unit: bool
    resolved: bool
    ticket_no: str | None = None
    technician: str | None = None
    status: str | None = None


class SerialHistory(BaseModel):
    serial: str
    visits: list[Visit]
    replacement: ReplacementVerdict | None
