"""Pull (sync/pull): changes since a server-issued cursor, per user, in pages."""

from __future__ import annotations

from sync.models.user import Role
from tests.support.api import assigned_order, call, pull_all, push
from tests.support.sheets import pushed_sheet


def test_first_pull_is_a_snapshot_with_reference_data_and_open_orders(service, clerk, boss):
    service.add_user("tech_snap", Role.TECHNICIAN)
    tech = service.login("tech_snap")
    ticket = assigned_order(clerk, boss, tech)

    reply = tech.get("/sync/pull").json()

    kinds = {(c["kind"], c["id"]) for c in reply["changes"]}
    assert ("work_order", ticket) in kinds
    assert {"catalogue", "checklists", "prices"} <= {i for k, i in kinds if k == "reference"}
    assert reply["has_more"] is False
    assert reply["cursor"] and len(reply["cursor"]) <= 40


def test_assignment_reassignment_and_cancellation_reach_the_right_technicians(
    clerk, boss, tech_a, tech_b
):
    _, cursor_a = pull_all(tech_a)
    _, cursor_b = pull_all(tech_b)
    ticket = assigned_order(clerk, boss, tech_a)

    changes_a, cursor_a = pull_all(tech_a, cursor_a)
    assert [c["data"]["status"] for c in changes_a if c["id"] == ticket] == ["assigned"]

    boss.post(f"/work-orders/{ticket}/assign", json={"technician_id": tech_b.id})
    changes_a, cursor_a = pull_all(tech_a, cursor_a)
    changes_b, cursor_b = pull_all(tech_b, cursor_b)
    assert [c for c in changes_a if c["id"] == ticket] == [
        {"kind": "work_order_removed", "id": ticket, "data": {"reason": "reassigned"}}
    ]
    assert [c["kind"] for c in changes_b if c["id"] == ticket] == ["work_order"]

    clerk.post(f"/work-orders/{ticket}/cancel", json={"reason": "客户已自行解决"})
    changes_b, _ = pull_all(tech_b, cursor_b)
    changes_a, _ = pull_all(tech_a, cursor_a)
    assert [c["data"]["status"] for c in changes_b if c["id"] == ticket] == ["cancelled"]
    assert [c for c in changes_a if c["id"] == ticket] == []


def test_pages_follow_has_more_without_losing_or_repeating_a_change(clerk, boss, tech_a):
    _, cursor = pull_all(tech_a)
    tickets = [assigned_order(clerk, boss, tech_a) for _ in range(5)]

    seen = []
    while True:
        page = tech_a.get("/sync/pull", params={"cursor": cursor, "limit": 2}).json()
        assert len(page["changes"]) <= 2
        seen += [c["id"] for c in page["changes"] if c["kind"] == "work_order"]
        cursor = page["cursor"]
        if not page["has_more"]:
            break

    assert seen == tickets


def test_a_technician_never_receives_another_technicians_orders(clerk, boss, tech_a, tech_b):
    _, cursor = pull_all(tech_a)
    other = assigned_order(clerk, boss, tech_b)
    clerk.post("/work-orders", json=call())  # unassigned

    changes, _ = pull_all(tech_a, cursor)

    assert other not in {c["id"] for c in changes}
    assert all(
        c["kind"] == "reference" or c["data"].get("technician_id") in (None, tech_a.id)
        for c in changes
        if c["kind"] == "work_order"
    )


def test_review_results_reach_the_technician(service, clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    sheet = pushed_sheet(ticket, tech_a.id)
    push(tech_a, [(sheet, 1)])
    _, cursor = pull_all(tech_a)

    boss.post(
        f"/reviews/{sheet['sheet_id']}/return", json={"revision": 1, "comment": "请补充故障照片"}
    )
    changes, _ = pull_all(tech_a, cursor)

    results = [c for c in changes if c["kind"] == "review_result"]
    assert len(results) == 1
    assert results[0]["id"] == sheet["sheet_id"]
    assert results[0]["data"]["decision"] == "returned"
    assert results[0]["data"]["comment"] == "请补充故障照片"


def test_a_cursor_the_service_never_issued_is_refused(tech_a):
    assert tech_a.get("/sync/pull", params={"cursor": "99999999999"}).status_code == 409
    bad = tech_a.get("/sync/pull", params={"cursor": "yesterday"})
    assert bad.status_code == 422
    assert "cursor" in bad.json()["detail"]["message"]["en"]


def test_a_cursor_from_before_a_restore_is_refused_even_once_the_log_grew_past_it(
    service, clerk, boss
):
    """The database is restored from a backup: the change log goes back to the backup, then
    grows again. A phone's cursor from before the restore now points at other changes; it
    must be refused (the phone starts from a snapshot), not quietly skip the new ones."""
    from sqlalchemy import delete, update

    from sync.models.change import ChangeCounterRow, ChangeRow

    service.add_user("tech_restore", Role.TECHNICIAN)
    tech = service.login("tech_restore")
    _, at_backup = pull_all(tech)
    with service.database.session(write=False) as session:
        backup_position = session.get(ChangeCounterRow, 1).last
    for _ in range(2):
        assigned_order(clerk, boss, tech)
    _, phone_cursor = pull_all(tech, at_backup)

    with service.database.transaction() as session:  # the restore
        session.execute(delete(ChangeRow).where(ChangeRow.seq > backup_position))
        session.execute(update(ChangeCounterRow).values(last=backup_position))
    after_restore = [assigned_order(clerk, boss, tech) for _ in range(4)]

    stale = tech.get("/sync/pull", params={"cursor": phone_cursor})
    assert stale.status_code == 409, stale.text
    assert stale.json()["detail"]["code"] == "conflict"
    snapshot, _ = pull_all(tech)
    assert set(after_restore) <= {c["id"] for c in snapshot}


def test_a_cursor_of_other_digits_is_refused_not_a_server_error(tech_a):
    """str.isdigit() accepts "²" and "①", which int() cannot read."""
    for cursor in ("²", "①", "1²", "٣"):
        reply = tech_a.get("/sync/pull", params={"cursor": cursor})
        assert reply.status_code == 422, (cursor, reply.text)
        assert "cursor" in reply.json()["detail"]["message"]["en"]


def test_pulling_while_orders_are_assigned_concurrently_misses_nothing(service, clerk, boss):
    """Sequence order equals commit order: a cursor never skips a change committed later."""
    import threading

    service.add_user("tech_race", Role.TECHNICIAN)
    tech = service.login("tech_race")
    _, cursor = pull_all(tech)
    assigned: list[str] = []
    lock = threading.Lock()

    def assign_some() -> None:
        for _ in range(5):
            ticket = assigned_order(clerk, boss, tech)
            with lock:
                assigned.append(ticket)

    threads = [threading.Thread(target=assign_some) for _ in range(4)]
    for thread in threads:
        thread.start()
    seen: set[str] = set()
    while any(thread.is_alive() for thread in threads):
        changes, cursor = pull_all(tech, cursor)
        seen |= {c["id"] for c in changes if c["kind"] == "work_order"}
    for thread in threads:
        thread.join()
    changes, cursor = pull_all(tech, cursor)
    seen |= {c["id"] for c in changes if c["kind"] == "work_order"}

    assert seen == set(assigned)
    assert len(assigned) == 20
