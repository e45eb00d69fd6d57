"""Health, the OpenAPI document, reference data publishing, structured logs."""

from __future__ import annotations

import json
import time

from fieldapp.reference import bundled_reference
from tests.support.api import pull_all


def test_health_needs_no_sign_in(service):
    reply = service.anonymous().get("/health")
    assert reply.json() == {"status": "ok", "database": "ok", "version": "0.1.0"}


def test_the_openapi_document_lists_every_route(service):
    doc = service.anonymous().get("/openapi.json").json()
    assert {
        "/api/v1/sync/push",
        "/api/v1/sync/pull",
        "/api/v1/attachments/{sha256}",
        "/api/v1/reviews",
    } <= set(doc["paths"])


def test_a_published_reference_version_reaches_every_phone(admin, tech_a, tech_b):
    _, cursor_a = pull_all(tech_a)
    prices = bundled_reference().prices.model_dump(mode="json")
    prices["version"] = "2099.1"
    prices["items"][0]["unit_price_fen"] += 500

    same = admin.put("/reference/prices", json=bundled_reference().prices.model_dump(mode="json"))
    published = admin.put("/reference/prices", json=prices)
    broken = admin.put(
        "/reference/parts",
        json={
            "version": "2099.2",
            "parts": [
                {
                    "part_no": "X",
                    "name": {"zh": "x", "en": "x"},
                    "models": ["MH-P520"],
                    "price_code": "NO-SUCH",
                }
            ],
        },
    )

    assert same.status_code == 400  # a new content needs a new version
    assert published.status_code == 200
    assert broken.status_code == 422
    changes, _ = pull_all(tech_a, cursor_a)
    assert [c["data"]["version"] for c in changes if c["id"] == "prices"] == ["2099.1"]
    assert tech_b.get("/reference").json()["prices"] == "2099.1"


def test_a_reference_version_too_long_to_store_is_refused_with_the_field(admin):
    """PostgreSQL refuses a version longer than its column; that was a server error."""
    catalogue = admin.get("/reference/catalogue").json()["content"]
    catalogue["version"] = "2099." + "9" * 40

    reply = admin.put("/reference/catalogue", json=catalogue)

    assert reply.status_code == 422, reply.text
    problem = reply.json()["detail"]["problems"][0]
    assert problem["path"] == "version"
    assert "40" in problem["message"]["en"]
    assert admin.get("/reference").json()["catalogue"] != catalogue["version"]


def test_each_request_is_one_json_log_line_with_user_and_request_id(service, tech_a):
    reply = tech_a.get("/work-orders", headers={"X-Request-ID": "trace-me-42"})
    assert reply.headers["X-Request-ID"] == "trace-me-42"

    deadline = time.monotonic() + 5
    while True:  # the access line is written just after the reply is sent
        entries = [
            json.loads(line) for line in service.log_text().splitlines() if line.startswith("{")
        ]
        mine = [e for e in entries if e.get("request_id") == "trace-me-42"]
        if mine or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert len(mine) == 1
    assert mine[0]["path"] == "/api/v1/work-orders"
    assert mine[0]["status"] == 200
    assert mine[0]["user"] == int(tech_a.id)
    assert not any("password" in json.dumps(e) for e in entries)


def test_the_migrated_schema_matches_the_models(service):
    """Alembic's migrations and the table classes describe the same schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import sync.models  # noqa: F401
    from sync.core.db import Base

    with service.database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)

    assert diff == []
