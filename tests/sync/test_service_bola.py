"""Object-level authorisation (OWASP API1): for every endpoint that takes an id, a technician
cannot read or change another technician's work orders, sheets or attachments, and only
supervisors approve or return sheets.

Each case is (actor, method, path, body, expected status); the objects belong to ``tech_a``.
A technician asking for another's object gets 404, exactly as for one that does not exist,
so ids cannot be probed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from fieldapp.domain.serial import make_serial
from tests.support.api import assigned_order, push, upload
from tests.support.sheets import png, pushed_sheet, sha


@dataclass
class Owned:
    ticket: str
    sheet: dict[str, Any]
    attachment: bytes
    follow_up_id: int
    loaner: str
    owner_id: str
    complaint_id: int
    unit_id: int


@pytest.fixture(scope="session")
def owned(service, clerk, boss, tech_a, admin) -> Owned:
    """tech_a's work order, approved sheet with a signature image, follow-up; a loaner."""
    ticket = assigned_order(clerk, boss, tech_a)
    signature = png(4001)
    upload(tech_a, signature)
    sheet = pushed_sheet(ticket, tech_a.id, signature=signature)
    assert push(tech_a, [(sheet, 1)]).json()["results"][0]["status"] == "accepted"
    second = pushed_sheet(assigned_order(clerk, boss, tech_a), tech_a.id)
    push(tech_a, [(second, 1)])
    assert (
        boss.post(f"/reviews/{second['sheet_id']}/approve", json={"revision": 1}).status_code == 200
    )
    follow_up = next(
        f
        for f in clerk.get("/follow-ups", params={"limit": 500}).json()["items"]
        if f["sheet_id"] == second["sheet_id"]
    )
    serial = make_serial("PJ88", date(2025, 2, 1), 77001)
    assert (
        boss.post(
            "/loaners", json={"serial": serial, "model": "MH-P880", "service_centre": "浦东"}
        ).status_code
        == 201
    )
    complaint = clerk.post(
        "/complaints",
        json={
            "customer_name": "陈晓明",
            "customer_phone": "13801234567",
            "cause": "attitude",
            "details": "态度不好",
            "ticket_no": ticket,
        },
    )
    assert complaint.status_code == 201, complaint.text
    back = pushed_sheet(assigned_order(clerk, boss, tech_a), tech_a.id, outcome="return_to_centre")
    push(tech_a, [(back, 1)])
    unit = next(
        u
        for u in clerk.get("/centre-units", params={"limit": 500}).json()["items"]
        if u["sheet_id"] == back["sheet_id"]
    )
    return Owned(
        ticket,
        sheet,
        signature,
        follow_up["id"],
        serial,
        tech_a.id,
        complaint.json()["id"],
        unit["id"],
    )


