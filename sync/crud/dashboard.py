"""The dashboard: a period's figures, overall and per technician, counted in SQL.

The rules decide what each figure means, and they ran when the data arrived: every push
stores the job's deadlines as the domain's ``service_level_report`` gave them
(``job_service_levels``), and the sheet's outcome and etiquette checks against the service's
checklist (``sheets``). Here they are only counted, with a handful of grouped queries whatever
the number of sheets, so a month of 10,000 sheets answers well within a second.

Which sheets count: the signed ones (submitted, approved, returned) with their visit day in
the period. A job (work order) counts for each technician with a sheet of it in the period;
the overall figures count each job once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, distinct, func, literal_column, select
from sqlalchemy.orm import Session

from fieldapp.protocol.dashboard import (
    SATISFACTION_TARGET,
    Charging,
    Dashboard,
    Etiquette,
    Figures,
    LevelCount,
    RepeatSerial,
    Satisfaction,
    ServiceLevels,
    TechnicianFigures,
)
from fieldapp.protocol.follow_ups import FollowUpStatus
from fieldapp.protocol.review_queue import SheetStatus
from sync.models.follow_up import FollowUpRow
from sync.models.sheet import JobServiceLevelRow, SheetRow
from sync.models.user import UserRow

SIGNED = (SheetStatus.SUBMITTED.value, SheetStatus.APPROVED.value, SheetStatus.RETURNED.value)
TOP_SERIALS = 20
# The whole company is one group; a technician's id is never 0.
_ALL = 0

Group = int  # a technician's id, or _ALL


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _n(value: Any) -> int:
    return int(value or 0)


def _avg(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


class _Period:
    """The period's signed sheets, grouped per technician or all together."""

    def __init__(self, first: date, last: date, technician_id: int | None) -> None:
        self.where: list[ColumnElement[bool]] = [
            SheetRow.visit_date >= first,
            SheetRow.visit_date <= last,
            SheetRow.status.in_(SIGNED),
        ]
        if technician_id is not None:
            self.where.append(SheetRow.technician_id == technician_id)

    @staticmethod
    def group(per_technician: bool) -> tuple[Any, list[Any]]:
        """The group's column (labelled ``g``) and what to group by for it."""
        if per_technician:
            return SheetRow.technician_id.label("g"), [SheetRow.technician_id]
        # Everything in one group: a constant column and no GROUP BY for it.
        return literal_column(str(_ALL)).label("g"), []


def _sheet_counts(session: Session, p: _Period, per: bool) -> dict[Group, dict[str, Any]]:
    g, by = p.group(per)
    rows = session.execute(
        select(
            g,
            func.count(),
            func.count(distinct(SheetRow.work_order_id)),
            func.sum(case((SheetRow.five_ones_complete.is_(True), 1), else_=0)),
            func.sum(case((SheetRow.nine_rules_attested.is_(True), 1), else_=0)),
            func.sum(case((SheetRow.charged.is_(True), 1), else_=0)),
            func.sum(case((SheetRow.charged.is_(True), SheetRow.total_fen), else_=0)),
            func.avg(SheetRow.rating),
        )
        .select_from(SheetRow)
        .where(*p.where)
        .group_by(*by)
    ).all()
    keys = ("sheets", "jobs", "five", "nine", "charged", "charged_fen", "rating")
    return {int(r[0]): dict(zip(keys, r[1:], strict=True)) for r in rows}


def _first_time_fix(session: Session, p: _Period, per: bool) -> dict[Group, int]:
    """Jobs whose only visit in the period fixed the unit on site."""
    g, by = p.group(per)
    jobs = (
        select(
            g,
            SheetRow.work_order_id,
            func.count().label("visits"),
            func.sum(case((SheetRow.outcome == "fixed", 1), else_=0)).label("fixed"),
        )
        .select_from(SheetRow)
        .where(*p.where)
        .group_by(*by, SheetRow.work_order_id)
        .subquery()
    )
    rows = session.execute(
        select(jobs.c.g, func.count())
        .where(jobs.c.visits == 1, jobs.c.fixed == 1)
        .group_by(jobs.c.g)
    ).all()
    return {int(g_): _n(n) for g_, n in rows}


def _repeat_serials(session: Session, p: _Period) -> Any:
    return (
        select(SheetRow.serial, func.count(distinct(SheetRow.work_order_id)).label("jobs"))
        .where(*p.where, SheetRow.serial.is_not(None))
        .group_by(SheetRow.serial)
        .having(func.count(distinct(SheetRow.work_order_id)) > 1)
    )


def _repeats(session: Session, p: _Period, per: bool) -> dict[Group, int]:
    """Visits to a serial that had another job in the period."""
    repeated = _repeat_serials(session, p).subquery()
    g, by = p.group(per)
    rows = session.execute(
        select(g, func.count())
        .select_from(SheetRow)
        .join(repeated, repeated.c.serial == SheetRow.serial)
        .where(*p.where)
        .group_by(*by)
    ).all()
    return {int(g_): _n(n) for g_, n in rows}


