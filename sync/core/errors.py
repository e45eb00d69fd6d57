"""Error replies: every refusal is a 4xx JSON body in the shape of docs/sync-protocol.md.

``{"detail": {"code", "message": {"zh", "en"}, "problems"?}}`` (:class:`ErrorReply` of the
protocol). Routes and CRUD functions raise :class:`ApiError`, made by the helper of its code
(:func:`not_found`, :func:`conflict`, ...): the code decides the HTTP status, in one table
(:data:`STATUS`). :func:`install_error_handlers` turns it, FastAPI's validation errors and
Starlette's HTTP errors into that shape, so a client never has to parse two formats.
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
from fieldapp.domain.validation import FieldProblem, explain, field_name, problem
from fieldapp.protocol.errors import ErrorCode, ErrorReply

log = logging.getLogger("sync.errors")

STATUS: dict[ErrorCode, int] = {
    ErrorCode.BAD_REQUEST: 400,
    ErrorCode.HASH_MISMATCH: 400,
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.METHOD_NOT_ALLOWED: 405,
    ErrorCode.CONFLICT: 409,
    ErrorCode.STALE_DECISION: 409,
    ErrorCode.ALREADY_REVIEWED: 409,
    ErrorCode.NOT_SUBMITTED: 409,
    ErrorCode.BAD_STATE_CHANGE: 409,
    ErrorCode.ATTACHMENTS_MISSING: 409,
    ErrorCode.TOO_LARGE: 413,
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: 415,
    ErrorCode.VALIDATION_ERROR: 422,
    ErrorCode.IDEMPOTENCY_KEY_REUSED: 422,
    ErrorCode.TOO_MANY_ATTEMPTS: 429,
    ErrorCode.INTERNAL_ERROR: 500,
    ErrorCode.BUSY: 503,
}


class ApiError(Exception):
    """A refusal with its code (which gives the HTTP status) and bilingual message."""

    def __init__(
        self,
        code: ErrorCode,
        message: Text,
        *,
        problems: list[FieldProblem] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{code}: {message.en}")
        self.status = STATUS[code]
        self.code = code
        self.message = message
        self.problems = problems
        self.headers = headers

    def body(self) -> dict[str, Any]:
        """The JSON reply body."""
        return error_body(self.code, self.message, self.problems)


def error_body(
    code: ErrorCode, message: Text, problems: list[FieldProblem] | None = None
) -> dict[str, Any]:
    """The protocol's error body (``problems`` only when given)."""
    detail: dict[str, Any] = {"code": code.value, "message": message.model_dump()}
    if problems is not None:
        detail["problems"] = [p.model_dump() for p in problems]
    return {"detail": detail}


def bad_request(zh: str, en: str) -> ApiError:
    """400: the request cannot be read (body, part or parameter beyond repair)."""
    return ApiError(ErrorCode.BAD_REQUEST, text(zh, en))


def hash_mismatch(zh: str, en: str) -> ApiError:
    """400: the bytes are not those the SHA-256 in the path names."""
    return ApiError(ErrorCode.HASH_MISMATCH, text(zh, en))


def unauthenticated(zh: str, en: str) -> ApiError:
    """401: not signed in, or the sign-in no longer holds; the app asks to sign in again."""
    return ApiError(ErrorCode.UNAUTHENTICATED, text(zh, en), headers={"WWW-Authenticate": "Bearer"})


def forbidden(zh: str, en: str) -> ApiError:
    """403: not allowed for this role or device."""
    return ApiError(ErrorCode.FORBIDDEN, text(zh, en))


def not_found(zh: str, en: str) -> ApiError:
    """404: the thing does not exist, or is not this user's to see (we do not say which)."""
    return ApiError(ErrorCode.NOT_FOUND, text(f"找不到{zh}", f"{en} not found"))


def conflict(zh: str, en: str) -> ApiError:
    """409: the request conflicts with the current state (a stale screen, a lent unit, ...)."""
    return ApiError(ErrorCode.CONFLICT, text(zh, en))


def stale_decision(zh: str, en: str) -> ApiError:
    """409: a review decision on a sheet version the technician has since replaced."""
    return ApiError(ErrorCode.STALE_DECISION, text(zh, en))


def already_reviewed(zh: str, en: str) -> ApiError:
    """409: someone else decided on this sheet version first."""
    return ApiError(ErrorCode.ALREADY_REVIEWED, text(zh, en))


def not_submitted(zh: str, en: str) -> ApiError:
    """409: the sheet is not signed and submitted yet, so it cannot be reviewed."""
    return ApiError(ErrorCode.NOT_SUBMITTED, text(zh, en))


def bad_state_change(zh: str, en: str) -> ApiError:
    """409: the thing (a unit at the service centre) cannot move from its state to that one."""
    return ApiError(ErrorCode.BAD_STATE_CHANGE, text(zh, en))


def attachments_missing(zh: str, en: str) -> ApiError:
    """409: the request names files this user has not uploaded yet (a loaner's return photos)."""
    return ApiError(ErrorCode.ATTACHMENTS_MISSING, text(zh, en))


def too_large(zh: str, en: str) -> ApiError:
    """413: over a size limit."""
    return ApiError(ErrorCode.TOO_LARGE, text(zh, en))


def unsupported_media_type(zh: str, en: str) -> ApiError:
    """415: a content type or encoding the route does not take."""
    return ApiError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, text(zh, en))


_CHECK_FIELDS = text(
    "提交的内容有误，请按提示修改", "the request has problems; fix the fields listed"
)


def unprocessable(zh: str, en: str) -> ApiError:
    """422 ``validation_error`` for a rule no single field breaks (the message says what)."""
    return ApiError(ErrorCode.VALIDATION_ERROR, text(zh, en))


