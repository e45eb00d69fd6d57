"""What the job's screen offers once a sheet is signed: the submitted sheet, never a second
visit started by a stray tap; a new visit only after one that booked it, when confirmed."""

from __future__ import annotations

import pytest

from fieldapp.application import Device
from fieldapp.application.job_detail import job_detail
from fieldapp.application.visit_forms import save_outcome
from fieldapp.application.visit_start import NextVisit, VisitRefused, next_visit, start_visit
from tests.application import test_visit
from tests.application.test_visit import TICKET, fill_until_outcome, open_visit, sign

phone = test_visit.phone  # the signed-in, offline device with today's job (a fixture)


def submitted_with(phone: Device, outcome: dict[str, object]) -> str:
    visit = open_visit(phone)
    fill_until_outcome(visit)
    assert save_outcome(visit, outcome) == []
    visit.tick("five_ones", "beauty", True)
    visit.attest_nine_rules(True)
    assert sign(visit) == []
    visit.submit()
    return visit.sheet.sheet_id


def test_a_job_without_a_sheet_starts_and_an_unsigned_one_continues(phone: Device) -> None:
    assert next_visit(phone.store, TICKET) is NextVisit.START
    open_visit(phone).save()
    assert next_visit(phone.store, TICKET) is NextVisit.CONTINUE


def test_a_submitted_job_starts_no_second_visit(phone: Device) -> None:
    sheet_id = submitted_with(phone, {"kind": "fixed"})
    assert next_visit(phone.store, TICKET) is NextVisit.SUBMITTED
    with pytest.raises(VisitRefused) as refused:
        start_visit(phone.store, phone.jobs.reference, TICKET)
    assert "已提交" in refused.value.message.zh  # type: ignore[attr-defined]
    # Even when asked for, a job fixed on site has no next visit.
    with pytest.raises(VisitRefused):
        start_visit(phone.store, phone.jobs.reference, TICKET, second_visit=True)
    assert [s.sheet_id for s in phone.store.list_sheets(ticket_no=TICKET)] == [sheet_id]
    # Opening the visit shows the submitted sheet, read-only.
    assert open_visit(phone).submitted
    detail = job_detail(phone.jobs, TICKET)
    assert detail is not None and detail.next_visit is NextVisit.SUBMITTED
    assert detail.revisions == {sheet_id: 1}  # the sheet's revision, not a save counter


def test_another_visit_starts_only_when_confirmed(phone: Device) -> None:
    outcome = {"kind": "another_visit", "reason": "备件缺货", "proposed_at": "2026-11-25 14:00"}
    first = submitted_with(phone, outcome)
    assert next_visit(phone.store, TICKET) is NextVisit.SECOND_VISIT
    with pytest.raises(VisitRefused) as refused:
        start_visit(phone.store, phone.jobs.reference, TICKET)
    assert "确认" in refused.value.message.zh  # type: ignore[attr-defined]
    assert len(phone.store.list_sheets(ticket_no=TICKET)) == 1
    second = start_visit(phone.store, phone.jobs.reference, TICKET, second_visit=True)
    assert second.sheet_id != first and second.arrival is not None
    assert next_visit(phone.store, TICKET) is NextVisit.CONTINUE
    # Starting again continues that visit; it does not make a third sheet.
    again = start_visit(phone.store, phone.jobs.reference, TICKET)
    assert again.sheet_id == second.sheet_id
    assert len(phone.store.list_sheets(ticket_no=TICKET)) == 2
