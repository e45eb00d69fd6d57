"""Error replies: every refusal is a 4xx JSON body in the shape of docs/sync-protocol.md.

``{"detail": {"code", "message": {"zh", "en"}, "problems"?}}``. Routes and CRUD functions
raise :class:`ApiError`; :func:`install_error_handlers` turns it, FastAPI's validation errors
and Starlette's HTTP errors into that shape, so a client never has to parse two formats.

Error codes (status): ``bad_request`` (400), ``hash_mismatch`` (400), ``unauthenticated``
(401), ``forbidden`` (403), ``not_found`` (404), ``method_not_allowed`` (405), ``conflict``
(409), ``too_large`` (413), ``unsupported_media_type`` (415), ``validation_error`` (422),
``idempotency_key_reused`` (422), ``too_many_attempts`` (429), ``busy`` (503, retry); and for
the back office, all 409: ``stale_decision``, ``already_reviewed``, ``not_submitted``,
``bad_state_change``, ``attachments_missing``.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from fieldapp.domain.text import Text, text
from fieldapp.domain.validation import FieldProblem, explain

log = logging.getLogger("sync.errors")


class ApiError(Exception):
    """A refusal with its HTTP status, code and bilingual message."""

    def __init__(
        self,
        status: int,
        code: str,
        message: Text,
        *,
        problems: list[FieldProblem] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{code}: {message.en}")
        self.status = status
        self.code = code
        self.message = message
        self.problems = problems
        self.headers = headers

    def body(self) -> dict[str, Any]:
        """The JSON reply body."""
        return error_body(self.code, self.message, self.problems)


def error_body(
    code: str, message: Text, problems: list[FieldProblem] | None = None
) -> dict[str, Any]:
    detail: dict[str, Any] = {"code": code, "message": message.model_dump()}
    if problems is not None:
        detail["problems"] = [p.model_dump() for p in problems]
    return {"detail": detail}


def not_found(zh: str, en: str) -> ApiError:
    """404: the thing does not exist, or is not this user's to see (we do not say which)."""
    return ApiError(404, "not_found", text(f"找不到{zh}", f"{en} not found"))


def forbidden(zh: str, en: str) -> ApiError:
    return ApiError(403, "forbidden", text(zh, en))


def conflict(zh: str, en: str) -> ApiError:
    return ApiError(409, "conflict", text(zh, en))


def bad_request(zh: str, en: str) -> ApiError:
    return ApiError(400, "bad_request", text(zh, en))


def invalid(exc: ValidationError, model: type[BaseModel]) -> ApiError:
    """422 with the field-named problems of a pydantic error."""
    return ApiError(
        422,
        "validation_error",
        text("提交的内容有误，请按提示修改", "the request has problems; fix the fields listed"),
        problems=explain(exc, model),
    )


_STATUS_CODES = {
    400: ("bad_request", "请求无法处理", "the request cannot be processed"),
    401: ("unauthenticated", "请先登录", "sign in first"),
    403: ("forbidden", "无权执行此操作", "you are not allowed to do this"),
    404: ("not_found", "找不到该地址", "no such address"),
    405: ("method_not_allowed", "不支持此请求方法", "this method is not allowed here"),
    413: ("too_large", "请求内容过大", "the request body is too large"),
    415: ("unsupported_media_type", "不支持的内容类型", "unsupported content type"),
}


