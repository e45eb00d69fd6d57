"""The protocol package: what it may import, and how its shapes read replies."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import TypeAdapter, ValidationError

from fieldapp.protocol import (
    Change,
    ChangeKind,
    ErrorCode,
    ErrorReply,
    PullPage,
    PushReply,
    PushStatus,
    ReferenceChange,
    ReviewDecision,
    ReviewResultChange,
    WorkOrderRemovedChange,
)

SHEET = "0f8fad5b-d9cb-469f-a165-70867728950e"


def test_the_protocol_ships_to_phones_without_server_libraries():
    code = (
        "import sys, fieldapp.protocol; "
        "print(','.join(sorted(m for m in ('fastapi', 'sqlalchemy', 'starlette', 'uvicorn', "
        "'requests', 'tinydb', 'flet', 'sync') if m in sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == ""


def test_every_change_kind_has_its_own_shape():
    adapter: TypeAdapter[Change] = TypeAdapter(Change)
    review = {
        "sheet_id": SHEET,
        "revision": 1,
        "version": 3,
        "decision": "returned",
        "comment": "签名不清楚",
        "reviewed_at": "2026-11-23T10:00:00+08:00",
        "reviewer": "王主管",
    }
    removed = adapter.validate_python(
        {"kind": "work_order_removed", "id": "BX20261123-0001", "data": {"reason": "reassigned"}}
    )
    result = adapter.validate_python({"kind": "review_result", "id": SHEET, "data": review})
    reference = adapter.validate_python(
        {"kind": "reference", "id": "prices", "data": {"version": "2026.1", "content": {}}}
    )

    assert isinstance(removed, WorkOrderRemovedChange)
    assert removed.kind is ChangeKind.WORK_ORDER_REMOVED
    assert isinstance(result, ReviewResultChange)
    assert result.data.decision is ReviewDecision.RETURNED
    assert isinstance(reference, ReferenceChange)
    kinds = {m.model_fields["kind"].default for m in (type(removed), type(result), type(reference))}
    assert kinds | {ChangeKind.WORK_ORDER} == set(ChangeKind)


@pytest.mark.parametrize(
    "page",
    [
        {"cursor": "1.abc", "has_more": False, "changes": [{"kind": "gossip", "id": "x"}]},
        {"cursor": "1.abc", "has_more": False, "changes": [{"kind": "work_order", "id": "x"}]},
        {
            "cursor": "1.abc",
            "has_more": False,
            "changes": [{"kind": "review_result", "id": SHEET, "data": {"sheet_id": SHEET}}],
        },
        {"cursor": "1.abc", "changes": []},
    ],
)
def test_a_page_that_does_not_match_is_refused_not_defaulted(page):
    with pytest.raises(ValidationError):
        PullPage.model_validate(page)


def test_push_results_and_error_bodies_read_as_typed_values():
    reply = PushReply.model_validate(
        {
            "results": [
                {
                    "sheet_id": SHEET,
                    "version": 2,
                    "status": "accepted",
                    "message": None,
                    "missing_attachments": ["a" * 64],
                },
                {
                    "sheet_id": None,
                    "version": None,
                    "status": "rejected",
                    "message": {"zh": "报告单内容有误", "en": "the sheet has problems"},
                },
            ]
        }
    )
    error = ErrorReply.model_validate(
        {"detail": {"code": "idempotency_key_reused", "message": {"zh": "键已用", "en": "used"}}}
    )

    assert [r.status for r in reply.results] == [PushStatus.ACCEPTED, PushStatus.REJECTED]
    assert reply.results[0].missing_attachments == ["a" * 64]
    assert reply.results[1].message is not None and reply.results[1].message.en.startswith("the")
    assert error.detail.code is ErrorCode.IDEMPOTENCY_KEY_REUSED
    with pytest.raises(ValidationError):
        PushReply.model_validate({"results": [{"sheet_id": SHEET, "version": 1}]})