def _cases() -> list[tuple[str, str, str, Any, int]]:
    lend = {"ticket_no": "{ticket}", "due_date": "2099-01-01"}
    decision = {"revision": 1, "comment": "看过了"}
    close = {"action_taken": "已致歉", "customer_follow_up": "客户满意"}
    return [
        # work orders: another technician cannot read; no technician changes them
        ("tech_b", "GET", "/work-orders/{ticket}", None, 404),
        ("tech_b", "PATCH", "/work-orders/{ticket}", {"reported_fault": "改掉的故障"}, 403),
        ("tech_a", "PATCH", "/work-orders/{ticket}", {"reported_fault": "改掉的故障"}, 403),
        ("tech_b", "POST", "/work-orders/{ticket}/assign", {"technician_id": "{tech_b}"}, 403),
        ("tech_a", "POST", "/work-orders/{ticket}/assign", {"technician_id": "{tech_b}"}, 403),
        ("clerk", "POST", "/work-orders/{ticket}/assign", {"technician_id": "{tech_b}"}, 403),
        ("tech_b", "POST", "/work-orders/{ticket}/cancel", {"reason": "不想修了"}, 403),
        # sheets: another technician cannot read them; only supervisors review
        ("tech_b", "GET", "/sheets/{sheet}", None, 404),
        ("tech_b", "GET", "/sheets/{sheet}/pdf", None, 404),
        ("tech_b", "GET", "/reviews/{sheet}", None, 403),
        ("tech_a", "GET", "/reviews/{sheet}", None, 403),
        ("tech_a", "POST", "/reviews/{sheet}/approve", decision, 403),
        ("tech_b", "POST", "/reviews/{sheet}/approve", decision, 403),
        ("clerk", "POST", "/reviews/{sheet}/approve", decision, 403),
        ("admin", "POST", "/reviews/{sheet}/approve", decision, 403),
        ("tech_a", "POST", "/reviews/{sheet}/return", decision, 403),
        ("tech_b", "POST", "/reviews/{sheet}/return", decision, 403),
        ("clerk", "POST", "/reviews/{sheet}/return", decision, 403),
        ("admin", "POST", "/reviews/{sheet}/return", decision, 403),
        # attachments: another technician cannot read them
        ("tech_b", "GET", "/attachments/{sha}", None, 404),
        # follow-ups and loans are office work
        ("tech_a", "POST", "/follow-ups/{follow_up}/outcome", {"reached": False}, 403),
        ("tech_b", "POST", "/follow-ups/{follow_up}/outcome", {"reached": False}, 403),
        ("tech_b", "POST", "/loaners/{loaner}/lend", lend, 403),
        ("tech_b", "POST", "/loaners/{loaner}/return", {}, 403),
        # complaints: never read by technicians, not even about their own jobs; admins read
        ("tech_a", "GET", "/complaints/{complaint}", None, 403),
        ("tech_b", "GET", "/complaints/{complaint}", None, 403),
        ("tech_a", "POST", "/complaints/{complaint}/close", close, 403),
        ("admin", "POST", "/complaints/{complaint}/close", close, 403),
        # units at the centre, loan history, the paper-sheet check: office work
        ("tech_a", "GET", "/centre-units/{unit}", None, 403),
        ("tech_b", "POST", "/centre-units/{unit}/state", {"state": "repairing"}, 403),
        ("admin", "POST", "/centre-units/{unit}/state", {"state": "repairing"}, 403),
        ("tech_a", "POST", "/centre-units/{unit}/notified", {}, 403),
        ("tech_b", "GET", "/loaners/{loaner}/loans", None, 403),
        ("tech_a", "GET", "/signed-content/{signed}", None, 403),
        ("tech_b", "GET", "/signed-content/{signed}", None, 403),
        # accounts, devices and reference data are the admin's
        ("tech_b", "POST", "/users/{tech_a}/disable", None, 403),
        ("boss", "POST", "/users/{tech_a}/disable", None, 403),
        ("tech_b", "POST", "/users/{tech_a}/enable", None, 403),
        ("tech_b", "DELETE", "/devices/phone-of-tech_a", None, 403),
        ("boss", "DELETE", "/devices/phone-of-tech_a", None, 403),
        ("tech_b", "PUT", "/reference/prices", {"version": "x"}, 403),
    ]


