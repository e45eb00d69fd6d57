"""A guard in front of every route: body size limits, gzip bodies, content types, UTF-8.

It reads the request body before any route does, so that a huge, badly compressed, wrongly
typed or non-UTF-8 body is refused with a precise 4xx instead of reaching the JSON parser.
A gzip body (``Content-Encoding: gzip``) is inflated here, with a limit on the inflated
size so a small "zip bomb" cannot fill the memory.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.core.errors import (
    ApiError,
    bad_request,
    too_large,
    unsupported_media_type,
)

_ATTACHMENT_PUT = re.compile(r"^/api/v1/attachments/[^/]+$")
JSON_TYPES = ("application/json",)
IMAGE_TYPES = ("image/jpeg", "image/png")
# The customer's progress page (sync/api/routes/track.py) posts HTML forms.
FORM_PATHS = ("/track", "/track/complaint")
FORM_TYPES = ("application/x-www-form-urlencoded",)


class RequestGuard:
    """ASGI middleware; ``limit_for(method, path)`` gives the body size limit in bytes."""

    def __init__(self, app: ASGIApp, *, limit_for: Callable[[str, str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            body, headers = await self._read(scope, receive)
        except ApiError as refused:
            await _reply(send, refused)
            return
        scope = dict(scope, headers=headers)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _read(
        self, scope: Scope, receive: Receive
    ) -> tuple[bytes, list[tuple[bytes, bytes]]]:
        method, path = scope["method"], scope["path"]
        if "\x00" in path or b"%00" in scope.get("query_string", b"").lower():
            raise bad_request(
                "地址中不能含有空字符", "the address cannot contain the NUL character"
            )
        limit = self.limit_for(method, path)
        headers = {k.lower(): v for k, v in scope["headers"]}
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            raise _too_large(limit)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise _too_large(limit)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        encoding = headers.get(b"content-encoding", b"identity").decode("latin-1").strip().lower()
        if encoding == "gzip" and body:
            body = _gunzip(body, limit)
        elif encoding not in ("identity", "", "gzip"):
            raise unsupported_media_type(
                f"不支持的压缩方式 {encoding}", f"unsupported Content-Encoding {encoding}; use gzip"
            )
        if body:
            _check_type(method, path, headers.get(b"content-type", b"").decode("latin-1"), body)
        kept = [
            (k, v)
            for k, v in scope["headers"]
            if k.lower() not in (b"content-encoding", b"content-length")
        ]
        kept.append((b"content-length", str(len(body)).encode()))
        return body, kept


def _gunzip(body: bytes, limit: int) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, limit + 1)
        if len(out) > limit or inflater.unconsumed_tail:
            raise _too_large(limit)
        if not inflater.eof:
            raise zlib.error("truncated")
    except zlib.error as exc:
        raise bad_request("gzip 压缩内容已损坏", f"the gzip body is damaged ({exc})") from exc
    return out


def _check_type(method: str, path: str, content_type: str, body: bytes) -> None:
    media = content_type.split(";")[0].strip().lower()
    if method == "PUT" and _ATTACHMENT_PUT.match(path):
        wanted: tuple[str, ...] = IMAGE_TYPES
    elif path == "/api/v1/attachments/batch":
        wanted = ("multipart/form-data",)
    elif path in FORM_PATHS:
        wanted = FORM_TYPES
    else:
        wanted = JSON_TYPES
    if media not in wanted:
        raise unsupported_media_type(
            f"内容类型应为 {' 或 '.join(wanted)}，收到的是 {media or '空'}",
            f"Content-Type must be {' or '.join(wanted)}, not {media or 'missing'}",
        )
    if wanted == JSON_TYPES:
        _check_json(body)


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{literal} is too large")
    return value


# Larger integers lose precision in JavaScript clients and overflow database columns.
MAX_JSON_INT = 2**53


def _bounded_int(literal: str) -> int:
    value = int(literal)
    if abs(value) > MAX_JSON_INT:
        raise ValueError(f"{literal[:20]} is beyond ±2^53")
    return value


# No request of the protocol nests deeper than about ten levels; a deeper body is refused
# before anything else walks it (a walk by recursion would run out of stack).
MAX_JSON_DEPTH = 64


def _depth(value: object) -> int:
    """How deeply arrays and objects nest in ``value`` (a scalar is depth 0), without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: list[object] = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _too_deep() -> ApiError:
    return bad_request(
        f"请求内容嵌套层数过多（最多 {MAX_JSON_DEPTH} 层）",
        f"the body is nested too deeply (at most {MAX_JSON_DEPTH} levels)",
    )


def _check_json(body: bytes) -> None:
    """Valid UTF-8, valid JSON no deeper than :data:`MAX_JSON_DEPTH`, finite numbers, no NUL
    characters or lone surrogates.

    Databases refuse the last two (PostgreSQL cannot store NUL in text), so they are refused
    here with a clear message rather than failing later inside a transaction.
    """
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise bad_request(
            f"请求内容不是有效的 UTF-8（第 {exc.start} 字节）",
            f"the body is not valid UTF-8 (byte {exc.start})",
        ) from exc
    try:
        parsed = json.loads(
            decoded,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
            parse_int=_bounded_int,
        )
    except RecursionError as exc:  # thousands deep: the parser ran out of stack
        raise _too_deep() from exc
    except json.JSONDecodeError as exc:
        raise bad_request(
            f"请求内容不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）",
            f"the body is not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})",
        ) from exc
    except ValueError as exc:
        raise bad_request(f"数字无效：{exc}", f"invalid number: {exc}") from exc
    if _depth(parsed) > MAX_JSON_DEPTH:
        raise _too_deep()
    if "\\u0000" in decoded:
        raise bad_request(
            "内容中不能含有空字符 \\u0000", "text cannot contain the NUL character \\u0000"
        )
    try:
        json.dumps(parsed, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise bad_request(
            "内容中含有无效的 Unicode 字符", "the text contains invalid Unicode (lone surrogate)"
        ) from exc


def _too_large(limit: int) -> ApiError:
    mib = limit / (1024 * 1024)
    return too_large(f"请求内容超过 {mib:g} MiB 上限", f"the body is over the {mib:g} MiB limit")


async def _reply(send: Send, refused: ApiError) -> None:
    # The body may not have been read to its end: the connection is closed after the reply.
    payload = json.dumps(refused.body(), ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": refused.status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