def validation_error(problems: list[FieldProblem]) -> ApiError:
    """422 ``validation_error`` naming each field with what to fix."""
    return ApiError(ErrorCode.VALIDATION_ERROR, _CHECK_FIELDS, problems=problems)


def field_refusal(model: type[BaseModel], problems: dict[str, Text]) -> ApiError:
    """422 naming each field of ``model`` at its dotted path (a rule the model alone cannot
    check: a time against now, a ticket that does not exist) with what to fix."""
    return validation_error(
        [
            FieldProblem(path=path, field=field_name(model, path), message=message)
            for path, message in problems.items()
        ]
    )


def invalid(exc: ValidationError, model: type[BaseModel]) -> ApiError:
    """422 with the field-named problems of a pydantic error."""
    return validation_error(explain(exc, model))


def idempotency_key_reused(zh: str, en: str) -> ApiError:
    """422: the push's Idempotency-Key was used for a different batch."""
    return ApiError(ErrorCode.IDEMPOTENCY_KEY_REUSED, text(zh, en))


def too_many_attempts(zh: str, en: str, *, retry_after: int) -> ApiError:
    """429: wait ``retry_after`` seconds (failed sign-ins)."""
    return ApiError(
        ErrorCode.TOO_MANY_ATTEMPTS, text(zh, en), headers={"Retry-After": str(retry_after)}
    )


def busy(
    zh: str = "服务繁忙，请稍后重试",
    en: str = "the service is busy; retry shortly",
    *,
    retry_after: int = 2,
) -> ApiError:
    """503: the service cannot answer now (by default: the database was momentarily
    unavailable); nothing was written, retry after ``retry_after`` seconds."""
    return ApiError(ErrorCode.BUSY, text(zh, en), headers={"Retry-After": str(retry_after)})


def internal_error() -> ApiError:
    """500: a bug, never an answer to input."""
    return ApiError(ErrorCode.INTERNAL_ERROR, text("服务内部错误", "internal error"))


# Starlette's own refusals (unknown path, wrong method, ...), in the protocol's words.
_HTTP_ERRORS: dict[int, tuple[ErrorCode, str, str]] = {
    400: (ErrorCode.BAD_REQUEST, "请求无法处理", "the request cannot be processed"),
    401: (ErrorCode.UNAUTHENTICATED, "请先登录", "sign in first"),
    403: (ErrorCode.FORBIDDEN, "无权执行此操作", "you are not allowed to do this"),
    404: (ErrorCode.NOT_FOUND, "找不到该地址", "no such address"),
    405: (ErrorCode.METHOD_NOT_ALLOWED, "不支持此请求方法", "this method is not allowed here"),
    413: (ErrorCode.TOO_LARGE, "请求内容过大", "the request body is too large"),
    415: (ErrorCode.UNSUPPORTED_MEDIA_TYPE, "不支持的内容类型", "unsupported content type"),
}


def error_response(error: ApiError, *, close: bool = False) -> JSONResponse:
    """The reply for ``error``; ``close``: the connection is closed after it."""
    headers = {**(error.headers or {}), **({"Connection": "close"} if close else {})}
    return JSONResponse(error.body(), status_code=error.status, headers=headers or None)


def install_error_handlers(app: FastAPI) -> None:
    """Make every error reply, expected or not, use the protocol's error shape."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _request_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(request_problems(request, exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, zh, en = _HTTP_ERRORS.get(
            exc.status_code,
            (ErrorCode.BAD_REQUEST, "请求无法处理", "the request cannot be processed"),
        )
        body = error_body(code, text(zh, en))
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(IntegrityError)
    async def _race(_request: Request, exc: IntegrityError) -> JSONResponse:
        # Two requests created the same thing at the same moment and the database kept one;
        # the routes handle the expected races, this catches any other one honestly.
        log.warning("integrity conflict: %s", exc.orig)
        return error_response(
            conflict(
                "数据刚被另一请求修改，请重试", "changed by another request at the same time; retry"
            )
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeoutError)
    async def _busy(_request: Request, exc: Exception) -> JSONResponse:
        # Lock timeouts, deadlocks and lost connections are the server's trouble, not the
        # client's input: a 503 tells the app to retry later, and nothing was half-written.
        log.warning("database busy or unavailable: %s", exc)
        return error_response(busy())

    @app.exception_handler(Exception)
    async def _bug(_request: Request, exc: Exception) -> JSONResponse:
        # The last resort, for a bug in a middleware outside sync.core.server_errors (the
        # routes' bugs are answered there). Starlette raises the exception again after this
        # reply and the server then drops the connection: say so, so that a client keeping
        # it alive does not send its next request down it.
        log.exception("unexpected error", exc_info=exc)
        return error_response(internal_error(), close=True)


def request_problems(request: Request, exc: RequestValidationError) -> ApiError:
    """Turn FastAPI's validation error into ``validation_error`` (or ``bad_request``)."""
    errors = list(exc.errors())
    if any(err.get("type") == "json_invalid" for err in errors):
        return bad_request("请求内容不是有效的 JSON", "the request body is not valid JSON")
    return validation_error([_problem(request, err) for err in errors])


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
        ctx = err.get("ctx") or {}
        # A rule of the domain (fieldapp.domain.validation.problem) is a custom error type,
        # which pydantic rebuilds only from the error itself.
        kind = problem(str(ctx["zh"]), str(ctx["en"])) if err["type"] == "fieldapp" else err["type"]
        synthetic = ValidationError.from_exception_data(
            "request",
            [
                {
                    "type": kind,
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
