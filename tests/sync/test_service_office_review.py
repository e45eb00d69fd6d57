"""What the back office's sheet viewer needs from the service: what changed between versions,
the history of decisions, a late decision explained, the check of a paper sheet's hash, and
the follow-up calls the service schedules by itself."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from fieldapp.domain.serial import make_serial
from tests.support.api import assigned_order, push, upload
from tests.support.sheets import png, pushed_sheet, sha


def test_the_viewer_shows_what_changed_section_by_section_and_who_decided(clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    first = pushed_sheet(ticket, tech_a.id)
    push(tech_a, [(first, 1)])
    returned = boss.post(
        f"/reviews/{first['sheet_id']}/return",
        json={"revision": 1, "version": 1, "comment": "收费项目请核对"},
    )
    assert returned.status_code == 200
    fixed = pushed_sheet(ticket, tech_a.id, sheet_id=first["sheet_id"], charged=True)
    push(tech_a, [(fixed, 2)])

    detail = boss.get(f"/reviews/{first['sheet_id']}").json()

    assert [(r["decision"], r["reviewer"]) for r in detail["reviews"]] == [("returned", "Boss")]
    assert detail["reviews"][0]["reviewer_id"] == boss.id
    assert detail["reviews"][0]["reviewed_at"]
    step = detail["changes"][-1]
    assert (step["from_version"], step["to_version"]) == (1, 2)
    sections = {s["section"]: s for s in step["sections"]}
    assert "charges" in sections
    assert sections["charges"]["name"] == {"zh": "收费", "en": "Charges"}
    lines = {f["path"]: f for f in sections["charges"]["fields"]}
    assert lines["lines.0.unit_price_fen"] == {
        "path": "lines.0.unit_price_fen",
        "before": None,
        "after": 5000,
    }
    assert "diagnosis" not in sections  # unchanged sections are left out
    since = detail["since_last_decision"]
    assert (since["from_version"], since["to_version"]) == (1, 2)


def test_a_decision_after_the_technician_resubmitted_is_explained(clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    sheet = pushed_sheet(ticket, tech_a.id)
    push(tech_a, [(sheet, 1)])
    newer = pushed_sheet(ticket, tech_a.id, sheet_id=sheet["sheet_id"], symptoms="灯泡老化，已更换")
    push(tech_a, [(newer, 2)])

    late = boss.post(f"/reviews/{sheet['sheet_id']}/approve", json={"revision": 1, "version": 1})
    approved = boss.post(
        f"/reviews/{sheet['sheet_id']}/approve", json={"revision": 1, "version": 2}
    )
    twice = boss.post(
        f"/reviews/{sheet['sheet_id']}/return",
        json={"revision": 1, "version": 2, "comment": "再看一下"},
    )

    assert late.status_code == 409
    detail = late.json()["detail"]
    assert detail["code"] == "stale_decision"
    assert "未保存" in detail["message"]["zh"] and "新的内容" in detail["message"]["zh"]
    assert "version 2" in detail["message"]["en"]
    assert approved.status_code == 200
    assert twice.status_code == 409
    assert twice.json()["detail"]["code"] == "already_reviewed"


def test_a_paper_sheets_hash_is_recognised(clerk, boss, tech_a, tech_b, admin):
    ticket = assigned_order(clerk, boss, tech_a)
    sheet = pushed_sheet(ticket, tech_a.id)
    push(tech_a, [(sheet, 1)])
    content_hash = sheet["sign_off"]["content_hash"]

    found = clerk.get(f"/signed-content/{content_hash.upper()}")
    unknown = admin.get(f"/signed-content/{'0' * 64}")
    typo = boss.get("/signed-content/abc")

    assert found.status_code == 200
    body = found.json()
    assert body["found"] is True
    assert body["content_hash"] == content_hash
    match = body["matches"][0]
    assert match["sheet_id"] == sheet["sheet_id"]
    assert match["ticket_no"] == ticket
    assert match["current"] is True
    assert match["signer_name"] == "陈晓明"
    assert unknown.json() == {"content_hash": "0" * 64, "found": False, "matches": []}
    assert typo.status_code == 422
    assert tech_a.get(f"/signed-content/{content_hash}").status_code == 403
    assert tech_b.get(f"/signed-content/{content_hash}").status_code == 403


def _calls_for(clerk, sheet_id: str) -> list[dict]:
    items = clerk.get("/follow-ups", params={"limit": 500}).json()["items"]
    return [f for f in items if f["sheet_id"] == sheet_id]


def test_a_low_rating_or_an_unresolved_job_gets_a_call_at_once(clerk, boss, tech_a):
    low = pushed_sheet(assigned_order(clerk, boss, tech_a), tech_a.id, rating=3)
    unresolved = pushed_sheet(
        assigned_order(clerk, boss, tech_a), tech_a.id, outcome="another_visit"
    )
    happy = pushed_sheet(assigned_order(clerk, boss, tech_a), tech_a.id, rating=4)
    push(tech_a, [(low, 1), (unresolved, 1), (happy, 1)])

    assert [c["reasons"] for c in _calls_for(clerk, low["sheet_id"])] == [["low_rating"]]
    assert [c["reasons"] for c in _calls_for(clerk, unresolved["sheet_id"])] == [["not_resolved"]]
    assert _calls_for(clerk, happy["sheet_id"]) == []
    call = _calls_for(clerk, low["sheet_id"])[0]
    assert datetime.fromisoformat(call["due_at"]) <= datetime.now(UTC)
    assert "不太满意" in call["phrase"]["zh"]

    # approval joins the call already scheduled: the customer is called once
    boss.post(f"/reviews/{low['sheet_id']}/approve", json={"revision": 1})
    calls = _calls_for(clerk, low["sheet_id"])
    assert len(calls) == 1 and calls[0]["reasons"] == ["low_rating", "approved"]
    boss.post(f"/reviews/{happy['sheet_id']}/approve", json={"revision": 1})
    assert [c["reasons"] for c in _calls_for(clerk, happy["sheet_id"])] == [["approved"]]

    recorded = clerk.post(
        f"/follow-ups/{calls[0]['id']}/outcome",
        json={
            "reached": True,
            "unit_working": True,
            "satisfaction": {
                "attitude": 4,
                "repair_quality": 5,
                "response_speed": 3,
                "satisfied": True,
            },
        },
    )
    assert recorded.status_code == 200
    assert recorded.json()["satisfaction"]["response_speed"] == 3


def test_an_overdue_loan_gets_a_call_and_a_return_keeps_its_photos(service, clerk, boss, tech_a):
    serial = make_serial("DP65", date(2025, 3, 1), 72001)
    boss.post("/loaners", json={"serial": serial, "model": "MH-D65", "service_centre": "闵行"})
    ticket = assigned_order(clerk, boss, tech_a)
    clerk.post(f"/loaners/{serial}/lend", json={"ticket_no": ticket, "due_date": "2099-01-01"})
    # due date passed: move it back in the database (the API refuses a loan due in the past)
    from sqlalchemy import update

    from sync.models.loaner import LoanRow

    yesterday = datetime.now(ZoneInfo("Asia/Shanghai")).date() - timedelta(days=2)
    with service.database.transaction() as session:
        session.execute(
            update(LoanRow)
            .where(LoanRow.work_order_id.in_(_order_ids(session, ticket)))
            .values(due_date=yesterday)
        )

    overdue = clerk.get("/loaners/overdue").json()
    calls = clerk.get("/follow-ups", params={"limit": 500}).json()["items"]
    twice = clerk.get("/follow-ups", params={"limit": 500}).json()["items"]

    assert next(o for o in overdue if o["serial"] == serial)["loan"]["overdue_days"] == 2
    mine = [c for c in calls if c["loaner_serial"] == serial]
    assert len(mine) == 1 and mine[0]["reasons"] == ["overdue_loaner"]
    assert mine[0]["ticket_no"] == ticket and mine[0]["sheet_id"] is None
    assert len([c for c in twice if c["loaner_serial"] == serial]) == 1

    photo = png(72002)
    missing = clerk.post(f"/loaners/{serial}/return", json={"photos": [sha(photo)]})
    assert missing.status_code == 409
    assert missing.json()["detail"]["code"] == "attachments_missing"
    assert upload(clerk, photo).status_code == 201
    back = clerk.post(
        f"/loaners/{serial}/return",
        json={"condition_notes": "屏幕边框有划痕", "photos": [sha(photo)]},
    )
    assert back.status_code == 200, back.text
    assert back.json()["status"] == "available"
    loans = clerk.get(f"/loaners/{serial}/loans").json()
    assert loans[0]["condition_in"] == "屏幕边框有划痕"
    assert loans[0]["return_photos"] == [sha(photo)]
    assert tech_a.get(f"/loaners/{serial}/loans").status_code == 403


def _order_ids(session, ticket: str):
    from sqlalchemy import select

    from sync.models.work_order import WorkOrderRow

    return select(WorkOrderRow.id).where(WorkOrderRow.ticket_no == ticket).scalar_subquery()


def test_the_admin_sees_whose_phone_is_registered(admin, tech_a, boss):
    phones = admin.get("/devices").json()
    mine = next(d for d in phones if d["device_id"] == "phone-of-tech_a")
    assert (mine["user_id"], mine["username"], mine["display_name"]) == (
        tech_a.id,
        "tech_a",
        "Tech_A",
    )
    assert boss.get("/devices").status_code == 403


def test_the_sheet_pdf_is_the_documents_modules(clerk, boss, tech_a, tech_b, tmp_path):
    from tests.documents.pdf_reading import pdf_text

    ticket = assigned_order(clerk, boss, tech_a)
    sheet = pushed_sheet(ticket, tech_a.id)
    push(tech_a, [(sheet, 1)])

    reply = boss.get(f"/sheets/{sheet['sheet_id']}/pdf")
    own = tech_a.get(f"/sheets/{sheet['sheet_id']}/pdf")
    other = tech_b.get(f"/sheets/{sheet['sheet_id']}/pdf")

    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"] == "application/pdf"
    assert f'filename="{ticket}-r1.pdf"' in reply.headers["content-disposition"]
    words = pdf_text(reply.content, tmp_path)
    assert ticket in words
    assert "陈晓明" in words
    assert sheet["sign_off"]["content_hash"][:16] in words.replace("\n", "").replace(" ", "")
    assert own.status_code == 200
    assert other.status_code == 404


def test_return_photos_count_only_for_who_recorded_the_return(clerk, boss, tech_a, tech_b):
    serial = make_serial("DP65", date(2025, 3, 1), 72011)
    boss.post("/loaners", json={"serial": serial, "model": "MH-D65", "service_centre": "闵行"})
    ticket = assigned_order(clerk, boss, tech_a)
    lent = clerk.post(
        f"/loaners/{serial}/lend", json={"ticket_no": ticket, "due_date": "2099-01-01"}
    )
    assert lent.status_code == 200, lent.text
    photo = png(72012)
    assert upload(tech_b, photo).status_code == 201  # someone else holds the same bytes

    refused = clerk.post(f"/loaners/{serial}/return", json={"photos": [sha(photo)]})
    assert upload(clerk, photo).status_code == 201
    back = clerk.post(f"/loaners/{serial}/return", json={"photos": [sha(photo)]})

    assert refused.status_code == 409
    assert refused.json()["detail"]["code"] == "attachments_missing"
    assert sha(photo) in refused.json()["detail"]["message"]["en"]
    assert back.status_code == 200, back.text
    # the office reads it through the loan; a technician who did not upload it never does
    assert boss.get(f"/attachments/{sha(photo)}").content == photo
    assert tech_a.get(f"/attachments/{sha(photo)}").status_code == 404


def test_a_paper_copy_says_where_its_own_content_stands(clerk, boss, tech_a):
    """Issue 20, item 5: an old revision's hash reports that content's standing (returned,
    then superseded), not the sheet's current state; the approved one says approved."""
    ticket = assigned_order(clerk, boss, tech_a)
    first = pushed_sheet(ticket, tech_a.id)
    push(tech_a, [(first, 1)])
    old_hash = first["sign_off"]["content_hash"]
    waiting = clerk.get(f"/signed-content/{old_hash}").json()["matches"][0]
    assert (waiting["standing"], waiting["returned"]) == ("awaiting_review", False)

    boss.post(
        f"/reviews/{first['sheet_id']}/return",
        json={"revision": 1, "version": 1, "comment": "【收费 / Charges】请补上门费"},
    )
    returned = clerk.get(f"/signed-content/{old_hash}").json()["matches"][0]
    assert (returned["standing"], returned["returned"]) == ("returned", True)

    second = pushed_sheet(
        ticket, tech_a.id, sheet_id=first["sheet_id"], symptoms="灯泡老化，已更换"
    )
    push(tech_a, [(second, 2)])
    approved = boss.post(
        f"/reviews/{first['sheet_id']}/approve", json={"revision": 1, "version": 2}
    )
    assert approved.status_code == 200, approved.text
    new_hash = second["sign_off"]["content_hash"]
    assert new_hash != old_hash

    old = clerk.get(f"/signed-content/{old_hash}").json()["matches"][0]
    new = clerk.get(f"/signed-content/{new_hash}").json()["matches"][0]
    assert (old["standing"], old["returned"], old["current"]) == ("superseded", True, False)
    assert old["status"] == "approved"  # the sheet's state now, which the old copy is not
    assert (new["standing"], new["current"]) == ("approved", True)


