"""The service answers each back-office call with the protocol's own shape.

Both sides import their shapes from ``fieldapp.protocol``; this test fails if a route of the
back office slips back to a model of its own (or to none): for every such operation, the
request body and the reply in the service's OpenAPI document must be the JSON schema of the
protocol's shape, and every operation the back office may call must be listed here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from fieldapp.domain.work_order import WorkOrder
from fieldapp.protocol.auth import DevicePublic, UserCreate, UserPublic
from fieldapp.protocol.centre_units import (
    CentreUnitList,
    CentreUnitPublic,
    CustomerNotified,
    UnitStateChange,
)
from fieldapp.protocol.complaints import (
    ComplaintClose,
    ComplaintCreate,
    ComplaintList,
    ComplaintPublic,
    ComplaintSummary,
)
from fieldapp.protocol.dashboard import Dashboard
from fieldapp.protocol.follow_ups import FollowUpList, FollowUpOutcome, FollowUpPublic
from fieldapp.protocol.loaners import (
    LendRequest,
    LoanerCreate,
    LoanerPublic,
    LoanPublic,
    OverdueLoan,
    ReturnRequest,
)
from fieldapp.protocol.messages import MessageList, MessagePublic, MessageTemplates
from fieldapp.protocol.review_queue import DecisionRequest, ReviewQueue
from fieldapp.protocol.serials import SerialHistory
from fieldapp.protocol.sheet_detail import SheetDetail
from fieldapp.protocol.signed_content import SignedContentCheck
from fieldapp.protocol.work_orders import (
    AssignRequest,
    CancelRequest,
    WorkOrderCreate,
    WorkOrderList,
    WorkOrderUpdate,
)

# The back office's operations: (method, path under /api/v1) → (request body, reply).
OFFICE: dict[tuple[str, str], tuple[Any, Any]] = {
    ("get", "/reviews"): (None, ReviewQueue),
    ("get", "/reviews/{sheet_id}"): (None, SheetDetail),
    ("get", "/sheets/{sheet_id}"): (None, SheetDetail),
    ("post", "/reviews/{sheet_id}/approve"): (DecisionRequest, SheetDetail),
    ("post", "/reviews/{sheet_id}/return"): (DecisionRequest, SheetDetail),
    ("get", "/work-orders"): (None, WorkOrderList),
    ("post", "/work-orders"): (WorkOrderCreate, WorkOrder),
    ("get", "/work-orders/{ticket_no}"): (None, WorkOrder),
    ("patch", "/work-orders/{ticket_no}"): (WorkOrderUpdate, WorkOrder),
    ("post", "/work-orders/{ticket_no}/assign"): (AssignRequest, WorkOrder),
    ("post", "/work-orders/{ticket_no}/cancel"): (CancelRequest, WorkOrder),
    ("get", "/follow-ups"): (None, FollowUpList),
    ("post", "/follow-ups/{follow_up_id}/outcome"): (FollowUpOutcome, FollowUpPublic),
    ("get", "/complaints"): (None, ComplaintList),
    ("post", "/complaints"): (ComplaintCreate, ComplaintPublic),
    ("get", "/complaints/summary"): (None, ComplaintSummary),
    ("get", "/complaints/{complaint_id}"): (None, ComplaintPublic),
    ("post", "/complaints/{complaint_id}/close"): (ComplaintClose, ComplaintPublic),
    ("get", "/loaners"): (None, list[LoanerPublic]),
    ("post", "/loaners"): (LoanerCreate, LoanerPublic),
    ("get", "/loaners/overdue"): (None, list[OverdueLoan]),
    ("get", "/loaners/{serial}/loans"): (None, list[LoanPublic]),
    ("post", "/loaners/{serial}/lend"): (LendRequest, LoanerPublic),
    ("post", "/loaners/{serial}/return"): (ReturnRequest, LoanerPublic),
    ("get", "/centre-units"): (None, CentreUnitList),
    ("get", "/centre-units/{unit_id}"): (None, CentreUnitPublic),
    ("post", "/centre-units/{unit_id}/state"): (UnitStateChange, CentreUnitPublic),
    ("post", "/centre-units/{unit_id}/notified"): (CustomerNotified, CentreUnitPublic),
    ("get", "/messages"): (None, MessageList),
    ("post", "/messages/{message_id}/resend"): (None, MessagePublic),
    ("get", "/message-templates"): (None, MessageTemplates),
    ("put", "/message-templates"): (MessageTemplates, MessageTemplates),
    ("get", "/dashboard"): (None, Dashboard),
    ("get", "/signed-content/{content_hash}"): (None, SignedContentCheck),
    ("get", "/serials/{serial}/history"): (None, SerialHistory),
    ("get", "/users"): (None, list[UserPublic]),
    ("post", "/users"): (UserCreate, UserPublic),
    ("post", "/users/{user_id}/disable"): (None, UserPublic),
    ("post", "/users/{user_id}/enable"): (None, UserPublic),
    ("get", "/devices"): (None, list[DevicePublic]),
    ("delete", "/devices/{device_id}"): (None, None),  # no reply body
}
# The tags of the back office's routers: every JSON operation under them is in OFFICE.
OFFICE_TAGS = {
    "reviews",
    "work orders",
    "follow-up calls",
    "complaints",
    "loaners",
    "units at the service centre",
    "messages to customers",
    "dashboard",
    "signed content check",
    "serials and warranty",
    "users",
}
# Operations under those tags that are not back-office calls with a JSON shape.
NOT_OFFICE = {("post", "/warranty/check"), ("get", "/sheets/{sheet_id}/pdf")}


@pytest.fixture(scope="module")
def openapi(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from sync.core.config import Settings
    from sync.core.db import Database
    from sync.main import API_PREFIX, create_app

    folder: Path = tmp_path_factory.mktemp("openapi")
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'db.sqlite3'}")
    app = create_app(settings, Database(settings.resolved_database_url), migrate=False)
    document = app.openapi()
    paths = {p.removeprefix(API_PREFIX): ops for p, ops in document["paths"].items()}
    return {"paths": paths, "schemas": document["components"]["schemas"]}


def _inline(schema: Any, definitions: dict[str, Any]) -> Any:
    """``schema`` with every ``$ref`` replaced by what it names (a discriminator's mapping
    by the names alone), so two documents that name their parts differently compare."""
    if isinstance(schema, list):
        return [_inline(item, definitions) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        return _inline(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions)
    out = {key: _inline(value, definitions) for key, value in schema.items()}
    if isinstance(out.get("discriminator"), dict) and "mapping" in out["discriminator"]:
        mapping = out["discriminator"]["mapping"]
        out["discriminator"] = {
            **out["discriminator"],
            "mapping": {k: v.rsplit("/", 1)[-1] for k, v in mapping.items()},
        }
    return out


def _without_none(schema: Any) -> Any:
    """``schema`` as FastAPI writes it into its document: without the keys set to None (a
    ``"default": None`` is left out there)."""
    if isinstance(schema, list):
        return [_without_none(item) for item in schema]
    if isinstance(schema, dict):
        return {k: _without_none(v) for k, v in schema.items() if v is not None}
    return schema


def _protocol_schema(shape: Any, mode: str) -> Any:
    if shape is None:
        return None
    schema = TypeAdapter(shape).json_schema(mode=mode)  # type: ignore[arg-type]
    return _without_none(_inline(schema, schema.pop("$defs", {})))


def _service_schema(operation: dict[str, Any], schemas: dict[str, Any], where: str) -> Any:
    if where == "request":
        content = operation.get("requestBody", {}).get("content", {})
    else:
        ok = next(code for code in operation["responses"] if code.startswith("2"))
        content = operation["responses"][ok].get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None:
        return None
    return _inline(schema, schemas)


def _without_title(schema: Any) -> Any:
    """A list's schema without its top-level title (FastAPI names it after the route)."""
    if isinstance(schema, dict) and schema.get("type") == "array":
        return {k: v for k, v in schema.items() if k != "title"}
    return schema


def test_every_office_operation_is_listed(openapi: dict[str, Any]) -> None:
    found = {
        (method, path)
        for path, operations in openapi["paths"].items()
        for method, operation in operations.items()
        if OFFICE_TAGS & set(operation.get("tags", []))
    }
    assert found - NOT_OFFICE == set(OFFICE)


@pytest.mark.parametrize(("method", "path"), sorted(OFFICE), ids=lambda v: str(v))
def test_the_service_sends_and_reads_the_protocol_shape(
    openapi: dict[str, Any], method: str, path: str
) -> None:
    request, reply = OFFICE[method, path]
    operation = openapi["paths"][path][method]
    schemas = openapi["schemas"]
    assert _without_title(_service_schema(operation, schemas, "reply")) == _without_title(
        _protocol_schema(reply, "serialization")
    )
    expected = _protocol_schema(request, "validation")
    assert _service_schema(operation, schemas, "request") == expected
