"""Attachments: stored by content hash (idempotent), counted and read per uploader.

The bytes are stored once, but a file counts for a technician only once he uploaded those
bytes himself (:class:`~sync.models.attachment.AttachmentUploaderRow`): a sheet of his naming
a file he never uploaded has it missing, the missing-check answers about his own uploads
only, and he reads only files he uploaded. Knowing a hash therefore opens nothing and tells
nothing. Supervisors, clerks and admins, who may open any technician's sheet, read the files
a sheet references once that sheet's technician uploaded them, and a loaner's return photos
once the staff member who recorded the return uploaded them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import Exists, ScalarSelect, and_, delete, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sync.core.errors import (
    ApiError,
    bad_request,
    hash_mismatch,
    not_found,
    too_large,
    unsupported_media_type,
)
from sync.models.attachment import (
    AttachmentBlobRow,
    AttachmentRow,
    AttachmentUploaderRow,
    SheetAttachmentRow,
)
from sync.models.loaner import LoanPhotoRow
from sync.models.sheet import SheetRow
from sync.models.user import Role, UserRow

_MAGIC = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}


def content_problem(
    *, sha256: str, content: bytes, content_type: str, limit: int
) -> ApiError | None:
    """Why these bytes cannot be stored under ``sha256``, or None when they can."""
    if len(content) > limit:
        mib = limit / (1024 * 1024)
        return too_large(f"文件超过 {mib:g} MiB 上限", f"the file is over the {mib:g} MiB limit")
    if not content:
        return bad_request("文件为空", "the file is empty")
    actual = hashlib.sha256(content).hexdigest()
    if actual != sha256:
        return hash_mismatch(
            f"文件校验值不符：内容的 SHA-256 是 {actual}",
            f"hash mismatch: the content's SHA-256 is {actual}",
        )
    magic = _MAGIC.get(content_type)
    if magic is None:
        return unsupported_media_type(
            f"只接受 JPEG 或 PNG 图片，收到的是 {content_type or '空'}",
            f"only JPEG or PNG images are accepted, not {content_type or 'none'}",
        )
    if not content.startswith(magic):
        return unsupported_media_type(
            f"文件内容不是 {content_type} 图片", f"the content is not a {content_type} image"
        )
    return None


def store_attachment(
    session: Session, *, sha256: str, content: bytes, content_type: str, user: UserRow, limit: int
) -> bool:
    """Store the bytes as uploaded by ``user``; True when new for him, False when he had
    uploaded them before (whether anyone else had is not told)."""
    problem = content_problem(
        sha256=sha256, content=content, content_type=content_type, limit=limit
    )
    if problem is not None:
        raise problem
    for attempt in (1, 2):
        try:
            with session.begin_nested():
                if session.get(AttachmentUploaderRow, (sha256, user.id)) is not None:
                    return False
                if session.get(AttachmentRow, sha256) is None:
                    session.add(
                        AttachmentRow(
                            sha256=sha256,
                            size=len(content),
                            content_type=content_type,
                            uploaded_by=user.id,
                        )
                    )
                    session.flush()
                    session.add(AttachmentBlobRow(sha256=sha256, content=content))
                session.add(AttachmentUploaderRow(sha256=sha256, user_id=user.id))
                session.flush()
            return True
        except IntegrityError:
            # The same file arrived at the same moment (from him or from someone else): the
            # other upload has committed now, so look again once.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def missing_hashes(session: Session, hashes: Iterable[str], *, uploader_id: int) -> list[str]:
    """Those of ``hashes`` that ``uploader_id`` has not uploaded, in the order given, once each."""
    wanted = list(dict.fromkeys(hashes))
    if not wanted:
        return []
    have = set(
        session.scalars(
            select(AttachmentUploaderRow.sha256).where(
                AttachmentUploaderRow.user_id == uploader_id,
                AttachmentUploaderRow.sha256.in_(wanted),
            )
        )
    )
    return [h for h in wanted if h not in have]


def _uploaded_by_sheet_technician() -> Exists:
    """For the enclosing query's ``SheetAttachmentRow`` and ``SheetRow``: whether the sheet's
    technician uploaded that file."""
    return (
        exists()
        .where(
            AttachmentUploaderRow.sha256 == SheetAttachmentRow.sha256,
            AttachmentUploaderRow.user_id == SheetRow.technician_id,
        )
        .correlate(SheetAttachmentRow, SheetRow)
    )


def readable_attachment(
    session: Session, *, user: UserRow, sha256: str
) -> tuple[AttachmentRow, bytes]:
    """The attachment and its bytes if this user may read it (otherwise 404, not 403)."""
    row = session.get(AttachmentRow, sha256)
    if row is not None and not _may_read(session, user=user, sha256=sha256):
        row = None
    if row is None:
        raise not_found("附件", "Attachment")
    blob = session.get(AttachmentBlobRow, sha256)
    assert blob is not None  # written in the same transaction as the row
    return row, blob.content


def _may_read(session: Session, *, user: UserRow, sha256: str) -> bool:
    if session.get(AttachmentUploaderRow, (sha256, user.id)) is not None:
        return True
    if user.role == Role.TECHNICIAN:  # opens only his own sheets: his own uploads
        return False
    referenced = session.scalar(
        select(SheetAttachmentRow.sheet_id)
        .join(SheetRow, SheetRow.sheet_id == SheetAttachmentRow.sheet_id)
        .where(SheetAttachmentRow.sha256 == sha256, _uploaded_by_sheet_technician())
        .limit(1)
    )
    if referenced is not None:
        return True
    # A loaner's return photo, uploaded by the staff member who recorded the return.
    returned = session.scalar(
        select(LoanPhotoRow.loan_id)
        .where(
            LoanPhotoRow.sha256 == sha256,
            exists().where(
                AttachmentUploaderRow.sha256 == LoanPhotoRow.sha256,
                AttachmentUploaderRow.user_id == LoanPhotoRow.recorded_by,
            ),
        )
        .limit(1)
    )
    return returned is not None


def link_sheet(session: Session, *, sheet: SheetRow, hashes: list[str]) -> list[str]:
    """Record which attachments ``sheet`` references now; returns those still missing."""
    wanted = list(dict.fromkeys(hashes))
    current = set(
        session.scalars(
            select(SheetAttachmentRow.sha256).where(SheetAttachmentRow.sheet_id == sheet.sheet_id)
        )
    )
    for sha in current - set(wanted):
        session.execute(
            delete(SheetAttachmentRow).where(
                SheetAttachmentRow.sheet_id == sheet.sheet_id, SheetAttachmentRow.sha256 == sha
            )
        )
    session.add_all(
        SheetAttachmentRow(sheet_id=sheet.sheet_id, sha256=sha)
        for sha in wanted
        if sha not in current
    )
    return missing_hashes(session, wanted, uploader_id=sheet.technician_id)


def sheet_missing(session: Session, *, sheet: SheetRow) -> list[str]:
    """The attachments ``sheet`` references that its technician has not uploaded."""
    refs = session.scalars(
        select(SheetAttachmentRow.sha256).where(SheetAttachmentRow.sheet_id == sheet.sheet_id)
    )
    return missing_hashes(session, refs, uploader_id=sheet.technician_id)


def missing_count() -> ScalarSelect[int]:
    """For each sheet of the enclosing query: how many of its attachments have not arrived
    (from its technician).

    Counted when read, never stored: on PostgreSQL an upload and a push naming the same file
    can commit side by side without either seeing the other's row, so a count kept up to date
    by either of them could stay wrong for ever (and the sheet could never be approved).
    """
    return (
        select(func.count())
        .select_from(SheetAttachmentRow)
        .where(
            and_(
                SheetAttachmentRow.sheet_id == SheetRow.sheet_id,
                ~_uploaded_by_sheet_technician(),
            )
        )
        .correlate(SheetRow)
        .scalar_subquery()
    )
