"""Bad input gets a precise 4xx in the protocol's error shape, never a 500."""

from __future__ import annotations

import gzip
import re
import uuid

import pytest
import requests


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
        (gzip.compress(b'{"a": 1}')[:-6], {"Content-Encoding": "gzip"}, 400, "gzip"),
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
    assert problems["body.customer.phone"]["message"] == {
        "zh": "格式不正确",
        "en": "is not in the expected format",
    }


def test_unknown_paths_methods_and_nul_characters(service, tech_a):
    assert tech_a.get("/no-such-thing").json()["detail"]["code"] == "not_found"
    assert tech_a.delete("/work-orders").status_code == 405
    assert tech_a.get("/work-orders/BX%00").status_code == 400
    assert tech_a.get("/work-orders", params={"status": "a\x00"}).status_code == 400
    bad_query = tech_a.get("/work-orders", params={"limit": "lots"})
    assert bad_query.status_code == 422
    assert bad_query.json()["detail"]["problems"][0]["path"] == "query.limit"


def _every_operation(service) -> list[tuple[str, str]]:
    """(method, path) of every operation the service publishes, path parameters filled in."""
    document = requests.get(f"{service.base}/openapi.json", timeout=30).json()
    return [
        (method.upper(), re.sub(r"\{[^}]+\}", "x", path).removeprefix("/api/v1"))
        for path, operations in document["paths"].items()
        for method in operations
    ]


_NESTED = {
    "arrays": b"[" * 1000 + b"]" * 1000,
    "objects": b'{"a":' * 1000 + b"1" + b"}" * 1000,
    "very deep": b"[" * 100_000 + b"]" * 100_000,
    "deep inside a push": b'{"device_id": "x", "sheets": [' + b"[" * 5000 + b"]" * 5000 + b"]}",
}


@pytest.mark.parametrize("shape", list(_NESTED))
def test_deeply_nested_json_is_refused_on_every_route_signed_in_or_not(service, tech_a, shape):
    """A body nested thousands deep overflowed the parser's recursion: a 500 before signing
    in, tracebacks in the log and a dropped connection. Every route refuses it with a 400."""
    body = _NESTED[shape]
    uploads = {("PUT", "/attachments/x"), ("POST", "/attachments/batch")}
    for method, path in _every_operation(service):
        for client in (service.anonymous(), tech_a):
            for data, encoding in ((body, {}), (gzip.compress(body), {"Content-Encoding": "gzip"})):
                reply = client.request(
                    method,
                    path,
                    data=data,
                    headers={"Content-Type": "application/json", **encoding},
                )
                where = f"{method} {path} ({shape})"
                # The upload routes take images, not JSON: refused for the content type.
                wanted = 415 if (method, path) in uploads else 400
                assert reply.status_code == wanted, f"{where}: {reply.status_code} {reply.text}"
                detail = reply.json()["detail"]
                assert detail["message"]["zh"] and detail["message"]["en"], where
                # The same kept-alive session goes on working.
                assert client.get("/health").status_code == 200, where
    assert "Traceback" not in service.log_text()
    assert "RecursionError" not in service.log_text()


_SAMPLE_PATH_VALUES = {
    "serial": "PJ5225300042C",
    "sheet_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
    "ticket_no": "BX20261123-0001",
    "sha256": "a" * 64,
    "name": "prices",
}


@pytest.mark.parametrize("far", ["9999-12-31", "0001-01-01", "1899-12-31", "2100-01-01"])
def test_every_date_in_a_query_string_is_held_to_the_years_1900_to_2099(
    service, admin, boss, clerk, tech_a, far
):
    """One date rule for every date the service takes: each query parameter that is a date or
    a time, on every operation, is refused out of range with the parameter named."""
    document = requests.get(f"{service.base}/openapi.json", timeout=30).json()
    checked = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            params = operation.get("parameters", [])
            filled = re.sub(
                r"\{([^}]+)\}", lambda m: _SAMPLE_PATH_VALUES.get(m[1], "1"), path
            ).removeprefix("/api/v1")
            for param in params:
                schemas = [param["schema"], *param["schema"].get("anyOf", [])]
                kind = next(
                    (s["format"] for s in schemas if s.get("format") in ("date", "date-time")), None
                )
                if param["in"] != "query" or kind is None:
                    continue
                value = far if kind == "date" else f"{far}T12:00:00+08:00"
                answered = [
                    client.request(method.upper(), filled, params={param["name"]: value})
                    for client in (admin, boss, clerk, tech_a)
                ]
                allowed = [r for r in answered if r.status_code not in (401, 403)]
                where = f"{method.upper()} {path} {param['name']}={value}"
                assert allowed, where
                for reply in allowed:
                    assert reply.status_code == 422, f"{where}: {reply.status_code} {reply.text}"
                    problem = reply.json()["detail"]["problems"][0]
                    assert problem["path"] == f"query.{param['name']}", where
                checked += 1
    assert checked >= 3  # first_reported, visited_from, visited_to at least