def test_only_what_the_customer_signed_is_compared_not_a_visit_in_progress(clerk, boss, tech_a):
    """The pushes of a visit in progress (the check-in, a correction being made after a
    return) are bookkeeping: the viewer compares signed version with signed version."""
    ticket = assigned_order(clerk, boss, tech_a)
    started = pushed_sheet(ticket, tech_a.id, stage="started")
    sheet_id = started["sheet_id"]
    push(tech_a, [(started, 1)])
    push(tech_a, [(pushed_sheet(ticket, tech_a.id, sheet_id=sheet_id), 2)])
    assert boss.get(f"/reviews/{sheet_id}").json()["changes"] == []
    returned = boss.post(
        f"/reviews/{sheet_id}/return",
        json={"revision": 1, "version": 2, "comment": "收费项目请核对"},
    )
    assert returned.status_code == 200
    correcting = pushed_sheet(ticket, tech_a.id, sheet_id=sheet_id, stage="complete", charged=True)
    push(tech_a, [(correcting, 3)])
    fixed = pushed_sheet(ticket, tech_a.id, sheet_id=sheet_id, charged=True)
    push(tech_a, [(fixed, 4)])

    detail = boss.get(f"/reviews/{sheet_id}").json()
    assert [(c["from_version"], c["to_version"]) for c in detail["changes"]] == [(2, 4)]
    since = detail["since_last_decision"]
    assert (since["from_version"], since["to_version"]) == (2, 4)
