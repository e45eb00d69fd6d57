"""A push: a batch of sheet versions under one idempotency key, one result per item.

The key is claimed first, in the same transaction as the batch's effects, so a repeated key
finds the stored reply and a concurrent duplicate waits for the first to commit. Each item
runs in its own savepoint: an item that fails, for whatever reason, is undone alone and
reported as ``rejected`` while the others are stored.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.text import Text, text
from fieldapp.domain.validation import FieldProblem, explain
from fieldapp.protocol.push import PushItem, PushReply, PushRequest, PushResult, PushStatus
from sync.core.errors import ApiError, forbidden
from sync.core.times import out_of_range
from sync.crud.changes import pending_mark, pending_rewind
from sync.crud.sheets import SheetRefused, accept_sheet_version
from sync.models.change import PushReceiptRow
from sync.models.user import DeviceRow, UserRow

log = logging.getLogger("sync.push")


def body_hash(request: PushRequest) -> str:
    """The hash of the batch's content (not its bytes: gzip or spacing do not change it)."""
    canonical = json.dumps(request.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def push_batch(session: Session, *, user: UserRow, key: str, request: PushRequest) -> PushReply:
    """Store the batch (or replay the reply stored under ``key``); the caller commits."""
    digest = body_hash(request)
    stored = session.get(PushReceiptRow, (user.id, key))
    if stored is not None:
        return _replay(stored, digest)
    device = session.get(DeviceRow, request.device_id)
    if device is None or device.user_id != user.id:
        raise forbidden(
            "此设备未登记给你，请在此设备上重新登录",
            "this device is not registered to you; sign in again on it",
        )
    receipt = PushReceiptRow(user_id=user.id, key=key, body_hash=digest, reply=None)
    try:
        with session.begin_nested():
            session.add(receipt)
            session.flush()
    except IntegrityError:
        # The same key committed by a concurrent request while this one started.
        stored = session.get(PushReceiptRow, (user.id, key), populate_existing=True)
        if stored is None:
            raise
        return _replay(stored, digest)
    results: list[PushResult | None] = [None] * len(request.sheets)
    # Sheets are locked in id order, so two batches touching the same sheets cannot deadlock.
    order = sorted(range(len(request.sheets)), key=lambda i: str(request.sheets[i].get("sheet_id")))
    for index in order:
        results[index] = _push_item(
            session, user=user, device_id=request.device_id, raw=request.sheets[index]
        )
    reply = PushReply(results=[r for r in results if r is not None])
    receipt.reply = reply.model_dump(mode="json")
    return reply


def _replay(stored: PushReceiptRow, digest: str) -> PushReply:
    if stored.body_hash != digest or stored.reply is None:
        raise ApiError(
            422,
            "idempotency_key_reused",
            text(
                "此 Idempotency-Key 已用于另一批内容，请为新的一批生成新的键",
                "this Idempotency-Key was used for a different batch; make a new key for it",
            ),
        )
    return PushReply.model_validate(stored.reply)


def _push_item(
    session: Session, *, user: UserRow, device_id: str, raw: dict[str, Any]
) -> PushResult:
    sheet_id = raw.get("sheet_id") if isinstance(raw.get("sheet_id"), str) else None
    version = raw.get("version") if type(raw.get("version")) is int else None
    try:
        item = PushItem.model_validate(raw)
    except ValidationError as exc:
        return _rejected(sheet_id, version, _INVALID, explain(exc, PushItem))
    try:
        sheet = JobSheet.model_validate(item.sheet)
    except ValidationError as exc:
        return _rejected(item.sheet_id, item.version, _INVALID, _sheet_problems(exc))
    far_off = out_of_range(sheet)  # a wrong clock: its times would overflow further on
    if far_off is not None:
        return _rejected(item.sheet_id, item.version, _INVALID, _sheet_problems(far_off))
    if sheet.sheet_id != item.sheet_id:
        message = text(
            "条目的报告单编号与报告单内容不一致", "the item's sheet_id differs from the sheet's"
        )
        return _rejected(item.sheet_id, item.version, message)
    for attempt in (1, 2):
        mark = pending_mark(session)
        try:
            with session.begin_nested():
                accepted = accept_sheet_version(
                    session, user=user, device_id=device_id, version=item.version, sheet=sheet
                )
            break
        except SheetRefused as refused:
            pending_rewind(session, mark)
            return _rejected(item.sheet_id, item.version, refused.message)
        except IntegrityError:
            pending_rewind(session, mark)
            # A concurrent batch created the same sheet first: try once more against it.
            if attempt == 2:
                raise
        except SQLAlchemyError:
            raise  # the database itself failed: the whole batch is retried
        except Exception:
            # A bug in a rule must not hold back every other sheet of this phone for good
            # (the phone retries a 5xx for ever): this sheet waits, with the cause logged.
            pending_rewind(session, mark)
            log.exception("sheet %s version %s could not be processed", item.sheet_id, item.version)
            return _rejected(item.sheet_id, item.version, _UNEXPECTED)
    return PushResult(
        sheet_id=item.sheet_id,
        version=item.version,
        status=PushStatus.ACCEPTED,
        message=accepted.message,
        missing_attachments=accepted.missing_attachments,
    )


def _sheet_problems(exc: ValidationError) -> list[FieldProblem]:
    """The problems of the sheet inside an item: their paths start with ``sheet.``."""
    return [p.model_copy(update={"path": f"sheet.{p.path}"}) for p in explain(exc, JobSheet)]


_UNEXPECTED = text(
    "服务器处理这份报告单时出错，已记录，请联系主管",
    "the server failed to process this sheet; it was logged, contact your supervisor",
)
_INVALID = text("报告单内容有误，请按提示修改", "the sheet has problems; fix the fields listed")


def _rejected(
    sheet_id: str | None,
    version: int | None,
    message: Text,
    problems: list[FieldProblem] | None = None,
) -> PushResult:
    return PushResult(
        sheet_id=sheet_id,
        version=version,
        status=PushStatus.REJECTED,
        message=message,
        problems=problems,
    )
