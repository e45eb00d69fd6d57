"""Bad input gets a precise 4xx in the protocol's error shape, never a 500."""

from __future__ import annotations

import gzip
import uuid

import pytest


def _push(client, data: bytes, **headers: str):
    return client.post(
        "/sync/push",
        data=data,
        headers={
            "Idempotency-Key": str(uuid.uuid4()),
            "Content-Type": "application/json",
            **headers,
        },
    )


@pytest.mark.parametrize(
    ("data", "headers", "status", "words"),
    [
        (b'{"device_id": ', {}, 400, "not valid JSON"),
        (b'{"device_id": "\xff\xfe"}', {}, 400, "not valid UTF-8"),
        (b"not gzip at all", {"Content-Encoding": "gzip"}, 400, "gzip"),
        (gzip.compress(b'{"a": 1}', mtime=0)[:-6], {"Content-Encoding": "gzip"}, 400, "gzip"),
        (b'{"device_id": "x"}', {"Content-Encoding": "br"}, 415, "Content-Encoding"),
        (b'{"device_id": "x"}', {"Content-Type": "text/plain"}, 415, "application/json"),
        (b'{"device_id": NaN, "sheets": []}', {}, 400, "number"),
        (b'{"device_id": "x", "sheets": [], "n": 1e999}', {}, 400, "large"),
        (b'{"device_id": "x", "sheets": [], "n": 123456789012345678901234}', {}, 400, "2^53"),
        (b'{"device_id": "a\\u0000b", "sheets": []}', {}, 400, "NUL"),
        (b'{"device_id": "\\ud800", "sheets": []}', {}, 400, "surrogate"),
        (b"[1, 2, 3]", {}, 422, "problems"),
        (b'{"sheets": []}', {}, 422, "device"),
    ],
)
def test_malformed_bodies_are_refused_precisely(tech_a, data, headers, status, words):
    reply = _push(tech_a, data, **headers)

    assert reply.status_code == status, reply.text
    detail = reply.json()["detail"]
    assert detail["message"]["zh"] and detail["message"]["en"]
    assert words in reply.text


def test_a_huge_body_is_refused_before_it_is_read(tech_a):
    reply = _push(tech_a, b"{" + b" " * (17 * 1024 * 1024) + b"}")
    assert reply.status_code == 413
    assert reply.json()["detail"]["code"] == "too_large"


def test_a_gzip_bomb_is_refused(tech_a):
    bomb = gzip.compress(b'{"device_id": "' + b"a" * (40 * 1024 * 1024) + b'"}')
    assert len(bomb) < 100_000
    reply = _push(tech_a, bomb, **{"Content-Encoding": "gzip"})
    assert reply.status_code == 413


def test_a_gzip_push_is_accepted(tech_a):
    body = b'{"device_id": "' + tech_a.device_id.encode() + b'", "sheets": []}'
    reply = _push(tech_a, gzip.compress(body), **{"Content-Encoding": "gzip"})
    assert reply.status_code == 200
    assert reply.json() == {"results": []}


def test_validation_errors_name_the_field_in_both_languages(clerk):
    reply = clerk.post(
        "/work-orders",
        json={
            "customer": {"name": "", "phone": "12", "address": "上海市某路 1 号"},
            "product": {"brand": "明辉", "model": "MH-P520"},
            "reported_fault": "坏了",
        },
    )

    assert reply.status_code == 422
    problems = {p["path"]: p for p in reply.json()["detail"]["problems"]}
    assert problems["body.customer.name"]["field"]["zh"].endswith("客户姓名")
    assert problems["body.customer.phone"]["field"]["en"].endswith("Phone")
    # the domain's phone rule says what is wrong with this number (fieldapp.domain.phone)
    assert problems["body.customer.phone"]["message"] == {
        "zh": "手机号应为 11 位数字，现在是 2 位，请核对",
        "en": "a mobile number has 11 digits; this one has 2: check it",
    }


def test_unknown_paths_methods_and_nul_characters(service, tech_a):
    assert tech_a.get("/no-such-thing").json()["detail"]["code"] == "not_found"
    assert tech_a.delete("/work-orders").status_code == 405
    assert tech_a.get("/work-orders/BX%00").status_code == 400
    assert tech_a.get("/work-orders", params={"status": "a\x00"}).status_code == 400
    bad_query = tech_a.get("/work-orders", params={"limit": "lots"})
    assert bad_query.status_code == 422
    assert bad_query.json()["detail"]["problems"][0]["path"] == "query.limit"
