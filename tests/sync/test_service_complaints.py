"""Complaints (客投登记): recorded with a 24-hour answer deadline, closed, summarised, shown on
the sheet of the job they are about, never to technicians."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tests.support.api import assigned_order, push
from tests.support.sheets import pushed_sheet

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _complaint(**overrides):
    body = {
        "customer_name": "陈晓明",
        "customer_phone": "13801234567",
        "customer_address": "上海市浦东新区张杨路 1500 号",
        "cause": "attitude",
        "details": "技术员态度生硬，未穿鞋套",
    }
    body.update(overrides)
    return body


def test_a_complaint_about_a_job_has_a_24_hour_deadline_and_shows_on_its_sheet(clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    sheet = pushed_sheet(ticket, tech_a.id)
    push(tech_a, [(sheet, 1)])

    before = datetime.now(UTC)
    created = clerk.post("/complaints", json=_complaint(ticket_no=ticket))

    assert created.status_code == 201, created.text
    body = created.json()
    due = datetime.fromisoformat(body["answer_due_at"])
    received = datetime.fromisoformat(body["received_at"])
    assert due - received == timedelta(hours=24)
    assert received >= before - timedelta(seconds=5)
    assert 24 * 3600 - 60 < body["seconds_left"] <= 24 * 3600
    assert body["technician_id"] == tech_a.id  # taken from the ticket
    assert body["technician_name"] == "Tech_A"
    assert body["sheet_ids"] == [sheet["sheet_id"]]
    assert body["cause_name"] == {"zh": "服务态度", "en": "Attitude"}

    on_sheet = boss.get(f"/reviews/{sheet['sheet_id']}").json()["complaints"]
    assert [c["id"] for c in on_sheet] == [body["id"]]
    # the technician opening their own sheet does not see it
    assert tech_a.get(f"/sheets/{sheet['sheet_id']}").json()["complaints"] is None


def test_closing_records_what_was_done_and_whether_in_time(clerk, boss):
    late = clerk.post(
        "/complaints",
        json=_complaint(
            cause="charges",
            received_at=(datetime.now(UTC) - timedelta(hours=30)).isoformat(),
        ),
    ).json()
    assert late["seconds_left"] < 0  # already past its deadline

    closed = boss.post(
        f"/complaints/{late['id']}/close",
        json={"action_taken": "退还多收的上门费 50 元", "customer_follow_up": "客户表示满意"},
    )
    again = clerk.post(
        f"/complaints/{late['id']}/close",
        json={"action_taken": "再次处理", "customer_follow_up": "再次回访"},
    )

    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed"
    assert closed.json()["answered_in_time"] is False
    assert closed.json()["seconds_left"] is None
    assert closed.json()["closed_by"] == "Boss"
    assert again.status_code == 409
    listed = clerk.get("/complaints", params={"status": "closed", "cause": "charges"}).json()
    assert late["id"] in [c["id"] for c in listed["items"]]


def test_summary_by_cause_and_by_technician(service, clerk, boss):
    from sync.models.user import Role

    service.add_user("tech_compl", Role.TECHNICIAN)
    tech = service.login("tech_compl")
    # a day of its own in the past, so other tests' complaints stay out of the period (within
    # the year a complaint can be recorded after, and after the call it is about)
    day = datetime.combine(
        datetime.now(SHANGHAI).date() - timedelta(days=200), time(10), tzinfo=SHANGHAI
    )
    ticket = assigned_order(clerk, boss, tech, reported_at=(day - timedelta(hours=1)).isoformat())
    for cause, hours in (("attitude", 2), ("attitude", 30), ("repair_quality", 1)):
        made = clerk.post(
            "/complaints",
            json=_complaint(cause=cause, ticket_no=ticket, received_at=day.isoformat()),
        ).json()
        if cause == "attitude":
            clerk.post(
                f"/complaints/{made['id']}/close",
                json={
                    "action_taken": "主管上门致歉",
                    "customer_follow_up": "客户接受",
                    "closed_at": (day + timedelta(hours=hours)).isoformat(),
                },
            )
    clerk.post(
        "/complaints", json=_complaint(cause="other", received_at=day.isoformat())
    )  # no technician concerned

    summary = clerk.get(
        "/complaints/summary", params={"from": day.date().isoformat(), "to": day.date().isoformat()}
    )

    assert summary.status_code == 200, summary.text
    body = summary.json()
    assert body["all"] == {
        "total": 4,
        "open": 2,
        "answered_in_time": 1,
        "answered_late": 1,
        "overdue": 2,
    }
    causes = {c["cause"]: c for c in body["by_cause"]}
    assert causes["attitude"]["total"] == 2
    assert causes["attitude"]["answered_late"] == 1
    assert causes["repair_quality"]["overdue"] == 1
    technicians = {t["technician_id"]: t for t in body["by_technician"]}
    assert technicians[tech.id]["total"] == 3
    assert technicians[tech.id]["technician_name"] == "Tech_Compl"
    assert technicians[None]["total"] == 1


def test_bad_complaints_are_refused_with_the_field_named(clerk, tech_a):
    no_phone = clerk.post("/complaints", json=_complaint(customer_phone="call me"))
    unknown_ticket = clerk.post("/complaints", json=_complaint(ticket_no="BX20990101-0001"))
    not_a_technician = clerk.post("/complaints", json=_complaint(technician_id="1"))
    backwards = clerk.get("/complaints/summary", params={"from": "2026-03-10", "to": "2026-03-01"})
    far = clerk.get("/complaints/summary", params={"from": "0001-01-01", "to": "0001-01-02"})

    assert no_phone.status_code == 422
    assert no_phone.json()["detail"]["problems"][0]["field"]["zh"] == "联系电话"
    # a ticket or technician that does not exist is named under its field, as any mistake
    assert unknown_ticket.status_code == 422, unknown_ticket.text
    assert [p["path"] for p in unknown_ticket.json()["detail"]["problems"]] == ["ticket_no"]
    assert "BX20990101-0001" in unknown_ticket.json()["detail"]["problems"][0]["message"]["zh"]
    assert not_a_technician.status_code == 422, not_a_technician.text
    assert [p["path"] for p in not_a_technician.json()["detail"]["problems"]] == ["technician_id"]
    assert backwards.status_code == 422
    assert far.status_code == 422
    # the one date rule of every route names each parameter out of range
    far_problems = far.json()["detail"]["problems"]
    assert [p["path"] for p in far_problems] == ["query.from", "query.to"]
    assert far_problems[0]["field"]["en"] == "query parameter from"


def test_technicians_cannot_read_or_record_complaints(clerk, tech_a, admin):
    made = clerk.post("/complaints", json=_complaint()).json()

    for reply in (
        tech_a.get("/complaints"),
        tech_a.get(f"/complaints/{made['id']}"),
        tech_a.get("/complaints/summary", params={"from": "2026-01-01", "to": "2026-01-31"}),
        tech_a.post("/complaints", json=_complaint()),
        tech_a.post(
            f"/complaints/{made['id']}/close",
            json={"action_taken": "处理完毕", "customer_follow_up": "满意"},
        ),
        admin.post("/complaints", json=_complaint()),
    ):
        assert reply.status_code == 403, reply.text
    assert admin.get(f"/complaints/{made['id']}").status_code == 200