def _levels(session: Session, p: _Period, per: bool, now: datetime) -> dict[Group, ServiceLevels]:
    g, _ = p.group(per)
    jobs = (
        select(g, SheetRow.work_order_id).select_from(SheetRow).where(*p.where).distinct()
    ).subquery()
    lvl = JobServiceLevelRow
    key = case((lvl.key == "centre_repair", "fix"), else_=lvl.key).label("k")
    is_open = and_(lvl.met.is_(None), lvl.due_at >= now)
    missed = (lvl.met.is_(False)) | and_(lvl.met.is_(None), lvl.due_at < now)
    rows = session.execute(
        select(
            jobs.c.g,
            key,
            func.sum(case((lvl.met.is_(True), 1), else_=0)),
            func.sum(case((missed, 1), else_=0)),
            func.sum(case((is_open, 1), else_=0)),
        )
        .select_from(jobs)
        .join(lvl, lvl.work_order_id == jobs.c.work_order_id)
        .group_by(jobs.c.g, key)
    ).all()
    found: dict[Group, dict[str, LevelCount]] = {}
    for g_, k, met, miss, opened in rows:
        found.setdefault(int(g_), {})[str(k)] = LevelCount(
            met=_n(met), missed=_n(miss), open=_n(opened), rate=_ratio(_n(met), _n(met) + _n(miss))
        )
    return {
        g_: ServiceLevels(
            answer=levels.get("answer", LevelCount()),
            on_site=levels.get("on_site", LevelCount()),
            fix=levels.get("fix", LevelCount()),
        )
        for g_, levels in found.items()
    }


def _surveys(session: Session, p: _Period, per: bool) -> dict[Group, dict[str, Any]]:
    g, by = p.group(per)
    rows = session.execute(
        select(
            g,
            func.count(),
            func.sum(case((FollowUpRow.satisfied.is_(True), 1), else_=0)),
            func.avg(FollowUpRow.attitude),
            func.avg(FollowUpRow.repair_quality),
            func.avg(FollowUpRow.response_speed),
        )
        .select_from(SheetRow)
        .join(FollowUpRow, FollowUpRow.sheet_id == SheetRow.sheet_id)
        .where(*p.where, FollowUpRow.status == FollowUpStatus.DONE, FollowUpRow.reached.is_(True))
        .group_by(*by)
    ).all()
    keys = ("surveyed", "satisfied", "attitude", "quality", "speed")
    return {int(r[0]): dict(zip(keys, r[1:], strict=True)) for r in rows}


def _figures(
    g: Group,
    counts: dict[str, Any],
    ftf: dict[Group, int],
    repeats: dict[Group, int],
    levels: dict[Group, ServiceLevels],
    surveys: dict[Group, dict[str, Any]],
) -> dict[str, Any]:
    sheets, jobs = _n(counts.get("sheets")), _n(counts.get("jobs"))
    survey = surveys.get(g, {})
    surveyed, satisfied = _n(survey.get("surveyed")), _n(survey.get("satisfied"))
    share = _ratio(satisfied, surveyed)
    empty = LevelCount()
    return {
        "sheets": sheets,
        "jobs": jobs,
        "service_levels": levels.get(g, ServiceLevels(answer=empty, on_site=empty, fix=empty)),
        "satisfaction": Satisfaction(
            surveyed=surveyed,
            satisfied=satisfied,
            share=share,
            target_met=None if share is None else share >= SATISFACTION_TARGET,
            attitude_avg=_avg(survey.get("attitude")),
            repair_quality_avg=_avg(survey.get("quality")),
            response_speed_avg=_avg(survey.get("speed")),
            rating_avg=_avg(counts.get("rating")),
        ),
        "etiquette": Etiquette(
            sheets=sheets,
            five_ones_complete=_n(counts.get("five")),
            five_ones_rate=_ratio(_n(counts.get("five")), sheets),
            nine_rules_attested=_n(counts.get("nine")),
            nine_rules_rate=_ratio(_n(counts.get("nine")), sheets),
        ),
        "first_time_fixed": ftf.get(g, 0),
        "first_time_fix_rate": _ratio(ftf.get(g, 0), jobs),
        "repeat_repairs": repeats.get(g, 0),
        "charging": Charging(
            charged=_n(counts.get("charged")),
            free=sheets - _n(counts.get("charged")),
            charged_total_fen=_n(counts.get("charged_fen")),
        ),
    }


def _all_figures(
    session: Session, p: _Period, per: bool, now: datetime
) -> dict[Group, dict[str, Any]]:
    counts = _sheet_counts(session, p, per)
    ftf = _first_time_fix(session, p, per)
    repeats = _repeats(session, p, per)
    levels = _levels(session, p, per, now)
    surveys = _surveys(session, p, per)
    groups: Sequence[Group] = list(counts) if per else [_ALL]
    return {g: _figures(g, counts.get(g, {}), ftf, repeats, levels, surveys) for g in groups}


def dashboard(
    session: Session, *, first: date, last: date, technician_id: int | None, now: datetime
) -> Dashboard:
    """The period's figures: overall, per technician (by name), and the most repeated serials."""
    p = _Period(first, last, technician_id)
    overall = _all_figures(session, p, False, now)[_ALL]
    per = _all_figures(session, p, True, now)
    names = (
        dict(
            session.execute(
                select(UserRow.id, UserRow.display_name).where(UserRow.id.in_(list(per)))
            ).all()
        )
        if per
        else {}
    )
    technicians = sorted(
        (
            TechnicianFigures(technician_id=str(t), technician_name=names.get(t, ""), **figures)
            for t, figures in per.items()
        ),
        key=lambda f: (f.technician_name, f.technician_id),
    )
    serials = session.execute(
        _repeat_serials(session, p)
        .order_by(func.count(distinct(SheetRow.work_order_id)).desc(), SheetRow.serial)
        .limit(TOP_SERIALS)
    ).all()
    return Dashboard(
        date_from=first,
        date_to=last,
        computed_at=now,
        overall=Figures(**overall),
        technicians=technicians,
        repeat_serials=[RepeatSerial(serial=str(s), jobs=int(n)) for s, n in serials],
    )
