"""Archive: synced, approved, idle jobs leave the active set and stay readable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fieldapp.domain.work_order import WorkOrderStatus
from fieldapp.store import ReviewDecision, ReviewResult, Store, open_store
from tests.support.orders import an_order
from tests.support.sheets import edited
from tests.support.times import VISIT_DAY, at

from .conftest import a_sheet

MONTHS_LATER = datetime(2027, 3, 1, tzinfo=UTC)
NEXT_DAY = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def approve(store: Store, sheet_id: str) -> None:
    store.apply_review_result(
        ReviewResult(
            sheet_id=sheet_id,
            revision=1,
            decision=ReviewDecision.APPROVED,
            reviewed_at=at(VISIT_DAY, 18),
            reviewer="李主管",
        )
    )


def finished_job(store: Store, n: int) -> str:
    """A job whose sheet was pushed and approved, and whose order was closed."""
    order = an_order(n)
    store.apply_work_order(order.model_copy(update={"status": WorkOrderStatus.CLOSED}))
    sheet = a_sheet(n, ticket_no=order.ticket_no)
    version = store.save_sheet(sheet)
    store.mark_pushed(sheet.sheet_id, version)
    approve(store, sheet.sheet_id)
    return sheet.sheet_id


def test_finished_jobs_leave_the_active_set_but_stay_readable(store: Store) -> None:
    sheet_id = finished_job(store, 1)
    photo = store.put_attachment(b"repair photo", "image/jpeg")
    report = store.archive_jobs(older_than=timedelta(days=30), now=MONTHS_LATER)
    assert report.sheets == [sheet_id] and report.work_orders == [an_order(1).ticket_no]
    assert store.list_sheets() == [] and store.list_work_orders() == []
    assert store.get_sheet(sheet_id) == a_sheet(1, ticket_no=an_order(1).ticket_no)
    assert store.get_work_order(an_order(1).ticket_no) is not None
    [archived] = store.list_sheets(include_archived=True)
    assert archived.archived and archived.approved
    store.close()
    with open_store(store.path) as reopened:
        assert reopened.list_sheets() == []
        assert [s.sheet_id for s in reopened.list_sheets(include_archived=True)] == [sheet_id]
        assert len(reopened.list_work_orders(include_archived=True)) == 1
        assert reopened.get_sheet(sheet_id) is not None
        in_two_days = datetime.now(UTC) + timedelta(days=2)  # past the photo's grace period
        assert photo.sha256 in reopened.cleanup_attachments(now=in_two_days).removed


def test_unfinished_or_recent_jobs_stay_active(store: Store) -> None:
    pending = a_sheet(1)
    store.save_sheet(pending)  # never pushed
    returned = a_sheet(2)
    store.save_sheet(returned)
    store.mark_pushed(returned.sheet_id, 1)
    returned_result = ReviewResult(
        sheet_id=returned.sheet_id,
        revision=1,
        decision=ReviewDecision.RETURNED,
        comment="缺照片",
        reviewed_at=at(VISIT_DAY, 18),
    )
    store.apply_review_result(returned_result)
    edited_after_approval = finished_job(store, 3)
    store.save_sheet(edited(a_sheet(3, ticket_no=an_order(3).ticket_no), "补记备用机归还"))
    store.mark_pushed(edited_after_approval, 2)  # pushed, but the approval was of version 1
    finished = finished_job(store, 4)
    assert store.archive_jobs(older_than=timedelta(days=30), now=NEXT_DAY).sheets == []
    report = store.archive_jobs(older_than=timedelta(days=30), now=MONTHS_LATER)
    assert report.sheets == [finished]  # only the finished one, and only once it is idle
    assert len(store.list_sheets()) == 3


def test_attachments_of_archived_sheets_are_kept(store: Store) -> None:
    photo = store.put_attachment(b"signature png", "image/png")
    order = an_order(1)
    sheet = a_sheet(1, ticket_no=order.ticket_no, photos=[photo])
    store.save_sheet(sheet)
    store.mark_pushed(sheet.sheet_id, 1)
    approve(store, sheet.sheet_id)
    store.archive_jobs(older_than=timedelta(days=30), now=MONTHS_LATER)
    assert store.cleanup_attachments(now=MONTHS_LATER).removed == []
    assert store.read_attachment(photo.sha256) == b"signature png"


def test_editing_an_archived_sheet_brings_it_back(store: Store) -> None:
    sheet_id = finished_job(store, 1)
    store.archive_jobs(older_than=timedelta(days=30), now=MONTHS_LATER)
    back = edited(a_sheet(1, ticket_no=an_order(1).ticket_no), "备用机已归还")
    assert store.save_sheet(back) == 2  # the version continues
    assert [s.sheet_id for s in store.list_sheets()] == [sheet_id]
    assert [p.version for p in store.pending_sheets()] == [2]
    assert len(store.reviews(sheet_id)) == 1  # its history came back with it
    assert list((store.path / "archive" / "sheets").iterdir()) == []
    assert store.list_sheets(include_archived=True)[0].archived is False


def test_the_archive_age_is_a_setting(store: Store) -> None:
    finished_job(store, 1)
    store.set_setting("archive_after_days", 400)
    assert store.archive_jobs(now=MONTHS_LATER).sheets == []
    store.set_setting("archive_after_days", 7)
    assert len(store.archive_jobs(now=MONTHS_LATER).sheets) == 1


def test_an_approval_of_an_older_version_does_not_archive_a_newer_one(store: Store) -> None:
    order = an_order(1)
    sheet = a_sheet(1, ticket_no=order.ticket_no)
    store.save_sheet(sheet)
    store.mark_pushed(sheet.sheet_id, 1)
    store.save_sheet(edited(sheet, "补记：更换遥控器电池"))  # version 2, not yet pushed
    approve(store, sheet.sheet_id)  # the supervisor saw version 1
    store.mark_pushed(sheet.sheet_id, 2)  # a new revision on the server, awaiting review
    assert store.archive_jobs(older_than=timedelta(days=30), now=MONTHS_LATER).sheets == []