@pytest.mark.parametrize(
    ("actor", "method", "path", "body", "expected"),
    _cases(),
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_object_level_authorisation(request, service, owned, actor, method, path, body, expected):
    client = request.getfixturevalue(actor)
    ids = {
        "ticket": owned.ticket,
        "sheet": owned.sheet["sheet_id"],
        "sha": sha(owned.attachment),
        "follow_up": str(owned.follow_up_id),
        "loaner": owned.loaner,
        "tech_a": owned.owner_id,
        "tech_b": request.getfixturevalue("tech_b").id,
        "complaint": str(owned.complaint_id),
        "unit": str(owned.unit_id),
        "signed": owned.sheet["sign_off"]["content_hash"],
    }
    fill = lambda text: text.format(**ids)  # noqa: E731
    payload = {k: fill(v) if isinstance(v, str) else v for k, v in body.items()} if body else None

    reply = client.request(method, fill(path), json=payload)

    assert reply.status_code == expected, reply.text
    assert reply.json()["detail"]["code"] == {403: "forbidden", 404: "not_found"}[expected]


def test_the_owner_and_the_office_can_read_what_another_technician_cannot(
    owned, tech_a, boss, clerk
):
    assert tech_a.get(f"/work-orders/{owned.ticket}").status_code == 200
    assert tech_a.get(f"/sheets/{owned.sheet['sheet_id']}").status_code == 200
    assert tech_a.get(f"/attachments/{sha(owned.attachment)}").content == owned.attachment
    assert boss.get(f"/attachments/{sha(owned.attachment)}").status_code == 200
    assert clerk.get(f"/work-orders/{owned.ticket}").status_code == 200


def test_another_technician_cannot_overwrite_a_sheet_or_an_attachment(
    owned, tech_a, tech_b, clerk, boss
):
    own_ticket = assigned_order(clerk, boss, tech_b)
    hijack = pushed_sheet(
        own_ticket, tech_b.id, sheet_id=owned.sheet["sheet_id"], symptoms="被改写的内容"
    )

    result = push(tech_b, [(hijack, 99)]).json()["results"][0]
    replaced = tech_b.put(
        f"/attachments/{sha(owned.attachment)}",
        data=png(9999),
        headers={"Content-Type": "image/png"},
    )

    assert result["status"] == "rejected"
    assert "another technician" in result["message"]["en"]
    stored = tech_a.get(f"/sheets/{owned.sheet['sheet_id']}").json()
    assert stored["sheet"]["diagnosis"]["symptoms"] == owned.sheet["diagnosis"]["symptoms"]
    assert replaced.status_code == 400
    assert replaced.json()["detail"]["code"] == "hash_mismatch"
    assert tech_a.get(f"/attachments/{sha(owned.attachment)}").content == owned.attachment


def test_a_technician_lists_only_their_own_work_orders(owned, tech_b):
    listed = tech_b.get("/work-orders", params={"limit": 500}).json()["items"]
    assert owned.ticket not in [o["ticket_no"] for o in listed]
    assert all(o["technician_id"] == tech_b.id for o in listed)
    # asking for tech_a's orders by filter changes nothing for a technician
    filtered = tech_b.get("/work-orders", params={"technician_id": owned.owner_id}).json()["items"]
    assert owned.ticket not in [o["ticket_no"] for o in filtered]


def test_serial_history_shows_a_technician_repairs_but_not_other_jobs(owned, tech_b, boss):
    serial = owned.sheet["product_check"]["serial_read"]
    seen_by_tech = tech_b.get(f"/serials/{serial}/history").json()["visits"]
    seen_by_boss = boss.get(f"/serials/{serial}/history").json()["visits"]

    assert seen_by_tech and all(
        v["ticket_no"] is None and v["technician"] is None for v in seen_by_tech
    )
    assert any(v["ticket_no"] == owned.ticket for v in seen_by_boss)


def test_naming_another_technicians_file_in_a_sheet_does_not_open_it(clerk, boss, tech_a, tech_b):
    """tech_b pushed a correctly signed sheet on his own work order naming tech_a's photo:
    it was accepted with nothing missing, and then GET returned tech_a's bytes. A file counts
    for a technician only once he uploaded those bytes himself."""
    photo = png(4101)
    assert upload(tech_a, photo).status_code == 201
    sheet = pushed_sheet(assigned_order(clerk, boss, tech_b), tech_b.id, photos=[photo])

    result = push(tech_b, [(sheet, 1)]).json()["results"][0]

    assert result["status"] == "accepted"
    assert result["missing_attachments"] == [sha(photo)]
    assert tech_b.get(f"/attachments/{sha(photo)}").status_code == 404
    assert tech_b.post("/attachments/missing", json={"hashes": [sha(photo)]}).json() == {
        "missing": [sha(photo)]
    }
    detail = boss.get(f"/reviews/{sheet['sheet_id']}").json()
    assert detail["missing_attachments"] == [sha(photo)]
    assert detail["summary"]["complete"] is False
    approve = boss.post(f"/reviews/{sheet['sheet_id']}/approve", json={"revision": 1})
    assert approve.status_code == 409, approve.text
    queue = boss.get("/reviews", params={"technician_id": tech_b.id, "limit": 500}).json()
    line = next(i for i in queue["items"] if i["sheet_id"] == sheet["sheet_id"])
    assert line["complete"] is False

    # Once he uploads the same bytes himself, the sheet is complete and the file his to read.
    assert upload(tech_b, photo).json()["status"] == "stored"
    assert tech_b.post("/attachments/missing", json={"hashes": [sha(photo)]}).json() == {
        "missing": []
    }
    assert tech_b.get(f"/attachments/{sha(photo)}").content == photo
    assert boss.get(f"/reviews/{sheet['sheet_id']}").json()["summary"]["complete"] is True


def test_the_missing_check_tells_nothing_about_other_technicians_files(tech_a, tech_b):
    """Asking whether a guessed hash is missing must not reveal that someone uploaded it."""
    theirs, batch_theirs = png(4102), png(4103)
    upload(tech_a, theirs)
    tech_a.post(
        "/attachments/batch", files=[(sha(batch_theirs), ("b.png", batch_theirs, "image/png"))]
    )

    asked = tech_b.post("/attachments/missing", json={"hashes": [sha(theirs), sha(batch_theirs)]})
    mine = tech_a.post("/attachments/missing", json={"hashes": [sha(theirs), sha(batch_theirs)]})

    assert asked.json() == {"missing": [sha(theirs), sha(batch_theirs)]}
    assert mine.json() == {"missing": []}
    # Uploading the same bytes again does not reveal they were held either.
    again = tech_b.post(
        "/attachments/batch", files=[(sha(batch_theirs), ("b.png", batch_theirs, "image/png"))]
    )
    assert again.json()["results"][0]["status"] == "stored"
    assert tech_b.get(f"/attachments/{sha(theirs)}").status_code == 404


def test_the_office_reads_a_file_through_a_sheet_that_references_it_only(tech_a, boss, clerk):
    """Supervisors and clerks read the files of the sheets they may open, not every upload."""
    loose = png(4104)
    upload(tech_a, loose)

    assert tech_a.get(f"/attachments/{sha(loose)}").content == loose
    assert boss.get(f"/attachments/{sha(loose)}").status_code == 404
    assert clerk.get(f"/attachments/{sha(loose)}").status_code == 404
