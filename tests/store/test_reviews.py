"""Review results pulled from the server are stored on the sheet's own record."""

from __future__ import annotations

from datetime import timedelta

from fieldapp.store import ReviewDecision, ReviewResult, Store, open_store
from tests.support.times import VISIT_DAY, at

from .conftest import a_sheet


def review(
    sheet_id: str, decision: ReviewDecision, comment: str = "", hours: int = 0
) -> ReviewResult:
    return ReviewResult(
        sheet_id=sheet_id,
        revision=1,
        decision=decision,
        comment=comment,
        reviewed_at=at(VISIT_DAY, 17) + timedelta(hours=hours),
        reviewer="李主管",
    )


def test_a_returned_sheet_shows_the_supervisors_comment(store: Store) -> None:
    sheet = a_sheet()
    store.save_sheet(sheet)
    returned = review(sheet.sheet_id, ReviewDecision.RETURNED, "请补拍维修后照片")
    assert store.apply_review_result(returned) is True
    summary = store.sheet_summary(sheet.sheet_id)
    assert summary is not None
    assert summary.review_decision is ReviewDecision.RETURNED
    assert summary.review_comment == "请补拍维修后照片"
    store.close()
    with open_store(store.path) as reopened:
        assert reopened.reviews(sheet.sheet_id) == [returned]


def test_the_same_review_twice_is_stored_once(store: Store) -> None:
    sheet = a_sheet()
    store.save_sheet(sheet)
    approved = review(sheet.sheet_id, ReviewDecision.APPROVED)
    assert store.apply_review_result(approved) is True
    assert store.apply_review_result(approved) is False
    assert store.reviews(sheet.sheet_id) == [approved]


def test_a_review_does_not_touch_the_outbox(store: Store) -> None:
    sheet = a_sheet()
    store.save_sheet(sheet)
    store.mark_pushed(sheet.sheet_id, 1)
    store.apply_review_result(review(sheet.sheet_id, ReviewDecision.APPROVED))
    assert store.pending_sheets() == []
    summary = store.sheet_summary(sheet.sheet_id)
    assert summary is not None and summary.version == 1 and summary.approved


def test_the_latest_decision_stands(store: Store) -> None:
    sheet = a_sheet()
    store.save_sheet(sheet)
    store.apply_review_result(review(sheet.sheet_id, ReviewDecision.RETURNED, "缺照片"))
    store.apply_review_result(review(sheet.sheet_id, ReviewDecision.APPROVED, hours=2))
    summary = store.sheet_summary(sheet.sheet_id)
    assert summary is not None and summary.review_decision is ReviewDecision.APPROVED


def test_a_review_for_a_sheet_not_on_this_device_is_ignored(store: Store) -> None:
    assert store.apply_review_result(review(a_sheet(5).sheet_id, ReviewDecision.APPROVED)) is False
    assert store.list_sheets() == []
