"""Builders for the service tests and the benchmark: calls, signed job sheets, PNG images."""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import struct
import uuid
import zlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.serial import make_serial
from fieldapp.domain.signing import sheet_content_hash

SERIAL = make_serial("PJ52", date(2025, 8, 1), 4242)


def png(seed: int, approx_bytes: int = 2_000) -> bytes:
    """A valid PNG of about ``approx_bytes`` (noise does not compress), different per seed."""
    rnd = random.Random(seed)
    width = 64
    height = max(1, approx_bytes // (width * 3))
    raw = b"".join(b"\x00" + rnd.randbytes(width * 3) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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


def job_sheet(
    ticket_no: str,
    technician_id: str,
    *,
    sheet_id: str | None = None,
    signed: bool = True,
    signature: bytes | None = None,
    photos: list[bytes] | None = None,
    revision: int = 1,
    outcome: str = "fixed",
    rating: int = 5,
    charged: bool = False,
    opened_unit: bool = False,
    serial: str = SERIAL,
    symptoms: str = "画面偏暗，灯泡寿命到期",
    visit: datetime | None = None,
    etiquette: bool = False,
) -> dict[str, Any]:
    """A job sheet as the phone pushes it; signed with a correct content hash by default.

    ``outcome``: fixed, another_visit or return_to_centre; ``etiquette``: every 「5个1」 item
    ticked and 「九不准」 attested.
    """
    visit = visit or datetime.now(UTC) - timedelta(hours=1)
    at = visit.isoformat()
    sheet: dict[str, Any] = {
        "sheet_id": sheet_id or str(uuid.uuid4()),
        "ticket_no": ticket_no,
        "technician_id": technician_id,
        "device_id": f"phone-{technician_id}",
        "revision": revision,
        "created_at": at,
        "updated_at": at,
        "arrival": {"checked_in_at": at, "work_id_shown": True, "work_order_shown": True},
        "product_check": {
            "brand": "明辉",
            "model": "MH-P520",
            "serial_read": serial,
            "purchase_date": "2025-09-15",
            "purchase_evidence": "invoice",
        },
        "diagnosis": {"symptoms": symptoms, "cause": "unit_fault", "explained_to_customer": True},
        "repair": {
            "actions": "更换灯泡组件",
            "opened_unit": opened_unit,
            "photos": [_ref(p, "photo") for p in photos or []],
        },
    }
    if etiquette:
        sheet["etiquette"] = {
            "five_ones": [
                {"item_id": item, "done_at": at}
                for item in (
                    "greeting",
                    "clean_cloth",
                    "shoe_covers",
                    "beauty",
                    "service_card",
                    "farewell",
                )
            ],
            "nine_rules_attested_at": at,
        }
    if charged:
        sheet["charges"] = {
            "lines": [{"code": "SV-VISIT", "quantity": 1, "unit_price_fen": 5000}],
            "price_list_version": "2026.3",
            "customer_agreed_at": at,
        }
    if outcome == "fixed":
        sheet["outcome"] = {"kind": "fixed"}
    elif outcome == "return_to_centre":
        sheet["outcome"] = {
            "kind": "return_to_centre",
            "reason": "反光镜损坏，需返修",
            "promised_by": (visit + timedelta(days=7)).date().isoformat(),
            "centre_phone": "021-5888 0000",
        }
    else:
        sheet["outcome"] = {
            "kind": "another_visit",
            "reason": "备件缺货",
            "proposed_at": (visit + timedelta(days=2)).isoformat(),
        }
    if signed:
        content_hash = sheet_content_hash(JobSheet.model_validate(sheet))
        sheet["sign_off"] = {
            "functions_checked": True,
            "rating": rating,
            "signer_name": "陈晓明",
            "signature": {
                "width": 300,
                "height": 120,
                "strokes": [[{"x": 1, "y": 1}, {"x": 40, "y": 30}, {"x": 80, "y": 12}]],
                "image": _ref(signature, "signature") if signature else None,
            },
            "signed_at": at,
            "content_hash": content_hash,
        }
    return sheet


def _ref(data: bytes, kind: str) -> dict[str, Any]:
    return {"sha256": sha(data), "kind": kind, "content_type": "image/png", "size": len(data)}


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
