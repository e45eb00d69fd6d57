"""What the office and the phones do through the API, for tests and benches: record and
assign a call, push sheets, upload files, pull every change, send requests at once."""

from __future__ import annotations

import gzip
import json
import uuid
from typing import Any

from tests.support.sheets import SERIAL, sha


def call(**overrides: Any) -> dict[str, Any]:
    """A customer's call as the clerk records it."""
    body: dict[str, Any] = {
        "customer": {
            "name": "陈晓明",
            "phone": "13801234567",
            "address": "上海市浦东新区张杨路 1500 号",
        },
        "product": {
            "brand": "明辉",
            "model": "MH-P520",
            "serial": SERIAL,
            "purchase_date": "2025-09-15",
        },
        "reported_fault": "开机后画面偏暗，灯泡指示灯闪烁",
        "urgency": "normal",
        "service_centre": "上海浦东服务中心",
    }
    body.update(overrides)
    return body


def assigned_order(clerk: Any, boss: Any, technician: Any, **overrides: Any) -> str:
    """Record a call and assign it; returns the 报修单号."""
    created = clerk.post("/work-orders", json=call(**overrides))
    assert created.status_code == 201, created.text
    ticket_no = created.json()["ticket_no"]
    assigned = boss.post(f"/work-orders/{ticket_no}/assign", json={"technician_id": technician.id})
    assert assigned.status_code == 200, assigned.text
    return str(ticket_no)


def push(
    client: Any,
    sheets: list[tuple[dict[str, Any], int]],
    *,
    key: str | None = None,
    compress: bool = False,
) -> Any:
    """Push ``(sheet, version)`` items from the client's own device."""
    body = {
        "device_id": client.device_id,
        "sheets": [{"sheet_id": s["sheet_id"], "version": v, "sheet": s} for s, v in sheets],
    }
    headers = {"Idempotency-Key": key or str(uuid.uuid4()), "Content-Type": "application/json"}
    data = json.dumps(body, ensure_ascii=False).encode()
    if compress:
        data = gzip.compress(data)
        headers["Content-Encoding"] = "gzip"
    return client.post("/sync/push", data=data, headers=headers)


def upload(client: Any, data: bytes, content_type: str = "image/png") -> Any:
    return client.put(
        f"/attachments/{sha(data)}", data=data, headers={"Content-Type": content_type}
    )


def pull_all(client: Any, cursor: str | None = None) -> tuple[list[dict[str, Any]], str]:
    """Every change after ``cursor``, following ``has_more``; returns the changes and cursor."""
    changes: list[dict[str, Any]] = []
    while True:
        params = {"cursor": cursor} if cursor is not None else {}
        reply = client.get("/sync/pull", params=params)
        assert reply.status_code == 200, reply.text
        body = reply.json()
        changes += body["changes"]
        cursor = body["cursor"]
        if not body["has_more"]:
            return changes, str(cursor)


def at_once(*calls: Any) -> list[Any]:
    """Run the calls in threads released together (to meet in the service); their results."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    start = threading.Barrier(len(calls))

    def released(call_: Any) -> Any:
        start.wait()
        return call_()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(released, calls))
