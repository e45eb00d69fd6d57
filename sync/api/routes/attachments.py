"""Attachments by content hash: upload (alone or in a batch), ask what is missing, read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from fieldapp.domain.text import text
from fieldapp.protocol.attachments import (
    BatchResult,
    BatchStatus,
    BatchUploadReply,
    MissingReply,
    MissingRequest,
    StoredReply,
    StoredStatus,
)
from fieldapp.protocol.patterns import MAX_BATCH_FILES, SHA256_PATTERN
from sync.api.deps import CurrentUser, ReadSession, SettingsDep, WriteSession
from sync.core.errors import ApiError, bad_request
from sync.crud import attachments as crud
from sync.models.user import UserRow

router = APIRouter(prefix="/attachments", tags=["attachments"])
Sha256 = Annotated[
    str, Path(pattern=SHA256_PATTERN, description="SHA-256 of the bytes, lower-case hex")
]

_IMAGE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "image/png": {"schema": {"type": "string", "format": "binary"}},
            "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}
_MULTIPART_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "additionalProperties": {"type": "string", "format": "binary"},
                }
            }
        },
    }
}


@router.put(
    "/{sha256}",
    response_model=StoredReply,
    responses={201: {"model": StoredReply, "description": "stored"}},
    openapi_extra=_IMAGE_BODY,
)
async def upload(
    sha256: Sha256,
    request: Request,
    user: CurrentUser,
    session: WriteSession,
    settings: SettingsDep,
) -> Response:
    """Store the bytes under their hash: ``201`` when new, ``200`` when already held."""
    content = await request.body()  # already read and size-checked by the request guard
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    created = await run_in_threadpool(
        _store_one, session, user, sha256, content, content_type, settings.attachment_max_bytes
    )
    reply = StoredReply(
        sha256=sha256,
        size=len(content),
        status=StoredStatus.STORED if created else StoredStatus.ALREADY,
    )
    return Response(
        reply.model_dump_json(), status_code=201 if created else 200, media_type="application/json"
    )


def _store_one(
    session: Session, user: UserRow, sha256: str, content: bytes, content_type: str, limit: int
) -> bool:
    created = crud.store_attachment(
        session, sha256=sha256, content=content, content_type=content_type, user=user, limit=limit
    )
    session.commit()
    return created


@router.post("/missing", response_model=MissingReply)
def missing(body: MissingRequest, _: CurrentUser, session: ReadSession) -> MissingReply:
    """Which of these hashes the service does not hold yet (so the phone uploads only those)."""
    return MissingReply(missing=crud.missing_hashes(session, body.hashes))


@router.post("/batch", response_model=BatchUploadReply, openapi_extra=_MULTIPART_BODY)
async def upload_batch(
    request: Request, user: CurrentUser, session: WriteSession, settings: SettingsDep
) -> BatchUploadReply:
    """Many small files at once: one ``multipart/form-data`` part per file, named by its hash."""
    try:
        form = await request.form(max_files=MAX_BATCH_FILES, max_fields=MAX_BATCH_FILES)
    except StarletteHTTPException as exc:
        raise bad_request(
            "multipart 内容无法解析", f"the multipart body cannot be read: {exc.detail}"
        ) from exc
    parts: list[tuple[str, bytes | None, str]] = []
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            parts.append((name, await value.read(), (value.content_type or "").lower()))
        else:
            parts.append((name, None, ""))
    await form.close()
    return await run_in_threadpool(
        _store_parts, session, user, parts, settings.attachment_max_bytes
    )


def _store_parts(
    session: Session, user: UserRow, parts: list[tuple[str, bytes | None, str]], limit: int
) -> BatchUploadReply:
    results: list[BatchResult] = []
    for name, content, content_type in parts:
        if content is None:
            error = ApiError(400, "bad_request", text("此部分不是文件", "this part is not a file"))
            results.append(
                BatchResult(sha256=name[:64], status=BatchStatus.REJECTED, message=error.message)
            )
            continue
        try:
            created = crud.store_attachment(
                session,
                sha256=name,
                content=content,
                content_type=content_type,
                user=user,
                limit=limit,
            )
        except ApiError as error:
            results.append(
                BatchResult(sha256=name[:64], status=BatchStatus.REJECTED, message=error.message)
            )
            continue
        results.append(
            BatchResult(sha256=name, status=BatchStatus.STORED if created else BatchStatus.ALREADY)
        )
    session.commit()
    return BatchUploadReply(results=results)


@router.get(
    "/{sha256}",
    response_class=Response,
    responses={200: {"content": {"image/png": {}, "image/jpeg": {}}}},
)
def download(sha256: Sha256, user: CurrentUser, session: ReadSession) -> Response:
    """The bytes; a technician may read only attachments of their own sheets."""
    row, content = crud.readable_attachment(session, user=user, sha256=sha256)
    headers = {"ETag": f'"{sha256}"', "Cache-Control": "private, max-age=31536000, immutable"}
    return Response(content, media_type=row.content_type, headers=headers)
