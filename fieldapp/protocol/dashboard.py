"""The dashboard's figures for a period, overall and per technician (``GET /dashboard``).

Which sheets count: the signed ones (submitted, approved or returned) whose visit day falls in
the period; a job (work order) counts for the technician of its sheets.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

SATISFACTION_TARGET = 0.9


class LevelCount(BaseModel):
    """One service level over the jobs: kept in time, missed (late or overdue), still open."""

    met: int = 0
    missed: int = 0
    open: int = 0
    rate: float | None = None  # met / (met + missed)


class ServiceLevels(BaseModel):
    answer: LevelCount
    on_site: LevelCount
    fix: LevelCount  # fixed within 3/7 working days, or repaired at the centre within 5


class Satisfaction(BaseModel):
    """From the follow-up calls (回访) of the period's visits; the target is 90 %."""

    surveyed: int
    satisfied: int
    share: float | None
    target: float = SATISFACTION_TARGET
    target_met: bool | None
    attitude_avg: float | None
    repair_quality_avg: float | None
    response_speed_avg: float | None
    rating_avg: float | None  # the customers' own rating on the sheet (1–5)


class Etiquette(BaseModel):
    """Share of visits with every 「5个1」 item ticked, and with 「九不准」 attested."""

    sheets: int
    five_ones_complete: int
    five_ones_rate: float | None
    nine_rules_attested: int
    nine_rules_rate: float | None


class Charging(BaseModel):
    charged: int
    free: int
    charged_total_fen: int


class Figures(BaseModel):
    sheets: int
    jobs: int
    service_levels: ServiceLevels
    satisfaction: Satisfaction
    etiquette: Etiquette
    first_time_fixed: int
    first_time_fix_rate: float | None  # jobs fixed on their only visit / jobs
    repeat_repairs: int  # visits to a serial that had another job in the period
    charging: Charging


class TechnicianFigures(Figures):
    technician_id: str
    technician_name: str


class RepeatSerial(BaseModel):
    serial: str
    jobs: int


class Dashboard(BaseModel):
    date_from: date
    date_to: date
    computed_at: datetime
    overall: Figures
    technicians: list[TechnicianFigures]
    repeat_serials: list[RepeatSerial]  # the serials with most jobs in the period (top 20)