def install_error_handlers(app: FastAPI) -> None:
    """Make every error reply, expected or not, use the protocol's error shape."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _request_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        error = request_problems(request, exc)
        return JSONResponse(error.body(), status_code=error.status)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, zh, en = _STATUS_CODES.get(
            exc.status_code, ("error", "请求无法处理", "the request cannot be processed")
        )
        body = error_body(code, text(zh, en))
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(IntegrityError)
    async def _race(_request: Request, exc: IntegrityError) -> JSONResponse:
        # Two requests created the same thing at the same moment and the database kept one;
        # the routes handle the expected races, this catches any other one honestly.
        log.warning("integrity conflict: %s", exc.orig)
        body = error_body(
            "conflict",
            text(
                "数据刚被另一请求修改，请重试", "changed by another request at the same time; retry"
            ),
        )
        return JSONResponse(body, status_code=409)

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeoutError)
    async def _busy(_request: Request, exc: Exception) -> JSONResponse:
        # Lock timeouts, deadlocks and lost connections are the server's trouble, not the
        # client's input: a 503 tells the app to retry later, and nothing was half-written.
        log.warning("database busy or unavailable: %s", exc)
        body = error_body(
            "busy", text("服务繁忙，请稍后重试", "the service is busy; retry shortly")
        )
        return JSONResponse(body, status_code=503, headers={"Retry-After": "2"})

    @app.exception_handler(Exception)
    async def _bug(_request: Request, exc: Exception) -> JSONResponse:
        # A bug, never an answer to input: the tests fuzz the API so that this stays unused.
        log.exception("unexpected error", exc_info=exc)
        body = error_body("internal_error", text("服务内部错误", "internal error"))
        return JSONResponse(body, status_code=500)


def request_problems(request: Request, exc: RequestValidationError) -> ApiError:
    """Turn FastAPI's validation error into ``validation_error`` (or ``bad_request``)."""
    errors = list(exc.errors())
    if any(err.get("type") == "json_invalid" for err in errors):
        return bad_request("请求内容不是有效的 JSON", "the request body is not valid JSON")
    problems = [_problem(request, err) for err in errors]
    return ApiError(
        422,
        "validation_error",
        text("提交的内容有误，请按提示修改", "the request has problems; fix the fields listed"),
        problems=problems,
    )


_WHERE = {
    "query": ("查询参数", "query parameter"),
    "path": ("地址参数", "path parameter"),
    "header": ("请求头", "header"),
    "cookie": ("Cookie", "cookie"),
}


def _problem(request: Request, err: dict[str, Any]) -> FieldProblem:
    loc = tuple(err.get("loc", ()))
    where, rest = (loc[0], loc[1:]) if loc else ("body", ())
    model = _body_model(request) if where == "body" else None
    try:
        synthetic = ValidationError.from_exception_data(
            "request",
            [
                {
                    "type": err["type"],
                    "loc": rest,
                    "input": err.get("input"),
                    "ctx": err.get("ctx") or {},
                }
            ],
        )
        found = explain(synthetic, model or _Unnamed)[0]
    except Exception:  # an error type pydantic cannot rebuild: keep its own words
        msg = str(err.get("msg", "is not valid"))
        found = FieldProblem(
            path="", field=text("表单", "Form"), message=text(f"填写有误（{msg}）", msg)
        )
    path = ".".join(str(p) for p in loc)
    if model is None and rest:
        zh, en = _WHERE.get(str(where), ("参数", "parameter"))
        name = ".".join(str(p) for p in rest)
        return FieldProblem(
            path=path, field=text(f"{zh} {name}", f"{en} {name}"), message=found.message
        )
    if not rest:
        return FieldProblem(
            path=path, field=text("请求内容", "Request body"), message=found.message
        )
    return FieldProblem(path=path, field=found.field, message=found.message)


class _Unnamed(BaseModel):
    pass


def _body_model(request: Request) -> type[BaseModel] | None:
    route = request.scope.get("route")
    field = getattr(route, "body_field", None)
    annotation = getattr(getattr(field, "field_info", None), "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


class ErrorDetail(BaseModel):
    code: str
    message: Text
    problems: list[FieldProblem] | None = None


class ErrorReply(BaseModel):
    """The body of every error reply."""

    detail: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorReply, "description": description}
    for status, description in {
        400: "bad request (undecodable body, hash mismatch)",
        401: "not signed in, or the token expired",
        403: "not allowed for this role or device",
        404: "not found, or not yours to see",
        409: "conflict with the current state",
        413: "body too large",
        415: "unsupported content type",
        422: "validation error: the problems name the fields",
        429: "too many failed sign-ins; see Retry-After",
        503: "busy; retry after Retry-After",
    }.items()
}
