"""Fuzz every operation of the API from its own OpenAPI document: no input ever gets a 500.

A separate service per backend, so the generated data does not disturb the other tests.

- Every operation is called with generated valid and invalid input (schemathesis), signed in
  as a technician and as a supervisor; no reply may be a server error. The number of examples
  per operation is bounded to keep the run to about a minute.
- Every operation is sent deeply nested JSON, signed in or not: a 400, never a 500.
- Every operation is sent its generated valid input with each date moved to a year outside
  1900–2099, in the body and in the query: refused, never accepted and never a 500; and each
  date query parameter alone is refused with the parameter named.
"""

from __future__ import annotations

import gzip
import re
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core import NOT_SET
from schemathesis.schemas import APIOperation

from tests.support.service import BACKENDS, LiveService, running_service

EXAMPLES = 12


@pytest.fixture(scope="module", params=BACKENDS)
def fuzzed(request, tmp_path_factory) -> LiveService:
    folder = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    running = running_service(request.param, folder)
    service = next(running)
    request.addfinalizer(running.close)
    return service


@pytest.fixture(scope="module")
def tokens(fuzzed) -> dict[str, str]:
    return {
        role: fuzzed.login(name).token
        for role, name in (("technician", "tech_a"), ("supervisor", "boss"))
    }


def _operations(service: LiveService) -> list[APIOperation]:
    schema = schemathesis.openapi.from_url(f"{service.base}/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.slow
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_input_gets_a_server_error(fuzzed, tokens, mode):
    base = fuzzed.base.removesuffix("/api/v1")
    failures: list[str] = []
    for operation in _operations(fuzzed):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
        def call(case: Case) -> None:
            for token in tokens.values():
                case.call_and_validate(
                    base_url=base,
                    headers={"Authorization": f"Bearer {token}"},
                    checks=[not_a_server_error],
                )

        try:
            call()
        except Unsatisfiable:  # nothing to make invalid (an operation without inputs)
            continue
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)


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
def test_deeply_nested_json_is_refused_on_every_route_signed_in_or_not(fuzzed, shape):
    """A body nested thousands deep overflowed the parser's recursion: a 500 before signing
    in, tracebacks in the log and a dropped connection. Every route refuses it with a 400."""
    body = _NESTED[shape]
    uploads = {("PUT", "/attachments/x"), ("POST", "/attachments/batch")}
    technician = fuzzed.login("tech_a")
    for method, path in _every_operation(fuzzed):
        for client in (fuzzed.anonymous(), technician):
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
    assert "Traceback" not in fuzzed.log_text()
    assert "RecursionError" not in fuzzed.log_text()


_SAMPLE_PATH_VALUES = {
    "serial": "PJ5225300042C",
    "sheet_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
    "ticket_no": "BX20261123-0001",
    "sha256": "a" * 64,
    "name": "prices",
}


@pytest.mark.parametrize("far", ["9999-12-31", "0001-01-01", "1899-12-31", "2100-01-01"])
def test_every_date_in_a_query_string_is_held_to_the_years_1900_to_2099(fuzzed, far):
    """One date rule for every date the service takes: each query parameter that is a date or
    a time, on every operation, is refused out of range with the parameter named."""
    document = requests.get(f"{fuzzed.base}/openapi.json", timeout=30).json()
    clients = [fuzzed.login(name) for name in ("admin", "boss", "clerk", "tech_a")]
    checked = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            params = operation.get("parameters", [])
            filled = re.sub(
                r"\{([^}]+)\}", lambda m: _SAMPLE_PATH_VALUES.get(m[1], "1"), path
            ).removeprefix("/api/v1")
            for param in params:
                kind = _date_kind(param)
                if param["in"] != "query" or kind is None:
                    continue
                value = far if kind == "date" else f"{far}T12:00:00+08:00"
                # Other required dates (a period's from and to) in range, so that only this
                # one is wrong.
                sent = {
                    other["name"]: "2026-01-01"
                    if _date_kind(other) == "date"
                    else "2026-01-01T12:00:00+08:00"
                    for other in params
                    if other is not param
                    and other["in"] == "query"
                    and other.get("required")
                    and _date_kind(other) is not None
                }
                sent[param["name"]] = value
                answered = [
                    client.request(method.upper(), filled, params=sent) for client in clients
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


def _date_kind(param: dict[str, Any]) -> str | None:
    """``date`` or ``date-time`` for a parameter that takes one, else None."""
    schemas = [param["schema"], *param["schema"].get("anyOf", [])]
    return next((s["format"] for s in schemas if s.get("format") in ("date", "date-time")), None)


_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _dates_moved(value: Any, year: str) -> tuple[Any, int]:
    """``value`` with the year of every date or time string replaced, and how many there were."""
    if isinstance(value, str) and _DATE.match(value):
        return year + value[4:], 1
    if isinstance(value, dict):
        moved = {k: _dates_moved(v, year) for k, v in value.items()}
        return {k: v for k, (v, _) in moved.items()}, sum(n for _, n in moved.values())
    if isinstance(value, list):
        items = [_dates_moved(v, year) for v in value]
        return [v for v, _ in items], sum(n for _, n in items)
    return value, 0


def _accepted(reply: Any, path: str) -> bool:
    if not 200 <= reply.status_code < 300:
        return False
    if path.endswith("/sync/push"):  # refused item by item, in a 200
        return any(r["status"] == "accepted" for r in reply.json()["results"])
    return True


@pytest.mark.slow
def test_far_dates_are_refused_by_every_operation(fuzzed, tokens):
    """Valid input with its dates moved to the year 9999 or 1: never accepted, never a 500."""
    base = fuzzed.base.removesuffix("/api/v1")
    failures: list[str] = []
    for operation in _operations(fuzzed):

        @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
        def call(case: Case) -> None:
            body = case.body
            query = dict(case.query or {})
            for year in ("9999", "0001"):
                moved_body, in_body = _dates_moved(body, year) if body is not NOT_SET else (body, 0)
                moved_query, in_query = _dates_moved(query, year)
                if in_body + in_query == 0:
                    return
                case.body, case.query = moved_body, moved_query
                for token in tokens.values():
                    reply = case.call(base_url=base, headers={"Authorization": f"Bearer {token}"})
                    where = (
                        f"{case.operation.label} (year {year}): "
                        f"{reply.status_code} {reply.text[:300]}"
                    )
                    assert reply.status_code < 500, where
                    assert not _accepted(reply, case.operation.path), where
            case.body, case.query = body, query

        try:
            call()
        except Unsatisfiable:
            continue
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
