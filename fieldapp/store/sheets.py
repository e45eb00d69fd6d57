"""Job sheet records: the TinyDB layout of one sheet's file and its summary in the index.

A sheet's file ``sheets/<sheet_id>.<gen>.json`` holds the tables

- ``sheet``: the :class:`~fieldapp.domain.job_sheet.JobSheet` (one document);
- ``sync``: its :class:`~fieldapp.store.outbox.SyncMarks` (one document);
- ``reviews``: the :class:`~fieldapp.store.reviews.ReviewResult` items pulled for it;
- ``meta``: kind, key, schema, generation, saved_at.

A :class:`SheetSummary` is what lists need (ticket, day, signed, sync and review state,
referenced attachments) and lives in the index, so listing never opens a sheet file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from tinydb import TinyDB

from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.text import Text, text
from fieldapp.domain.validation import explain
from fieldapp.domain.visit import visit_day
from fieldapp.store.outbox import SyncMarks
from fieldapp.store.records import get_doc, put_doc
from fieldapp.store.reviews import ReviewDecision, ReviewResult, latest_review
from fieldapp.store.storage import Tables, UnreadableFile

SHEET_TABLE = "sheet"
SYNC_TABLE = "sync"
REVIEWS_TABLE = "reviews"


@dataclass(frozen=True, slots=True)
class SheetRecord:
    """Everything the store keeps about one sheet."""

    sheet: JobSheet
    marks: SyncMarks
    reviews: list[ReviewResult]


@dataclass(frozen=True, slots=True)
class SheetSummary:
    """One sheet as lists show it; read from the index without opening the sheet's file."""

    sheet_id: str
    ticket_no: str
    technician_id: str
    day: date  # the day of the visit (fieldapp.domain.visit.visit_day)
    created_at: datetime
    updated_at: datetime
    signed: bool
    marks: SyncMarks
    review_decision: ReviewDecision | None
    review_comment: str
    reviewed_at: datetime | None
    attachments: tuple[str, ...]
    archived: bool = False

    @property
    def version(self) -> int:
        return self.marks.version

    @property
    def pending(self) -> bool:
        return self.marks.pending

    @property
    def needs_attention(self) -> bool:
        return self.marks.needs_attention

    @property
    def attention_message(self) -> Text | None:
        """Why the server rejected the current version, when it did."""
        return (
            self.marks.attention.message if self.needs_attention and self.marks.attention else None
        )

    @property
    def approved(self) -> bool:
        """Approved by the supervisor, and not saved again since the approval arrived."""
        return (
            self.review_decision is ReviewDecision.APPROVED
            and self.marks.version_at_review == self.marks.version
        )

    @property
    def last_activity(self) -> datetime:
        """The later of the last edit and the last review."""
        if self.reviewed_at is not None and self.reviewed_at > self.updated_at:
            return self.reviewed_at
        return self.updated_at

    def with_marks(self, marks: SyncMarks) -> SheetSummary:
        return replace(self, marks=marks)

    def to_json(self) -> dict[str, Any]:
        return {
            "ticket_no": self.ticket_no,
            "technician_id": self.technician_id,
            "day": self.day.isoformat(),
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "signed": self.signed,
            "marks": self.marks.to_json(),
            "review": self.review_decision.value if self.review_decision else None,
            "review_comment": self.review_comment,
            "reviewed_at": self.reviewed_at.isoformat() if self.reviewed_at else None,
            "attachments": list(self.attachments),
        }

    @classmethod
    def from_json(cls, key: str, data: dict[str, Any], *, archived: bool = False) -> SheetSummary:
        reviewed_at = data.get("reviewed_at")
        return cls(
            sheet_id=key,
            ticket_no=data["ticket_no"],
            technician_id=data["technician_id"],
            day=date.fromisoformat(data["day"]),
            created_at=datetime.fromisoformat(data["created_at"]),
            updated_at=datetime.fromisoformat(data["updated_at"]),
            signed=bool(data["signed"]),
            marks=SyncMarks.from_json(data["marks"]),
            review_decision=ReviewDecision(data["review"]) if data.get("review") else None,
            review_comment=data.get("review_comment", ""),
            reviewed_at=datetime.fromisoformat(reviewed_at) if reviewed_at else None,
            attachments=tuple(data.get("attachments", ())),
            archived=archived,
        )


