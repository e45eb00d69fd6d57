"""Work orders: pulled orders apply idempotently; removed and cancelled ones behave as told."""

from __future__ import annotations

from datetime import timedelta

from fieldapp.domain.work_order import WorkOrderStatus
from fieldapp.store import Store, open_store
from tests.support.orders import an_order
from tests.support.times import VISIT_DAY

from .conftest import a_sheet


def generations(store: Store, ticket_no: str) -> list[str]:
    return sorted(p.name for p in (store.path / "orders").glob(f"{ticket_no}.*.json"))


def test_applying_the_same_pulled_order_twice_writes_once(store: Store) -> None:
    order = an_order()
    assert store.apply_work_order(order) is True
    files = generations(store, order.ticket_no)
    assert store.apply_work_order(order) is False
    assert generations(store, order.ticket_no) == files
    assert store.get_work_order(order.ticket_no) == order


def test_todays_jobs_are_listed_by_appointment(store: Store) -> None:
    later, earlier = an_order(1, hour=15), an_order(2, hour=9)
    tomorrow = an_order(3, day=VISIT_DAY + timedelta(days=1))
    for order in (later, earlier, tomorrow):
        store.apply_work_order(order)
    today = store.list_work_orders(day=VISIT_DAY)
    assert [o.ticket_no for o in today] == [earlier.ticket_no, later.ticket_no]
    assert today[0].customer_name == "王女士" and today[0].product == "MH MH-P520"


def test_a_cancelled_order_is_kept_with_its_status(store: Store) -> None:
    order = an_order()
    store.apply_work_order(order)
    store.apply_work_order(order.model_copy(update={"status": WorkOrderStatus.CANCELLED}))
    [listed] = store.list_work_orders()
    assert listed.status is WorkOrderStatus.CANCELLED
    assert store.list_work_orders(status=WorkOrderStatus.ASSIGNED) == []


def test_a_removed_order_leaves_the_list_but_its_sheet_stays(store: Store) -> None:
    order = an_order()
    store.apply_work_order(order)
    sheet = a_sheet(ticket_no=order.ticket_no)
    store.save_sheet(sheet)
    assert store.remove_work_order(order.ticket_no, "reassigned") is True
    assert store.remove_work_order(order.ticket_no, "reassigned") is False  # idempotent
    assert store.list_work_orders() == []
    [removed] = store.list_work_orders(include_removed=True)
    assert removed.removed_reason == "reassigned"
    assert store.get_work_order(order.ticket_no) == order
    assert [p.sheet_id for p in store.pending_sheets()] == [sheet.sheet_id]


def test_an_order_assigned_back_is_active_again(store: Store) -> None:
    order = an_order()
    store.apply_work_order(order)
    store.remove_work_order(order.ticket_no, "reassigned")
    assert store.apply_work_order(order) is True
    [listed] = store.list_work_orders()
    assert not listed.removed


def test_a_local_status_change_is_saved(store: Store) -> None:
    order = an_order()
    store.apply_work_order(order)
    store.save_work_order(order.model_copy(update={"status": WorkOrderStatus.IN_PROGRESS}))
    store.close()
    with open_store(store.path) as reopened:
        assert reopened.list_work_orders()[0].status is WorkOrderStatus.IN_PROGRESS


def test_an_unknown_order_is_none_and_removing_it_is_harmless(store: Store) -> None:
    assert store.get_work_order("BX20261122-9999") is None
    assert store.remove_work_order("BX20261122-9999", "withdrawn") is False
