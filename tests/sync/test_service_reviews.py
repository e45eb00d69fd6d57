"""The review queue: filters and counts, approve (locks, closes, schedules 回访), return."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.visit import visit_day
from sync.models.user import Role
from tests.support.api import assigned_order, push, upload
from tests.support.sheets import png, pushed_sheet


def _submitted(clerk, boss, tech, **sheet_args):
    ticket = assigned_order(clerk, boss, tech)
    sheet = pushed_sheet(ticket, tech.id, **sheet_args)
    assert push(tech, [(sheet, 1)]).json()["results"][0]["status"] == "accepted"
    return ticket, sheet


def test_queue_filters_and_counts(service, clerk, boss, tech_b):
    service.add_user("tech_q", Role.TECHNICIAN)
    tech = service.login("tech_q")
    _, low = _submitted(clerk, boss, tech, rating=2)
    _, charged = _submitted(clerk, boss, tech, charged=True)
    _, plain = _submitted(clerk, boss, tech)

    mine = {"technician_id": tech.id}
    everything = boss.get("/reviews", params=mine).json()
    assert everything["total"] == 3
    assert everything["counts"]["submitted"] == 3
    assert [
        i["sheet_id"]
        for i in boss.get("/reviews", params={**mine, "max_rating": 3}).json()["items"]
    ] == [low["sheet_id"]]
    assert [
        i["sheet_id"]
        for i in boss.get("/reviews", params={**mine, "charged": True}).json()["items"]
    ] == [charged["sheet_id"]]
    today = visit_day(JobSheet.model_validate(plain)).isoformat()
    dated = boss.get("/reviews", params={**mine, "visited_from": today, "visited_to": today}).json()
    assert dated["total"] == 3
    assert (
        boss.get(
            "/reviews", params={**mine, "visited_from": "2020-01-01", "visited_to": "2020-01-02"}
        ).json()["total"]
        == 0
    )


def test_the_visit_day_filter_counts_days_in_the_service_centres_calendar(clerk, boss, tech_b):
    """A check-in at 23:30 UTC is 07:30 the next morning in Shanghai: listed under that day."""
    now = datetime.now(UTC)
    visit = now.replace(hour=23, minute=30, second=0, microsecond=0) - timedelta(days=1)
    if visit > now - timedelta(minutes=30):
        visit -= timedelta(days=1)
    reported = (visit - timedelta(hours=2)).isoformat()
    ticket = assigned_order(clerk, boss, tech_b, reported_at=reported)
    sheet = pushed_sheet(ticket, tech_b.id, visit=visit)
    assert push(tech_b, [(sheet, 1)]).json()["results"][0]["status"] == "accepted"

    def listed_on(day: str) -> bool:
        params = {"technician_id": tech_b.id, "visited_from": day, "visited_to": day, "limit": 500}
        items = boss.get("/reviews", params=params).json()["items"]
        return sheet["sheet_id"] in {i["sheet_id"] for i in items}

    assert listed_on((visit + timedelta(hours=8)).date().isoformat())
    assert not listed_on(visit.date().isoformat())


def test_approval_locks_the_sheet_closes_the_order_and_schedules_the_follow_up(clerk, boss, tech_a):
    ticket, sheet = _submitted(clerk, boss, tech_a)

    approved = boss.post(
        f"/reviews/{sheet['sheet_id']}/approve", json={"revision": 1, "comment": "好"}
    )

    assert approved.status_code == 200, approved.text
    assert approved.json()["summary"]["status"] == "approved"
    assert boss.get(f"/work-orders/{ticket}").json()["status"] == "closed"
    due = clerk.get("/follow-ups", params={"status": "due", "limit": 500}).json()
    assert sheet["sheet_id"] in {f["sheet_id"] for f in due["items"]}

    locked = push(
        tech_a,
        [(pushed_sheet(ticket, tech_a.id, sheet_id=sheet["sheet_id"], symptoms="改过的现象"), 2)],
    )
    result = locked.json()["results"][0]
    assert result["status"] == "rejected"
    assert "locked" in result["message"]["en"]


def test_a_new_revision_after_approval_is_stored_and_flagged(clerk, boss, tech_a):
    ticket, sheet = _submitted(clerk, boss, tech_a)
    boss.post(f"/reviews/{sheet['sheet_id']}/approve", json={"revision": 1})

    revised = pushed_sheet(
        ticket, tech_a.id, sheet_id=sheet["sheet_id"], revision=2, symptoms="复查后补充"
    )
    result = push(tech_a, [(revised, 2)]).json()["results"][0]

    assert result["status"] == "accepted"
    assert "new revision 2" in result["message"]["en"]
    flagged = boss.get("/reviews", params={"new_revision": True, "technician_id": tech_a.id}).json()
    assert sheet["sheet_id"] in [i["sheet_id"] for i in flagged["items"]]
    detail = boss.get(f"/reviews/{sheet['sheet_id']}").json()
    assert detail["summary"]["revision"] == 2
    assert detail["reviews"][0]["decision"] == "approved"
    assert boss.get(f"/work-orders/{ticket}").json()["status"] == "awaiting_review"


def test_a_revision_returned_and_sent_again_is_not_called_approved(clerk, boss, tech_a):
    """Issue 20, item 6: after a return, the technician is told the change is in, not that
    the sheet "was approved"; the queue names the 版 approved before it."""
    ticket, sheet = _submitted(clerk, boss, tech_a)
    boss.post(f"/reviews/{sheet['sheet_id']}/approve", json={"revision": 1})
    revised = pushed_sheet(
        ticket, tech_a.id, sheet_id=sheet["sheet_id"], revision=2, symptoms="复查后补充"
    )
    first = push(tech_a, [(revised, 2)]).json()["results"][0]
    assert "第 1 版已审批通过；本次作为第 2 版修订保存" in first["message"]["zh"]
    returned = boss.post(
        f"/reviews/{sheet['sheet_id']}/return",
        json={"revision": 2, "version": 2, "comment": "【收费 / Charges】请补上门费"},
    )
    assert returned.status_code == 200, returned.text

    again = pushed_sheet(
        ticket, tech_a.id, sheet_id=sheet["sheet_id"], revision=2, symptoms="复查后补充，已收费"
    )
    result = push(tech_a, [(again, 3)]).json()["results"][0]

    assert result["status"] == "accepted", result
    assert result["message"]["zh"] == "第 2 版已按退回意见修改并重新提交，待主管审批"
    assert "approved" not in result["message"]["en"]
    summary = boss.get(f"/reviews/{sheet['sheet_id']}").json()["summary"]
    assert (summary["revision"], summary["approved_revision"]) == (2, 1)


def test_return_needs_a_comment_and_a_stale_revision_is_a_conflict(clerk, boss, tech_a):
    _, sheet = _submitted(clerk, boss, tech_a)
    path = f"/reviews/{sheet['sheet_id']}"

    no_comment = boss.post(f"{path}/return", json={"revision": 1})
    stale = boss.post(f"{path}/approve", json={"revision": 1, "version": 7})
    returned = boss.post(f"{path}/return", json={"revision": 1, "comment": "签名不清晰，请重签"})
    twice = boss.post(f"{path}/approve", json={"revision": 1})

    assert no_comment.status_code == 422
    assert stale.status_code == 409
    assert returned.status_code == 200
    assert returned.json()["summary"]["status"] == "returned"
    assert twice.status_code == 409


def test_an_incomplete_sheet_cannot_be_approved_until_its_attachments_arrive(clerk, boss, tech_a):
    signature = png(77)
    _, sheet = _submitted(clerk, boss, tech_a, signature=signature)
    path = f"/reviews/{sheet['sheet_id']}/approve"

    early = boss.post(path, json={"revision": 1})
    upload(tech_a, signature)
    later = boss.post(path, json={"revision": 1})

    assert early.status_code == 409
    assert "attachment" in early.json()["detail"]["message"]["en"]
    assert later.status_code == 200


def test_the_opened_sheet_carries_the_rules_verdicts(clerk, boss, tech_a):
    _, sheet = _submitted(clerk, boss, tech_a)

    rules = boss.get(f"/reviews/{sheet['sheet_id']}").json()["rules"]

    assert rules["warranty"]["decision"] in ("free", "charged", "rejected")
    assert isinstance(rules["completion"], list)
    assert "service_level_missed" in rules


def test_follow_up_outcome_and_satisfaction_are_recorded_once(clerk, boss, tech_a):
    _, sheet = _submitted(clerk, boss, tech_a)
    boss.post(f"/reviews/{sheet['sheet_id']}/approve", json={"revision": 1})
    follow_up = next(
        f
        for f in clerk.get("/follow-ups", params={"limit": 500}).json()["items"]
        if f["sheet_id"] == sheet["sheet_id"]
    )
    path = f"/follow-ups/{follow_up['id']}/outcome"

    unreached = clerk.post(path, json={"reached": False, "notes": "无人接听"})
    incomplete = clerk.post(path, json={"reached": True})
    done = clerk.post(
        path,
        json={
            "reached": True,
            "unit_working": True,
            "satisfaction": {
                "attitude": 5,
                "repair_quality": 4,
                "response_speed": 5,
                "satisfied": True,
            },
        },
    )
    again = clerk.post(path, json={"reached": False})

    assert unreached.json()["status"] == "due"
    assert incomplete.status_code == 422
    assert done.json()["status"] == "done"
    assert done.json()["satisfaction"]["repair_quality"] == 4
    assert again.status_code == 409
    assert clerk.get("/follow-ups", params={"status": "done"}).json()["satisfied_share"] > 0


def test_a_follow_up_call_time_out_of_any_sane_range_is_refused(clerk, boss, tech_a):
    _, sheet = _submitted(clerk, boss, tech_a)
    boss.post(f"/reviews/{sheet['sheet_id']}/approve", json={"revision": 1})
    follow_up = next(
        f
        for f in clerk.get("/follow-ups", params={"limit": 500}).json()["items"]
        if f["sheet_id"] == sheet["sheet_id"]
    )

    reply = clerk.post(
        f"/follow-ups/{follow_up['id']}/outcome",
        json={"reached": False, "called_at": "0001-01-01T00:00:00+05:00"},
    )

    assert reply.status_code == 422, reply.text
    assert reply.json()["detail"]["problems"][0]["path"] == "called_at"


def test_a_follow_up_recorded_by_two_clerks_at_once_is_recorded_once(service, clerk, boss, tech_a):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    _, sheet = _submitted(clerk, boss, tech_a)
    boss.post(f"/reviews/{sheet['sheet_id']}/approve", json={"revision": 1})
    follow_up = next(
        f
        for f in clerk.get("/follow-ups", params={"limit": 500}).json()["items"]
        if f["sheet_id"] == sheet["sheet_id"]
    )
    desks = [service.login("clerk") for _ in range(4)]
    start = threading.Barrier(len(desks))

    def record(pair):
        desk, rating = pair
        start.wait()
        survey = {"attitude": rating, "repair_quality": rating, "response_speed": rating}
        body = {
            "reached": True,
            "unit_working": True,
            "satisfaction": {**survey, "satisfied": rating > 3},
        }
        return desk.post(f"/follow-ups/{follow_up['id']}/outcome", json=body)

    with ThreadPoolExecutor(max_workers=len(desks)) as pool:
        replies = list(pool.map(record, zip(desks, [2, 3, 4, 5], strict=True)))

    codes = [r.status_code for r in replies]
    assert sorted(codes) == [200, 409, 409, 409], codes
    kept = next(r.json() for r in replies if r.status_code == 200)
    done = clerk.get("/follow-ups", params={"status": "done", "limit": 500}).json()["items"]
    stored = next(f for f in done if f["id"] == follow_up["id"])
    assert stored["satisfaction"] == kept["satisfaction"]


def test_a_returned_sheet_pushed_again_goes_back_to_the_queue(clerk, boss, tech_a):
    ticket, sheet = _submitted(clerk, boss, tech_a)
    boss.post(f"/reviews/{sheet['sheet_id']}/return", json={"revision": 1, "comment": "请补充"})

    fixed = pushed_sheet(ticket, tech_a.id, sheet_id=sheet["sheet_id"], symptoms="补充后的故障现象")
    assert push(tech_a, [(fixed, 2)]).json()["results"][0]["status"] == "accepted"

    assert boss.get(f"/reviews/{sheet['sheet_id']}").json()["summary"]["status"] == "submitted"


def test_service_level_missed_filter_follows_the_deadlines(service, clerk, boss):
    """Urgent: answer within 2 hours. Assigned 5 hours after the call, it is missed."""
    from datetime import UTC, datetime, timedelta

    from tests.support.api import call

    service.add_user("tech_sla", Role.TECHNICIAN)
    tech = service.login("tech_sla")
    late_call = (datetime.now(UTC) - timedelta(hours=5)).isoformat()
    late = clerk.post("/work-orders", json=call(reported_at=late_call, urgency="urgent")).json()
    boss.post(f"/work-orders/{late['ticket_no']}/assign", json={"technician_id": tech.id})
    on_time = assigned_order(clerk, boss, tech)
    now = datetime.now(UTC)
    late_sheet = pushed_sheet(late["ticket_no"], tech.id, visit=now)
    on_time_sheet = pushed_sheet(on_time, tech.id, visit=now)
    push(tech, [(late_sheet, 1), (on_time_sheet, 1)])

    mine = {"technician_id": tech.id}
    missed = boss.get("/reviews", params={**mine, "service_level_missed": True}).json()
    kept = boss.get("/reviews", params={**mine, "service_level_missed": False}).json()

    assert [i["sheet_id"] for i in missed["items"]] == [late_sheet["sheet_id"]]
    assert [i["sheet_id"] for i in kept["items"]] == [on_time_sheet["sheet_id"]]
    report = boss.get(f"/reviews/{late_sheet['sheet_id']}").json()["rules"]["service_levels"]
    answer = next(d for d in report if d["key"] == "answer")
    assert answer["status"] == "missed"


def test_a_job_still_open_counts_as_missed_once_its_deadline_passes(service, clerk, boss):
    """Another visit is due: the repair deadline is still ahead when the sheet arrives."""
    from datetime import timedelta

    from sqlalchemy import select

    from sync.core.db import utcnow
    from sync.models.sheet import SheetRow

    service.add_user("tech_open", Role.TECHNICIAN)
    tech = service.login("tech_open")
    sheet = pushed_sheet(assigned_order(clerk, boss, tech), tech.id, outcome="another_visit")
    push(tech, [(sheet, 1)])

    def listed(missed: bool) -> list[str]:
        params = {"technician_id": tech.id, "service_level_missed": missed}
        return [i["sheet_id"] for i in boss.get("/reviews", params=params).json()["items"]]

    assert listed(False) == [sheet["sheet_id"]] and listed(True) == []
    with service.database.transaction() as session:
        row = session.scalars(select(SheetRow).where(SheetRow.sheet_id == sheet["sheet_id"])).one()
        assert row.next_deadline_at is not None and row.next_deadline_at > utcnow()
        row.next_deadline_at = utcnow() - timedelta(minutes=1)  # time passes, nobody pushes

    assert listed(True) == [sheet["sheet_id"]] and listed(False) == []
    summary = boss.get(f"/reviews/{sheet['sheet_id']}").json()["summary"]
    assert summary["service_level_missed"] is True


def test_the_queue_says_when_the_customer_signed_as_well_as_when_it_arrived(clerk, boss, tech_a):
    """A sheet signed offline arrives later: the supervisor sees both times."""
    _, sheet = _submitted(clerk, boss, tech_a)
    rows = boss.get("/reviews", params={"technician_id": tech_a.id, "limit": 100}).json()["items"]
    row = next(r for r in rows if r["sheet_id"] == sheet["sheet_id"])
    signed = datetime.fromisoformat(row["signed_at"])
    assert signed == datetime.fromisoformat(sheet["sign_off"]["signed_at"])
    assert datetime.fromisoformat(row["submitted_at"]) >= signed
