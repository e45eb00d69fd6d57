"""The review queue and the sheet viewer against a real service: filters, counts, what
changed, decisions, a decision made too late, the PDF."""

from __future__ import annotations

import pytest

from fieldapp.domain.sheet_changes import section_name
from fieldapp.office import reviews
from fieldapp.office.errors import DecisionTooLate, FormProblems
from fieldapp.office.reviews import QueueFilters, SheetStatus
from fieldapp.office.sheet_view import sheet_sections
from tests.support.api import assigned_order, push, upload
from tests.support.sheets import png, pushed_sheet, sha


def _pushed(api_clerk, api_boss, tech_a, **options):
    ticket = assigned_order(api_clerk, api_boss, tech_a)
    sheet = pushed_sheet(ticket, tech_a.id, **options)
    reply = push(tech_a, [(sheet, 1)])
    assert reply.status_code == 200, reply.text
    return ticket, sheet


def test_the_queue_filters_counts_and_shows_the_new_sheet(boss, api_clerk, api_boss, tech_a):
    ticket, _ = _pushed(api_clerk, api_boss, tech_a, charged=True, rating=2)
    page = reviews.review_queue(boss.client, QueueFilters())
    assert ticket in [row.ticket_no for row in page.items]
    assert page.counts["submitted"] >= 1
    charged = reviews.review_queue(boss.client, QueueFilters(charged=True, low_rating=True))
    assert [r.ticket_no for r in charged.items if r.ticket_no == ticket] == [ticket]
    free = reviews.review_queue(boss.client, QueueFilters(charged=False))
    assert ticket not in [r.ticket_no for r in free.items]
    mine = reviews.review_queue(boss.client, QueueFilters(technician_id=tech_a.id))
    assert all(r.technician_id == tech_a.id for r in mine.items)
    with pytest.raises(FormProblems) as backwards:
        from datetime import date

        reviews.review_queue(
            boss.client, QueueFilters(visited_from=date(2026, 5, 2), visited_to=date(2026, 5, 1))
        )
    assert "visited_to" in backwards.value.problems


def test_return_resubmit_see_what_changed_approve(boss, api_clerk, api_boss, tech_a):
    photo, signature = png(71), png(72)
    assert upload(tech_a, photo).status_code in (200, 201)
    assert upload(tech_a, signature).status_code in (200, 201)
    ticket, sheet = _pushed(api_clerk, api_boss, tech_a, photos=[photo], signature=signature)
    detail = reviews.open_sheet(boss.client, sheet["sheet_id"])
    sections = {s.key: s for s in sheet_sections(detail.sheet)}
    assert sections["repair"].photos == [sha(photo)]
    assert sections["sign_off"].signature == sha(signature)
    rating = next(line for line in sections["sign_off"].lines if line.label.en == "Rating")
    assert rating.value.zh == "5"
    assert detail.rules.warranty is not None

    with pytest.raises(FormProblems) as unnamed:
        reviews.return_to_technician(boss.client, detail, None, "")
    assert set(unnamed.value.problems) == {"section", "comment"}
    reviews.return_to_technician(boss.client, detail, section_name("charges"), "收费项目请核对")

    fixed = pushed_sheet(
        ticket, tech_a.id, sheet_id=sheet["sheet_id"], charged=True, photos=[photo],
        signature=signature,
    )  # fmt: skip
    assert push(tech_a, [(fixed, 2)]).status_code == 200
    again = reviews.open_sheet(boss.client, sheet["sheet_id"])
    assert again.reviews[0].decision == "returned" and "收费" in again.reviews[0].comment
    assert again.since_last_decision is not None
    changed = {s.section for s in again.since_last_decision.sections}
    assert "charges" in changed
    label = reviews.change_label("charges", "lines.0.unit_price_fen")
    assert "单价" in label.zh and "收费" in label.zh

    reviews.approve(boss.client, again)
    approved = reviews.review_queue(boss.client, QueueFilters(status=SheetStatus.APPROVED))
    assert sheet["sheet_id"] in [r.sheet_id for r in approved.items]
    pdf = reviews.sheet_pdf(boss.client, sheet["sheet_id"])
    assert pdf.startswith(b"%PDF")


def test_a_decision_on_an_old_version_says_to_open_it_again(boss, api_clerk, api_boss, tech_a):
    ticket, sheet = _pushed(api_clerk, api_boss, tech_a)
    seen = reviews.open_sheet(boss.client, sheet["sheet_id"])
    newer = pushed_sheet(ticket, tech_a.id, sheet_id=sheet["sheet_id"], symptoms="灯泡老化")
    assert push(tech_a, [(newer, 2)]).status_code == 200
    with pytest.raises(DecisionTooLate) as late:
        reviews.approve(boss.client, seen)
    assert "重新打开" in late.value.message.zh and "open" in late.value.message.en.lower()
    current = reviews.open_sheet(boss.client, sheet["sheet_id"])
    reviews.approve(boss.client, current)
    with pytest.raises(DecisionTooLate) as twice:
        reviews.approve(boss.client, current)
    assert "已" in twice.value.message.zh and "重新打开" in twice.value.message.zh
