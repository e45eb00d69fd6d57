"""One visit at the customer's: the job sheet, saved through the store at every change.

:class:`Visit` is what the visit screens' view-model drives. It opens (or starts) the job
sheet of a work order, makes each change the technician makes as one store save (so a
killed app loses nothing), keeps what is typed but not yet valid as a draft beside it,
remembers the step the technician is on, and turns the domain's answers (warranty
verdict, completion gate, signing) into what the screens show. Every method may block
(disk): the view-model calls them off the event loop.

Locking: a signed sheet is locked on the phone. A supervisor's return reopens it — the
next change makes a new revision, and a change to what the customer signed drops the
signature, so the gate asks for it again. An approved sheet stays read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError

from fieldapp.application.visit_start import VisitRefused, resubmitted, start_visit
from fieldapp.application.visit_steps import STEP_SETTING, VisitStep, step_named_in, step_of_path
from fieldapp.domain.completion import Missing, missing_before_sign_off
from fieldapp.domain.job_sheet import ChecklistTick, JobSheet, SignOffDetails
from fieldapp.domain.reference import ReferenceData
from fieldapp.domain.replacement import ReplacementVerdict
from fieldapp.domain.serial_check import Reason
from fieldapp.domain.signing import sign, signature_matches
from fieldapp.domain.text import Text, text
from fieldapp.domain.validation import FieldProblem, explain
from fieldapp.domain.visit import visit_day
from fieldapp.domain.warranty import WarrantyVerdict, warranty_case_for, warranty_verdict
from fieldapp.domain.work_order import WorkOrder
from fieldapp.store import Store
from fieldapp.store.reviews import ReviewDecision

Clock = Callable[[], datetime]

DRAFT_SETTING = "visit.draft."


class VisitLocked(Exception):
    """The sheet is signed (or approved) and cannot change on the phone."""

    def __init__(self, message: Text) -> None:
        super().__init__(str(message))
        self.message = message


class ChangeRefused(Exception):
    """A rule of the service standard refuses this change now (charged work before the
    customer agreed, an agreement while the work goes on); ``message`` says why and what to
    do, in words. Nothing is saved."""

    def __init__(self, message: Text) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Verdict:
    """The warranty verdict as far as the sheet allows, or why there is none yet."""

    verdict: WarrantyVerdict | None
    problems: list[Text]

    @property
    def charged(self) -> bool:
        return self.verdict is not None and self.verdict.charged


@dataclass(frozen=True)
class GateItem:
    """One thing the completion gate still wants, with the step that puts it right."""

    missing: Missing
    step: VisitStep


class Visit:
    """The job sheet of one visit on this device, and every change made to it."""

    def __init__(
        self,
        store: Store,
        reference: ReferenceData,
        order: WorkOrder,
        sheet: JobSheet,
        *,
        clock: Clock,
        return_comment: str | None = None,
        returned_revision: int | None = None,
        approved: bool = False,
    ) -> None:
        self.store = store
        self.reference = reference
        self.order = order
        self.sheet = sheet
        self.clock = clock
        self.return_comment = return_comment
        self.returned_revision = returned_revision
        self.approved = approved

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls, store: Store, reference: ReferenceData, ticket_no: str, *, clock: Clock | None = None
    ) -> Visit:
        """The visit of ``ticket_no``: its latest sheet, or a new one checked in now.

        A sheet the supervisor returned reopens (at the step its comment names); a signed
        or approved one opens read-only at the submitted step.
        """
        clock = clock or (lambda: datetime.now(UTC))
        order = store.get_work_order(ticket_no)
        if order is None:
            raise VisitRefused(text("本机没有这张工单", "this job is not on the device"))
        summaries = store.list_sheets(ticket_no=ticket_no)
        latest = max(summaries, key=lambda s: s.created_at) if summaries else None
        if latest is None or not latest.signed:
            sheet = start_visit(store, reference, ticket_no, now=clock())
            return cls(store, reference, order, sheet, clock=clock)
        found = store.get_sheet(latest.sheet_id)
        if found is None:
            raise VisitRefused(text("报告单无法读取", "the job sheet cannot be read"))
        sheet = found
        reviews = store.reviews(sheet.sheet_id)
        review = max(reviews, key=lambda r: (r.revision, r.reviewed_at)) if reviews else None
        visit = cls(store, reference, order, sheet, clock=clock)
        step_kept = store.get_setting(STEP_SETTING + sheet.sheet_id)
        if review is None:
            return visit
        if review.decision is ReviewDecision.RETURNED:
            if not resubmitted(sheet, review.revision, step_kept):
                visit.return_comment = review.comment
                visit.returned_revision = review.revision
                if step_kept in (None, VisitStep.SUBMITTED.value):
                    visit.set_step(step_named_in(review.comment) or VisitStep.SIGN_OFF)
        elif review.revision == sheet.revision:
            visit.approved = True
        return visit

    # -- state -----------------------------------------------------------------------------

    @property
    def today(self) -> date:
        return visit_day(self.sheet, self.reference.zone)

    @property
    def editable(self) -> bool:
        """Whether the technician may change the sheet now."""
        if self.approved:
            return False
        return self.sheet.sign_off is None or self.return_comment is not None

    @property
    def rework(self) -> bool:
        """Whether this is a revision a supervisor asked for (a returned sheet reopened)."""
        return self.returned_revision is not None or self.sheet.revision > 1

    @property
    def submitted(self) -> bool:
        """Signed and, unless reopened by a return, locked on the phone."""
        return self.sheet.sign_off is not None and not self.editable

    @property
    def step(self) -> VisitStep:
        """The step the technician was on (kept across a restart)."""
        if self.submitted:
            return VisitStep.SUBMITTED
        raw = self.store.get_setting(STEP_SETTING + self.sheet.sheet_id)
        try:
            return VisitStep(raw) if raw else VisitStep.ARRIVAL
        except ValueError:
            return VisitStep.ARRIVAL

    def set_step(self, step: VisitStep) -> None:
        self.store.set_setting(STEP_SETTING + self.sheet.sheet_id, step.value)

    def draft(self, step: VisitStep) -> dict[str, Any]:
        """What was typed on ``step`` (valid or not), kept across a restart."""
        drafts = self.store.get_setting(DRAFT_SETTING + self.sheet.sheet_id) or {}
        value = drafts.get(step.value)
        return dict(value) if isinstance(value, dict) else {}

    def save_draft(self, step: VisitStep, values: dict[str, Any]) -> None:
        drafts = dict(self.store.get_setting(DRAFT_SETTING + self.sheet.sheet_id) or {})
        drafts[step.value] = values
        self.store.set_setting(DRAFT_SETTING + self.sheet.sheet_id, drafts)

    def verdict(self) -> Verdict:
        """The domain's warranty verdict for the sheet as it stands, offline."""
        try:
            case = warranty_case_for(self.order, self.sheet, self.today)
        except ValidationError as exc:
            from fieldapp.domain.warranty import WarrantyCase

            return Verdict(None, [p.message for p in explain(exc, WarrantyCase)])
        return Verdict(warranty_verdict(case, self.reference.catalogue), [])

    def gate(self) -> list[GateItem]:
        """What the completion gate still wants before the customer may sign."""
        missing = missing_before_sign_off(self.sheet, self.order, self.reference)
        return [GateItem(item, step_of_path(item.path)) for item in missing]

    # -- changing the sheet ----------------------------------------------------------------

    def reload(self) -> None:
        """Read the sheet again as stored, before a change is worked out from it: the job
        screen's arrival checks save the same sheet, and a change computed from an older
        copy would undo them."""
        stored = self.store.get_sheet(self.sheet.sheet_id)
        if stored is not None:
            self.sheet = stored

    def save(self, **update: Any) -> JobSheet:
        """Change the sheet's parts in ``update`` and save it (one atomic store write).

        Raises :class:`VisitLocked` on a locked sheet and pydantic's ``ValidationError``
        when the change is not valid (nothing is saved then).
        """
        if not self.editable:
            raise VisitLocked(
                text("报告单已提交锁定，不能再修改", "the job sheet is submitted and locked")
                if not self.approved
                else text("报告单已审批通过，只能查看", "the job sheet is approved: read only")
            )
        update["updated_at"] = self.clock()
        if self.returned_revision is not None and self.sheet.revision <= self.returned_revision:
            update["revision"] = self.returned_revision + 1  # the resubmission: a new revision
        parts = _parts(update)

        def apply(stored: JobSheet) -> JobSheet:
            # Onto the sheet as stored, not this visit's copy: the job screen's arrival
            # checks may have been saved since the visit read it.
            sheet = JobSheet.model_validate({**stored.model_dump(), **parts})
            if sheet.sign_off is not None and not signature_matches(sheet):
                sheet = sheet.model_copy(update={"sign_off": None})  # what was signed changed
            return sheet

        sheet = self.store.update_sheet(self.sheet.sheet_id, apply)
        self.sheet = sheet
        return sheet

    def try_save(self, model: type[Any], **update: Any) -> list[FieldProblem]:
        """:meth:`save`, answering the domain's field problems instead of raising."""
        try:
            self.save(**update)
        except ValidationError as exc:
            return explain(exc, model)
        return []

    def problems_of(self, model: type[Any], **update: Any) -> list[FieldProblem]:
        """What :meth:`try_save` would answer for ``update``, with nothing saved."""
        try:
            JobSheet.model_validate({**self.sheet.model_dump(), **_parts(update)})
        except ValidationError as exc:
            return explain(exc, model)
        return []

    def tick(self, checklist: str, item_id: str, done: bool) -> JobSheet:
        """Tick (with the time) or untick a 「5个1」 or 「装束三统一」 item."""
        etiquette = self.sheet.etiquette
        ticks: list[ChecklistTick] = [
            t for t in getattr(etiquette, checklist) if t.item_id != item_id
        ]
        if done:
            ticks.append(ChecklistTick(item_id=item_id, done_at=self.clock()))
        return self.save(etiquette=etiquette.model_copy(update={checklist: ticks}))

    def attest_nine_rules(self, done: bool) -> JobSheet:
        """The 「九不准」 attestation: one confirmation, with its time."""
        etiquette = self.sheet.etiquette.model_copy(
            update={"nine_rules_attested_at": self.clock() if done else None}
        )
        return self.save(etiquette=etiquette)

    def sign_off(self, details: SignOffDetails) -> JobSheet:
        """The customer signs: refused while the gate lists anything; stamps the hash."""
        gate = self.gate()
        if gate:
            raise VisitLocked(
                text(
                    f"还有 {len(gate)} 项未完成，不能签名",
                    f"{len(gate)} items are still missing: the customer cannot sign yet",
                )
            )
        signed = sign(self.sheet, details)
        self.save(sign_off=signed.sign_off)
        return self.sheet

    def submit(self) -> JobSheet:
        """Lock the signed sheet on the phone (a supervisor's return reopens it)."""
        if self.sheet.sign_off is None:
            raise VisitLocked(text("客户尚未签名", "the customer has not signed yet"))
        if self.returned_revision is not None and self.sheet.revision <= self.returned_revision:
            self.save()  # resubmitted unchanged: still a new revision
        self.return_comment = None
        self.returned_revision = None
        self.set_step(VisitStep.SUBMITTED)
        return self.sheet

    def serial_findings(self, serial: str, *, typing: bool = False) -> list[Reason]:
        """The serial as typed, checked at once: scheme, check character, model, month.

        ``typing``: the technician is still in the field. A serial shorter than its 13
        characters is then unfinished, not wrong, and nothing is said about it yet; once
        complete (or the field left) it is judged in full.
        """
        from fieldapp.domain.serial_check import check_serial, unfinished

        if not serial.strip() or (typing and unfinished(serial)):
            return []
        return check_serial(
            serial, self.reference.catalogue, self.order.product.model, today=self.today
        ).problems


