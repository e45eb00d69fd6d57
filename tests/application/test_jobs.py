"""Today's jobs, search, countdown words and a job's detail, from a real store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fieldapp.application import Device
from fieldapp.application.countdown import duration_words
from fieldapp.application.job_detail import cached_history, fetch_history, job_detail
from fieldapp.application.outbox import outbox_entries
from fieldapp.application.visit_start import start_visit
from fieldapp.domain.text import text
from fieldapp.domain.work_order import Urgency, WorkOrderStatus
from fieldapp.store import ReviewDecision, ReviewResult
from tests.application.conftest import NOW, SERIAL, a_sheet, an_order

SHANGHAI_MORNING = NOW  # 10:00 in Shanghai


def test_the_day_holds_that_days_jobs_in_the_centres_time_zone(device: Device) -> None:
    store = device.store
    # 23:30 UTC on the 22nd is 07:30 on the 23rd in Shanghai: today's job, not yesterday's.
    store.apply_work_order(an_order(1, appointment=datetime(2026, 11, 22, 23, 30, tzinfo=UTC)))
    store.apply_work_order(an_order(2, appointment=NOW + timedelta(hours=3)))
    store.apply_work_order(an_order(3, appointment=NOW + timedelta(days=1)))
    today = device.jobs.today()
    assert str(today) == "2026-11-23"
    assert [c.ticket_no for c in device.jobs.day(today)] == ["BX20261122-0001", "BX20261122-0002"]
    assert [c.ticket_no for c in device.jobs.day(today + timedelta(days=1))] == ["BX20261122-0003"]


def test_a_row_says_the_countdown_in_words_and_marks_overdue(device: Device) -> None:
    store = device.store
    store.apply_work_order(an_order(1, appointment=NOW, reported_at=NOW - timedelta(hours=21)))
    store.apply_work_order(an_order(2, appointment=NOW, reported_at=NOW - timedelta(hours=26)))
    soon, late = device.jobs.day(device.jobs.today())
    assert soon.countdown is not None and not soon.countdown.overdue
    assert soon.countdown.words == text("还剩 3 小时到场", "3 h left to arrive")
    assert late.countdown is not None and late.countdown.overdue
    assert late.countdown.words.zh == "已超时 2 小时（到场）"


def test_a_closed_job_has_no_countdown(device: Device) -> None:
    device.store.apply_work_order(an_order(1, appointment=NOW, status=WorkOrderStatus.CLOSED))
    (card,) = device.jobs.day(device.jobs.today())
    assert card.countdown is None


def test_durations_read_as_people_say_them() -> None:
    assert duration_words(timedelta(minutes=41)).zh == "41 分钟"
    assert duration_words(timedelta(hours=26, minutes=5)) == text("1 天 2 小时", "1 d 2 h")


def test_search_finds_by_ticket_customer_phone_or_serial_on_any_day(device: Device) -> None:
    store = device.store
    store.apply_work_order(an_order(1, appointment=NOW, name="陈晓明", phone="138 0123 4567"))
    store.apply_work_order(
        an_order(2, appointment=NOW - timedelta(days=40), name="赵丽华", phone="13916667788",
                 urgency=Urgency.URGENT, serial=None)
    )  # fmt: skip
    book = device.jobs
    assert [c.ticket_no for c in book.search("0002").cards] == ["BX20261122-0002"]
    assert [c.customer_name for c in book.search("赵丽").cards] == ["赵丽华"]
    assert [c.customer_name for c in book.search("13801234567").cards] == ["陈晓明"]
    assert [c.customer_name for c in book.search(SERIAL.lower()).cards] == ["陈晓明"]
    assert book.search("   ").cards == []


def test_search_lists_a_page_and_says_there_is_more(device: Device) -> None:
    for n in range(1, 8):
        device.store.apply_work_order(an_order(n, appointment=NOW))
    result = device.jobs.search("BX2026", limit=5)
    assert len(result.cards) == 5 and result.more


def test_unsynced_and_returned_marks_show_on_the_row(device: Device) -> None:
    store = device.store
    store.apply_work_order(an_order(1, appointment=NOW))
    store.apply_work_order(an_order(2, appointment=NOW))
    store.save_sheet(a_sheet("BX20261122-0001"))
    returned = a_sheet("BX20261122-0002")
    store.save_sheet(returned)
    store.mark_pushed(returned.sheet_id, 1)
    store.apply_review_result(
        ReviewResult(sheet_id=returned.sheet_id, revision=1, decision=ReviewDecision.RETURNED,
                     comment="请补拍铭牌照片", reviewed_at=NOW, reviewer="王建国")
    )  # fmt: skip
    first, second = device.jobs.day(device.jobs.today())
    assert first.unsynced and first.returned_comment is None
    assert not second.unsynced and second.returned_comment == "请补拍铭牌照片"
    detail = job_detail(device.jobs, "BX20261122-0002")
    assert detail is not None and detail.returned_comment == "请补拍铭牌照片"


def test_the_detail_gives_deadlines_and_a_verdict_from_the_registered_product(
    device: Device,
) -> None:
    device.store.apply_work_order(an_order(1, appointment=NOW))
    detail = job_detail(device.jobs, "BX20261122-0001")
    assert detail is not None
    assert [d.key for d, _ in detail.deadlines] == ["on_site", "fix"]
    assert detail.verdict is not None and detail.verdict.headline.zh
    assert job_detail(device.jobs, "BX20990101-0001") is None


def test_serial_history_is_kept_for_offline(device: Device) -> None:
    device.sign_in("http://svc", "tech1", "right")
    assert cached_history(device.store, SERIAL).fetched_at is None
    fresh = fetch_history(device.store, device.api(), SERIAL)
    assert not fresh.from_cache and fresh.visits == []
    kept = cached_history(device.store, SERIAL)
    assert kept.from_cache and kept.fetched_at == fresh.fetched_at


def test_starting_a_visit_checks_in_and_queues_the_sheet(device: Device) -> None:
    device.sign_in("http://svc", "tech1", "right")
    device.close()
    offline = Device(device.store_dir, vault=device.vault, clock=lambda: NOW)
    try:
        offline.store.apply_work_order(an_order(1, appointment=NOW))
        sheet = start_visit(offline.store, offline.jobs.reference, "BX20261122-0001", now=NOW)
        assert sheet.arrival is not None
        again = start_visit(offline.store, offline.jobs.reference, "BX20261122-0001", now=NOW)
        assert again.sheet_id == sheet.sheet_id  # the same visit, not a second sheet
        order = offline.store.get_work_order("BX20261122-0001")
        assert order is not None and order.status is WorkOrderStatus.IN_PROGRESS
        (entry,) = outbox_entries(offline.store)
        assert (entry.ticket_no, entry.state, entry.version) == ("BX20261122-0001", "pending", 1)
        (card,) = offline.jobs.day(offline.jobs.today())
        assert card.unsynced
        assert card.countdown is not None and "修复" in card.countdown.words.zh  # arrived: fix next
    finally:
        offline.close()


def test_arrival_ticks_are_saved_on_the_visit_sheet(device: Device) -> None:
    from fieldapp.application.visit_start import tick_arrival

    device.close()
    offline = Device(device.store_dir, vault=device.vault, clock=lambda: NOW)
    try:
        offline.store.set_setting("account", {"user_id": "u-tech1", "username": "tech1"})
        offline.store.apply_work_order(an_order(1, appointment=NOW))
        sheet = start_visit(offline.store, offline.jobs.reference, "BX20261122-0001", now=NOW)
        tick_arrival(offline.store, sheet.sheet_id, "work_id_shown", True)
        detail = job_detail(offline.jobs, "BX20261122-0001")
        assert detail is not None and detail.open_sheet_id == sheet.sheet_id
        assert detail.arrival_ticks == {"work_id_shown": True, "work_order_shown": False}
        assert offline.store.sheet_summary(sheet.sheet_id).version == 2  # type: ignore[union-attr]
    finally:
        offline.close()
