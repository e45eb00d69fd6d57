"""Attachments: stored by content hash, idempotent, size-limited, hash and type verified."""

from __future__ import annotations

from tests.support.api import upload
from tests.support.sheets import png, sha


def test_upload_is_idempotent(tech_a):
    data = png(5001)

    first, second = upload(tech_a, data), upload(tech_a, data)

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == {"sha256": sha(data), "size": len(data), "status": "stored"}
    assert second.json()["status"] == "already"


def test_hash_mismatch_wrong_type_and_too_large_are_refused(tech_a):
    data = png(5002)
    wrong_hash = tech_a.put(
        f"/attachments/{'0' * 64}", data=data, headers={"Content-Type": "image/png"}
    )
    not_png = tech_a.put(
        f"/attachments/{sha(b'GIF89a....')}",
        data=b"GIF89a....",
        headers={"Content-Type": "image/png"},
    )
    gif = tech_a.put(f"/attachments/{sha(data)}", data=data, headers={"Content-Type": "image/gif"})
    big = b"\xff\xd8\xff" + b"\0" * (10 * 1024 * 1024)
    too_large = tech_a.put(
        f"/attachments/{sha(big)}", data=big, headers={"Content-Type": "image/jpeg"}
    )
    bad_name = tech_a.put(
        "/attachments/not-a-hash", data=data, headers={"Content-Type": "image/png"}
    )

    assert wrong_hash.status_code == 400
    assert wrong_hash.json()["detail"]["code"] == "hash_mismatch"
    assert sha(data) in wrong_hash.json()["detail"]["message"]["en"]
    assert not_png.status_code == 415
    assert gif.status_code == 415
    assert too_large.status_code == 413
    assert too_large.json()["detail"]["code"] == "too_large"
    assert bad_name.status_code == 422
    assert tech_a.post("/attachments/missing", json={"hashes": [sha(data)]}).json() == {
        "missing": [sha(data)]
    }


def test_missing_lists_only_what_the_service_lacks(tech_a):
    have, lack = png(5003), png(5004)
    upload(tech_a, have)

    reply = tech_a.post("/attachments/missing", json={"hashes": [sha(have), sha(lack), sha(lack)]})

    assert reply.json() == {"missing": [sha(lack)]}
    assert tech_a.post("/attachments/missing", json={"hashes": ["nope"]}).status_code == 422


def test_batch_upload_stores_each_part_and_rejects_bad_ones_alone(tech_a, boss):
    good, already, other = png(5005), png(5006), png(5007)
    upload(tech_a, already)
    files = [
        (sha(good), ("a.png", good, "image/png")),
        (sha(already), ("b.png", already, "image/png")),
        ("0" * 64, ("c.png", other, "image/png")),
    ]

    reply = tech_a.post("/attachments/batch", files=files)

    assert reply.status_code == 200, reply.text
    statuses = [r["status"] for r in reply.json()["results"]]
    assert statuses == ["stored", "already", "rejected"]
    assert "SHA-256" in reply.json()["results"][2]["message"]["en"]
    assert tech_a.get(f"/attachments/{sha(good)}").content == good


def test_batch_upload_refuses_a_body_that_is_not_multipart(tech_a):
    reply = tech_a.post(
        "/attachments/batch", data=b"x", headers={"Content-Type": "multipart/form-data"}
    )
    assert reply.status_code == 400
    assert reply.json()["detail"]["code"] == "bad_request"