def replacement_for(visit: Visit) -> ReplacementVerdict | None:
    """换机: whether this unit qualifies, from its earlier visits kept on the device.

    The history is what the job's detail last fetched from the service (kept for offline);
    None when no visit of this serial is known or there is no verdict yet.
    """
    from fieldapp.application.job_detail import cached_history
    from fieldapp.domain.replacement import RepairVisit, replacement_eligibility

    serial = (
        visit.sheet.product_check.serial_read
        if visit.sheet.product_check is not None
        else visit.order.product.serial
    )
    history = cached_history(visit.store, serial)
    verdict = visit.verdict().verdict
    if not history.visits or verdict is None:
        return None
    visits = [
        RepairVisit(
            sheet_id=f"earlier-{n}",
            visit_date=v.visit_date,
            opened_unit=v.opened_unit,
            resolved=v.resolved,
        )
        for n, v in enumerate(history.visits)
    ]
    return replacement_eligibility(
        visits,
        in_warranty=verdict.in_warranty,
        first_reported=visit.order.reported_at.astimezone(visit.reference.zone).date(),
        today=visit.today,
        still_failing=True,
    )


def _parts(update: dict[str, Any]) -> dict[str, Any]:
    """The sheet's parts in ``update`` as the sheet's fields hold them."""
    return {k: (v.model_dump() if hasattr(v, "model_dump") else v) for k, v in update.items()}
