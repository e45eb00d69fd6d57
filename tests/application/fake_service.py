"""A service played by a plain function, for application tests without a server.

Built on the sync client's :class:`~fieldapp.sync_client.FunctionAdapter`: a handler here
takes ``(method, path, json body)`` and returns ``(status, json, headers)``, or raises
``requests.ConnectionError`` to play a service that cannot be reached. Real HTTP runs in the
browser and sync-client tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests

from fieldapp.sync_client import reply
from fieldapp.sync_client import session_for as client_session_for
from fieldapp.sync_client.transport import request_json

Reply = tuple[int, Any, dict[str, str]]
Handler = Callable[[str, str, Any], Reply]


def session_for(handler: Handler) -> Callable[[], requests.Session]:
    """A session factory whose sessions all go to ``handler``."""

    def answer(request: requests.PreparedRequest) -> requests.Response:
        path = (request.path_url or "").split("?")[0].removeprefix("/api/v1")
        status, data, headers = handler(str(request.method), path, request_json(request))
        return reply(request, data, status=status, headers=headers)

    return lambda: client_session_for(answer)


def login_reply(role: str = "technician", user_id: str = "u-tech1") -> dict[str, Any]:
    return {
        "access_token": "token-1",
        "token_type": "bearer",
        "expires_at": "2099-01-01T00:00:00+00:00",
        "user": {
            "id": user_id,
            "username": "tech1",
            "display_name": "张伟",
            "role": role,
            "active": True,
            "service_centre": "上海浦东服务中心",
        },
    }


def error(status: int, zh: str, en: str, headers: dict[str, str] | None = None) -> Reply:
    """An error reply in the protocol's shape, with the code the service gives that status."""
    code = {
        401: "unauthenticated",
        403: "forbidden",
        404: "not_found",
        409: "conflict",
        422: "validation_error",
        429: "too_many_attempts",
        503: "busy",
    }.get(status, "internal_error" if status >= 500 else "bad_request")
    return status, {"detail": {"code": code, "message": {"zh": zh, "en": en}}}, headers or {}


def technician_service(password: str = "right") -> Handler:
    """Signs in ``tech1`` with ``password``; empty pulls; accepts every push."""

    def handle(method: str, path: str, body: Any) -> Reply:
        if path == "/auth/login":
            if body["password"] != password:
                return error(401, "用户名或密码不正确", "wrong username or password")
            return 200, login_reply(), {}
        if path == "/sync/pull":
            return 200, {"changes": [], "cursor": "c1", "has_more": False}, {}
        if path == "/sync/push":
            results = [
                {
                    "sheet_id": item["sheet_id"],
                    "version": item["version"],
                    "status": "accepted",
                    "missing_attachments": [],
                }
                for item in body.get("sheets", [])
            ]
            return 200, {"results": results}, {}
        if path.startswith("/serials/"):
            return 200, {"serial": path.split("/")[2], "visits": [], "replacement": None}, {}
        return 404, {"detail": {"code": "not_found"}}, {}

    return handle