def summarize(record: SheetRecord, *, archived: bool = False) -> SheetSummary:
    """The index summary of a sheet record."""
    sheet = record.sheet
    review = latest_review(record.reviews)
    return SheetSummary(
        sheet_id=sheet.sheet_id,
        ticket_no=sheet.ticket_no,
        technician_id=sheet.technician_id,
        day=visit_day(sheet),
        created_at=sheet.created_at,
        updated_at=sheet.updated_at,
        signed=sheet.sign_off is not None,
        marks=record.marks,
        review_decision=review.decision if review else None,
        review_comment=review.comment if review else "",
        reviewed_at=review.reviewed_at if review else None,
        attachments=tuple(sorted({ref.sha256 for ref in sheet.attachments()})),
        archived=archived,
    )


def decode(tables: Tables, path: Path) -> SheetRecord:
    """The sheet record in a file's tables; :class:`UnreadableFile` if it is not one."""
    raw_sheet = tables.get(SHEET_TABLE, {}).get("1")
    if raw_sheet is None:
        raise UnreadableFile(path, text("缺少报告单内容", "the job sheet is missing"))
    try:
        sheet = JobSheet.model_validate(raw_sheet)
        reviews = [ReviewResult.model_validate(r) for r in tables.get(REVIEWS_TABLE, {}).values()]
        marks = SyncMarks.from_json(tables.get(SYNC_TABLE, {}).get("1"))
    except ValidationError as exc:
        problems = "; ".join(str(p) for p in explain(exc, JobSheet)[:3])
        raise UnreadableFile(
            path, text(f"内容不符合报告单格式：{problems}", f"not a valid job sheet: {problems}")
        ) from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise UnreadableFile(
            path, text(f"同步标记损坏（{exc}）", f"the sync marks are damaged ({exc})")
        ) from exc
    return SheetRecord(sheet, marks, reviews)


def check_bookkeeping(tables: Tables, path: Path) -> None:
    """Check the marks and reviews of a sheet record before a save builds on them."""
    try:
        SyncMarks.from_json(tables.get(SYNC_TABLE, {}).get("1"))
        for review in tables.get(REVIEWS_TABLE, {}).values():
            ReviewResult.model_validate(review)
    except (KeyError, TypeError, ValueError) as exc:  # pydantic's errors are ValueErrors
        raise UnreadableFile(
            path, text(f"同步标记或审批记录损坏（{exc}）", f"damaged sync marks or reviews ({exc})")
        ) from exc


def read_marks(db: TinyDB) -> SyncMarks:
    """The sync marks inside an open sheet record."""
    return SyncMarks.from_json(get_doc(db.table(SYNC_TABLE)))


def read_reviews(db: TinyDB) -> list[ReviewResult]:
    """The reviews inside an open sheet record."""
    return [ReviewResult.model_validate(dict(doc)) for doc in db.table(REVIEWS_TABLE).all()]


def write_sheet(db: TinyDB, sheet: JobSheet, marks: SyncMarks) -> None:
    """Put the sheet and its marks into an open record (they commit together)."""
    put_doc(db.table(SHEET_TABLE), sheet.model_dump(mode="json"))
    write_marks(db, marks)


def write_marks(db: TinyDB, marks: SyncMarks) -> None:
    put_doc(db.table(SYNC_TABLE), marks.to_json())


def add_review(db: TinyDB, review: ReviewResult) -> bool:
    """Add a review to an open record unless it is already there; True if added."""
    table = db.table(REVIEWS_TABLE)
    doc = review.model_dump(mode="json")
    if any(dict(existing) == doc for existing in table.all()):
        return False
    table.insert(doc)
    return True
