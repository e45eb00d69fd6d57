"""Push (sync/push): sheets land once, per-item results, idempotency keys, the server's rules."""

from __future__ import annotations

import uuid
from datetime import timedelta
from functools import partial

from fieldapp.domain.job_sheet import RepairPause
from fieldapp.domain.signing import sign
from tests.support.api import assigned_order, at_once, pull_all, push, upload
from tests.support.sheets import job_sheet, png, pushed_sheet, sha


def test_a_signed_sheet_is_accepted_and_lands_in_the_review_queue(service, clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    signature = png(1)
    assert upload(tech_a, signature).status_code == 201
    sheet = pushed_sheet(ticket, tech_a.id, signature=signature)

    reply = push(tech_a, [(sheet, 1)])

    assert reply.status_code == 200, reply.text
    assert reply.json()["results"] == [
        {
            "sheet_id": sheet["sheet_id"],
            "version": 1,
            "status": "accepted",
            "message": None,
            "problems": None,
            "missing_attachments": [],
        }
    ]
    queue = boss.get("/reviews", params={"technician_id": tech_a.id}).json()
    assert sheet["sheet_id"] in [item["sheet_id"] for item in queue["items"]]
    order = boss.get(f"/work-orders/{ticket}").json()
    assert order["status"] == "awaiting_review"


def test_one_bad_item_never_blocks_the_rest(clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    good = pushed_sheet(ticket, tech_a.id)
    bad = pushed_sheet(ticket, tech_a.id)
    bad["product_check"]["serial_read"] = ""
    not_mine = pushed_sheet(ticket, "999999")
    envelope_broken = {"sheet_id": "x", "version": "seven", "sheet": {}}

    reply = push(tech_a, [(good, 1), (bad, 1), (not_mine, 1)])
    body = reply.json()
    results = body["results"]

    assert [r["status"] for r in results] == ["accepted", "rejected", "rejected"]
    problem = results[1]["problems"][0]
    assert problem["path"] == "sheet.product_check.serial_read"
    assert problem["field"]["zh"].endswith("机身编号")
    assert problem["message"]["en"]
    assert "technician" in results[2]["message"]["en"]

    raw = tech_a.post(
        "/sync/push",
        json={"device_id": tech_a.device_id, "sheets": [envelope_broken]},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    ).json()
    assert raw["results"][0]["status"] == "rejected"
    assert {p["path"] for p in raw["results"][0]["problems"]} >= {"sheet_id", "version"}


def test_repeated_key_returns_the_stored_reply_and_different_content_is_refused(
    clerk, boss, tech_a
):
    ticket = assigned_order(clerk, boss, tech_a)
    sheet = pushed_sheet(ticket, tech_a.id, stage="complete")
    key = str(uuid.uuid4())

    first = push(tech_a, [(sheet, 1)], key=key)
    again = push(tech_a, [(sheet, 1)], key=key, compress=True)  # same content, other encoding
    changed = dict(sheet, updated_at=sheet["created_at"].replace("Z", "+08:00"))
    reused = push(tech_a, [(changed, 2)], key=key)

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert reused.status_code == 422
    assert reused.json()["detail"]["code"] == "idempotency_key_reused"
    versions = service_versions(tech_a, sheet["sheet_id"])
    assert versions == [1]


def service_versions(client, sheet_id):
    return client.get(f"/sheets/{sheet_id}").json()["versions"]


def test_versions_keep_the_highest_and_repeats_change_nothing(clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    sheet = pushed_sheet(ticket, tech_a.id, stage="complete")
    push(tech_a, [(sheet, 1)])
    newer = dict(sheet, diagnosis={**sheet["diagnosis"], "symptoms": "风扇异响"})
    assert push(tech_a, [(newer, 3)]).json()["results"][0]["status"] == "accepted"

    stale = push(tech_a, [(sheet, 2)]).json()["results"][0]

    assert stale["status"] == "accepted"
    stored = tech_a.get(f"/sheets/{sheet['sheet_id']}").json()
    assert stored["sheet"]["diagnosis"]["symptoms"] == "风扇异响"
    assert stored["summary"]["version"] == 3
    assert stored["versions"] == [1, 3]


def test_a_signed_sheet_changed_after_signing_is_rejected(clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    sheet = pushed_sheet(ticket, tech_a.id)
    sheet["repair"]["actions"] = "更换灯泡组件和镇流器"  # not what the customer signed

    result = push(tech_a, [(sheet, 1)]).json()["results"][0]

    assert result["status"] == "rejected"
    assert "hash" in result["message"]["en"]
    assert tech_a.get(f"/sheets/{sheet['sheet_id']}").status_code == 404


def test_missing_attachments_are_listed_until_they_arrive(clerk, boss, tech_a):
    ticket = assigned_order(clerk, boss, tech_a)
    signature, photo = png(11), png(12, 5_000)
    sheet = pushed_sheet(ticket, tech_a.id, signature=signature, photos=[photo])

    result = push(tech_a, [(sheet, 1)]).json()["results"][0]
    assert result["status"] == "accepted"
    assert sorted(result["missing_attachments"]) == sorted([sha(signature), sha(photo)])
    assert tech_a.get(f"/sheets/{sheet['sheet_id']}").json()["summary"]["complete"] is False

    upload(tech_a, signature)
    upload(tech_a, photo)

    detail = tech_a.get(f"/sheets/{sheet['sheet_id']}").json()
    assert detail["summary"]["complete"] is True
    assert detail["missing_attachments"] == []


def test_a_work_order_not_assigned_to_the_technician_is_refused(clerk, boss, tech_a, tech_b):
    ticket = assigned_order(clerk, boss, tech_b)
    sheet = pushed_sheet(ticket, tech_a.id)

    result = push(tech_a, [(sheet, 1)]).json()["results"][0]

    assert result["status"] == "rejected"
    assert "not assigned to you" in result["message"]["en"]


def test_push_needs_the_technicians_own_registered_device(clerk, boss, tech_a, tech_b):
    ticket = assigned_order(clerk, boss, tech_a)
    sheet = pushed_sheet(ticket, tech_a.id)
    body = {
        "device_id": tech_b.device_id,
        "sheets": [{"sheet_id": sheet["sheet_id"], "version": 1, "sheet": sheet}],
    }

    reply = tech_a.post("/sync/push", json=body, headers={"Idempotency-Key": str(uuid.uuid4())})

    assert reply.status_code == 403
    assert reply.json()["detail"]["code"] == "forbidden"


def test_push_without_an_idempotency_key_names_the_header(tech_a):
    reply = tech_a.post("/sync/push", json={"device_id": tech_a.device_id, "sheets": []})

    assert reply.status_code == 422
    problem = reply.json()["detail"]["problems"][0]
    assert problem["path"] == "header.Idempotency-Key"


def test_concurrent_duplicates_of_one_push_store_it_once(clerk, boss, tech_a):
    """A phone on a bad network resends a batch while the first send is still being handled."""
    from concurrent.futures import ThreadPoolExecutor

    tickets = [assigned_order(clerk, boss, tech_a) for _ in range(3)]
    sheets = [(pushed_sheet(t, tech_a.id), 1) for t in tickets]
    key = str(uuid.uuid4())

    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda _: push(tech_a, sheets, key=key), range(8)))

    assert {r.status_code for r in replies} == {200}
    assert len({r.text for r in replies}) == 1
    for sheet, _ in sheets:
        assert tech_a.get(f"/sheets/{sheet['sheet_id']}").json()["versions"] == [1]


def test_a_sheet_with_a_date_out_of_any_sane_range_is_rejected_alone(clerk, boss, tech_a):
    """A phone whose clock or date picker says year 9999 or year 1 must not wedge the queue:
    converting such a time to UTC overflows, which made the whole batch a server error."""
    ticket = assigned_order(clerk, boss, tech_a)
    good = pushed_sheet(ticket, tech_a.id, stage="complete")
    far = pushed_sheet(ticket, tech_a.id, stage="complete")
    far["updated_at"] = "9999-12-31T23:59:59-05:00"
    ancient = pushed_sheet(ticket, tech_a.id, stage="complete")
    ancient["arrival"]["checked_in_at"] = "0001-01-01T00:00:00+05:00"
    bought = pushed_sheet(ticket, tech_a.id, stage="complete")
    bought["product_check"]["purchase_date"] = "9999-12-31"

    reply = push(tech_a, [(good, 1), (far, 1), (ancient, 1), (bought, 1)])

    assert reply.status_code == 200, reply.text
    results = reply.json()["results"]
    assert [r["status"] for r in results] == ["accepted", "rejected", "rejected", "rejected"]
    assert results[1]["problems"][0]["path"] == "sheet.updated_at"
    assert results[2]["problems"][0]["path"] == "sheet.arrival.checked_in_at"
    assert results[2]["problems"][0]["field"]["zh"].endswith("到达时间")
    assert "1900" in results[2]["problems"][0]["message"]["en"]
    assert results[3]["problems"][0]["path"] == "sheet.product_check.purchase_date"


def test_a_sheet_pushed_while_its_attachment_uploads_becomes_complete(service, clerk, boss):
    """The upload and the push naming the file commit side by side; once both are in, the
    sheet is complete and can be approved (it stayed "incomplete" for ever on PostgreSQL)."""
    uploader, pusher = service.login("tech_a"), service.login("tech_a")
    for round_ in range(8):
        ticket = assigned_order(clerk, boss, pusher)
        signature = png(9000 + round_, 200_000)
        sheet = pushed_sheet(ticket, pusher.id, signature=signature)

        replies = at_once(partial(upload, uploader, signature), partial(push, pusher, [(sheet, 1)]))

        assert [r.status_code for r in replies] == [201, 200]
        detail = boss.get(f"/reviews/{sheet['sheet_id']}").json()
        assert detail["missing_attachments"] == []
        assert detail["summary"]["complete"] is True, f"round {round_}"
        queued = boss.get("/reviews", params={"technician_id": pusher.id, "limit": 500}).json()
        line = next(i for i in queued["items"] if i["sheet_id"] == sheet["sheet_id"])
        assert line["complete"] is True
        approved = boss.post(f"/reviews/{sheet['sheet_id']}/approve", json={"revision": 1})
        assert approved.status_code == 200, approved.text


def test_a_rejected_item_does_not_swallow_what_the_accepted_ones_tell_the_phone(
    clerk, boss, tech_a
):
    """An accepted sheet moves its order to 待审批, which the technician's next pull shows.
    A refused item in the same batch is rolled back alone; it must not take the other
    items' changes with it."""
    _, cursor = pull_all(tech_a)
    alone, together = assigned_order(clerk, boss, tech_a), assigned_order(clerk, boss, tech_a)
    _, cursor = pull_all(tech_a, cursor)
    first = pushed_sheet(together, tech_a.id, sheet_id="0" + str(uuid.uuid4())[1:])
    refused = pushed_sheet(together, tech_a.id, sheet_id="f" + str(uuid.uuid4())[1:])
    refused["repair"]["actions"] = "签名后改过的内容"  # the signed content hash no longer matches

    push(tech_a, [(pushed_sheet(alone, tech_a.id), 1)])
    results = push(tech_a, [(first, 1), (refused, 1)]).json()["results"]
    changes, _ = pull_all(tech_a, cursor)

    assert [r["status"] for r in results] == ["accepted", "rejected"]
    for ticket in (alone, together):
        assert [c["data"]["status"] for c in changes if c["id"] == ticket] == ["awaiting_review"]


def test_the_technicians_name_and_the_stopped_work_verify_on_the_service(clerk, boss, tech_a):
    """A sheet naming its technician, the work stopped for the customer's agreement and
    restarted, and a sheet from a phone that records neither: the service recomputes each
    signed-content hash and accepts both (issue 16)."""
    ticket = assigned_order(clerk, boss, tech_a)
    visit = job_sheet(ticket, tech_a.id, stage="complete")
    assert visit.arrival is not None
    started = visit.arrival.checked_in_at + timedelta(minutes=10)
    stop = RepairPause(
        paused_at=started + timedelta(minutes=10), resumed_at=started + timedelta(minutes=20)
    )
    named = visit.model_copy(
        update={
            "arrival": visit.arrival.model_copy(update={"technician_name": "张伟"}),
            "repair": visit.repair.model_copy(update={"started_at": started, "pauses": [stop]}),
        }
    )
    sheet = job_sheet(ticket, tech_a.id)  # signed by the domain's own signing
    assert sheet.sign_off is not None
    new_phone = sign(named, sheet.sign_off).model_dump(mode="json")
    old_phone = pushed_sheet(ticket, tech_a.id)
    del old_phone["arrival"]["technician_name"], old_phone["repair"]["pauses"]

    results = push(tech_a, [(new_phone, 1), (old_phone, 1)]).json()["results"]

    assert [r["status"] for r in results] == ["accepted", "accepted"], results
    stored = tech_a.get(f"/sheets/{new_phone['sheet_id']}").json()["sheet"]
    assert stored["arrival"]["technician_name"] == "张伟"
    assert stored["repair"]["pauses"][0]["resumed_at"] is not None
