"""A sheet that trips an unexpected error in the service is refused alone.

The fault is injected on purpose (a rule that raises for one sheet), so this test runs
the service's app in-process; everything else about it is the real service and database.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sync.core.config import Settings
from sync.core.db import Database
from sync.crud import push as push_module
from sync.crud.users import create_user
from sync.main import create_app
from sync.models.user import Role, UserCreate
from tests.support.api import call
from tests.support.service import PASSWORD
from tests.support.sheets import pushed_sheet


def test_a_sheet_that_breaks_a_rule_does_not_hold_back_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    database = Database(settings.resolved_database_url)
    app = create_app(settings, database)
    for name, role in (("clerk", Role.CLERK), ("boss", Role.SUPERVISOR), ("tech", Role.TECHNICIAN)):
        with database.transaction() as session:
            create_user(
                session,
                new=UserCreate(username=name, display_name=name, role=role, password=PASSWORD),
            )
    client = TestClient(app, raise_server_exceptions=False)

    def login(name: str) -> tuple[dict[str, str], dict[str, object]]:
        body = {"username": name, "password": PASSWORD, "device_id": f"device-{name}"}
        reply = client.post("/api/v1/auth/login", json=body).json()
        return {"Authorization": f"Bearer {reply['access_token']}"}, reply["user"]

    (clerk, _), (boss, _), (tech, me) = login("clerk"), login("boss"), login("tech")
    ticket = client.post("/api/v1/work-orders", json=call(), headers=clerk).json()["ticket_no"]
    assigned = client.post(
        f"/api/v1/work-orders/{ticket}/assign", json={"technician_id": me["id"]}, headers=boss
    )
    assert assigned.status_code == 200, assigned.text
    good, bad = pushed_sheet(ticket, str(me["id"])), pushed_sheet(ticket, str(me["id"]))
    real_accept = push_module.accept_sheet_version

    def accept_with_a_bug(session, *, sheet, **kwargs):  # type: ignore[no-untyped-def]
        if sheet.sheet_id == bad["sheet_id"]:
            raise ZeroDivisionError("a bug in a rule")
        return real_accept(session, sheet=sheet, **kwargs)

    monkeypatch.setattr(push_module, "accept_sheet_version", accept_with_a_bug)
    reply = client.post(
        "/api/v1/sync/push",
        json={
            "device_id": "device-tech",
            "sheets": [
                {"sheet_id": bad["sheet_id"], "version": 1, "sheet": bad},
                {"sheet_id": good["sheet_id"], "version": 1, "sheet": good},
            ],
        },
        headers={**tech, "Idempotency-Key": "isolation-test-key-1"},
    )
    assert reply.status_code == 200, reply.text
    results = {r["sheet_id"]: r for r in reply.json()["results"]}
    assert results[good["sheet_id"]]["status"] == "accepted"
    assert results[bad["sheet_id"]]["status"] == "rejected"
    assert "联系主管" in results[bad["sheet_id"]]["message"]["zh"]
    assert client.get(f"/api/v1/sheets/{good['sheet_id']}", headers=boss).status_code == 200
    database.dispose()
