"""The visit's view-model: the step, the sheet as it stands, the verdict and the gate.

Every change goes through :meth:`VisitModel.run`, which calls the application layer
(:mod:`fieldapp.application.visit`) off the event loop, one change at a time, and then
shows what the domain says (verdict, completion gate). Form fields are bound to
``forms[step]`` so nothing typed is lost when a screen re-renders; each edit saves the
draft and, when valid, the sheet — the domain's message for each field otherwise.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import flet as ft
from pydantic import BaseModel, ValidationError

from fieldapp.application import Device
from fieldapp.application.loaner_pool import LoanerPool, cached_pool
from fieldapp.application.visit import (
    ChangeRefused,
    GateItem,
    Verdict,
    Visit,
    VisitLocked,
    replacement_for,
)
from fieldapp.application.visit_forms import (
    diagnosis_defaults,
    draft_problems,
    hand_over_loaner,
    outcome_defaults,
    product_defaults,
    repair_defaults,
    save_diagnosis,
    save_outcome,
    save_product,
    save_repair,
    set_position,
    set_shown,
    sign_off_defaults,
    sign_with_strokes,
    suggested_values,
)
from fieldapp.application.visit_media import (
    PHOTO_CAPTIONS,
    StoredPhoto,
    sheet_pdf,
    store_photo,
)
from fieldapp.application.visit_start import VisitRefused
from fieldapp.application.visit_steps import VisitStep, next_step, previous_step, steps_for
from fieldapp.domain import job_sheet
from fieldapp.domain.charge_agreement import (
    agreed_before_work,
    why_charges_cannot_be_agreed,
    why_work_cannot_start,
)
from fieldapp.domain.job_sheet import JobSheet
from fieldapp.domain.replacement import ReplacementVerdict
from fieldapp.domain.serial_check import Reason, unfinished
from fieldapp.domain.text import Text
from fieldapp.domain.validation import FieldProblem, explain
from fieldapp.ui.i18n import EN, ZH, message, translate
from fieldapp.ui.viewmodels.pending_ticks import PendingTicks

log = logging.getLogger(__name__)

SAVE_DELAY = 0.3  # seconds after the last key of a burst

# Serial fields: judged once complete or left, not key by key (see VisitModel.judged).
_PRODUCT_SERIAL = "product-serial_read"
_JUDGED_WHEN_LEFT = {_PRODUCT_SERIAL, "loaner-loaner_serial"}

FormSaver = Callable[[Visit, dict[str, Any]], list[FieldProblem]]
_SAVERS: dict[VisitStep, FormSaver] = {
    VisitStep.PRODUCT: save_product,
    VisitStep.DIAGNOSIS: save_diagnosis,
    VisitStep.REPAIR: save_repair,
    VisitStep.OUTCOME: save_outcome,
}
_DEFAULTS: dict[VisitStep, Callable[[Visit], dict[str, Any]]] = {
    VisitStep.PRODUCT: product_defaults,
    VisitStep.DIAGNOSIS: diagnosis_defaults,
    VisitStep.REPAIR: repair_defaults,
    VisitStep.OUTCOME: outcome_defaults,
    VisitStep.SIGN_OFF: sign_off_defaults,
}


@ft.observable
@dataclass
class VisitModel:
    device: Device
    ticket_no: str
    visit: Visit | None = None
    sheet: JobSheet | None = None
    step: VisitStep = VisitStep.ARRIVAL
    verdict: Verdict | None = None
    replacement: ReplacementVerdict | None = None
    gate: list[GateItem] = field(default_factory=list)
    forms: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: dict[str, dict[str, Text]] = field(default_factory=dict)
    serial_findings: list[Reason] = field(default_factory=list)
    loading: bool = True
    busy: bool = False
    error: Text | None = None
    phrases_open: bool = False
    # Photos being stored, and what the last one came to, by what they are of ("before",
    # "loaner", …): each step shows its own, never another step's.
    photos_saving: dict[str, int] = field(default_factory=dict)
    photo_notices: dict[str, Text] = field(default_factory=dict)
    position_notice: Text | None = None  # why the check-in position could not be had
    thumbnails: list[tuple[str, bytes]] = field(default_factory=list)
    pdf: bytes | None = None
    ticks: PendingTicks = field(default_factory=PendingTicks)
    remounts: dict[str, int] = field(default_factory=dict)
    loaners: LoanerPool | None = None
    # What the app filled in for the technician to confirm or replace, by step and field.
    suggestions: dict[str, dict[str, str]] = field(default_factory=dict)
    # The serial fields the technician is typing into and has not left yet.
    typing: set[str] = field(default_factory=set)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _saving_soon: set[VisitStep] = field(default_factory=set)

    # -- loading and moving between steps -------------------------------------------------------

    async def load(self) -> None:
        """Open the visit (checking in when it starts now) and resume at its step."""
        self.loading = True
        try:
            visit = await asyncio.to_thread(
                Visit.open,
                self.device.store,
                self.device.jobs.reference,
                self.ticket_no,
                clock=self.device.clock,
            )
            forms = await asyncio.to_thread(self._forms_of, visit)
            suggested = await asyncio.to_thread(suggested_values, visit)
            self.suggestions = {step.value: values for step, values in suggested.items()}
            # As the job's screen last fetched it: opening a visit asks the network nothing.
            self.loaners = await asyncio.to_thread(
                cached_pool, self.device.store, visit.order.service_centre
            )
            # What the forms were last told to fix, as before a restart.
            found = await asyncio.to_thread(draft_problems, visit, forms)
            self.problems = {step.value: _by_field(problems) for step, problems in found.items()}
            self.visit, self.forms = visit, forms
            self.step = visit.step
            typed = str(forms.get(VisitStep.PRODUCT.value, {}).get("serial_read", ""))
            self.serial_findings = await asyncio.to_thread(visit.serial_findings, typed)
            await self._refresh()
            self.device.sync_now()
        except VisitRefused as exc:
            self.error = exc.message if isinstance(exc.message, Text) else None
        except Exception as exc:
            log.exception("visit %s could not open", self.ticket_no)
            self.error = message("error.visit", detail=exc)
        finally:
            self.loading = False

    @staticmethod
    def _forms_of(visit: Visit) -> dict[str, dict[str, Any]]:
        forms = {}
        for step, defaults in _DEFAULTS.items():
            forms[step.value] = {**defaults(visit), **visit.draft(step)}
        return forms

    @property
    def charged(self) -> bool:
        return self.verdict is not None and self.verdict.charged

    @property
    def steps(self) -> list[VisitStep]:
        return steps_for(self.charged or bool(self.sheet and self.sheet.charges.lines))

    @property
    def editable(self) -> bool:
        return self.visit is not None and self.visit.editable

    # -- the repair and its charges (agreed before the work) --------------------------------

    @property
    def repair_waits(self) -> Text | None:
        """Why 开始维修 / 继续维修 cannot be tapped now (the domain's words); None when it can."""
        sheet = self.sheet
        if sheet is None or sheet.repair.under_way:
            return None
        return why_work_cannot_start(sheet, charged=self.charged)

    @property
    def agreement_waits(self) -> Text | None:
        """Why the customer cannot agree to the charges now; None when they can."""
        sheet, visit = self.sheet, self.visit
        if sheet is None or visit is None:
            return None
        return why_charges_cannot_be_agreed(sheet, rework=visit.rework)

    @property
    def charges_agreed(self) -> bool:
        """Whether the charges are agreed as the rule wants: before the work, or while it was
        stopped (a returned sheet's corrected charges: agreed at all)."""
        sheet, visit = self.sheet, self.visit
        if sheet is None or visit is None or sheet.charges.customer_agreed_at is None:
            return False
        return visit.rework or agreed_before_work(sheet)

    async def go(self, step: VisitStep) -> None:
        """Show ``step`` (remembered: a restarted app resumes here)."""
        visit = self.visit
        if visit is None:
            return
        self.typing = set()  # leaving the step leaves its fields: what was typed is judged
        await self.flush()
        if visit.submitted:
            step = VisitStep.SUBMITTED
        if step is VisitStep.OUTCOME:
            # The pool as the job's screen last kept it, read before the step is shown.
            self.loaners = await asyncio.to_thread(
                cached_pool, self.device.store, visit.order.service_centre
            )
        self.step = step
        self.error = None
        await asyncio.to_thread(visit.set_step, step)

    async def next(self, _e: object = None) -> None:
        await self.go(next_step(self.step, VisitStep.CHARGES in self.steps))

    async def back(self, _e: object = None) -> None:
        await self.go(previous_step(self.step, VisitStep.CHARGES in self.steps))

    def toggle_phrases(self, _e: object = None) -> None:
        self.phrases_open = not self.phrases_open

    # -- changes ----------------------------------------------------------------------------

    async def run(self, change: Callable[..., Any], *args: Any) -> Any:
        """Apply ``change(visit, *args)`` off the loop, then show the domain's answers."""
        visit = self.visit
        if visit is None:
            return None
        device = self.device

        def apply() -> Any:
            done = _reloaded_then(change, visit, *args)
            device.changed_locally()  # the sheet now waits to be sent: said, and checked on
            return done

        async with self._lock:
            try:
                result = await asyncio.to_thread(apply)
                self.error = None
                return result
            except (VisitLocked, ChangeRefused) as exc:
                self.error = exc.message
            except ValidationError as exc:
                # A change the domain refuses: its own words, never pydantic's text.
                log.info("visit change refused by the domain: %s", exc.title)
                self.error = _in_words(exc)
            except Exception as exc:
                log.exception("visit change failed")
                detail = getattr(exc, "message", None)
                # Only a message made for people is shown; an exception's own text is not.
                self.error = detail if isinstance(detail, Text) else message("error.visit_change")
            finally:
                await self._refresh()
        return None

    async def _refresh(self) -> None:
        visit = self.visit
        if visit is None:
            return
        verdict, gate, replacement = await asyncio.to_thread(
            lambda: (visit.verdict(), visit.gate(), replacement_for(visit))
        )
        self.sheet, self.verdict, self.gate = visit.sheet, verdict, gate
        if replacement != self.replacement:
            self.replacement = replacement

    def value(self, step: VisitStep, name: str, default: Any = "") -> Any:
        return self.forms.get(step.value, {}).get(name, default)

    def problem(self, step: VisitStep, name: str) -> Text | None:
        if not self.judged(f"{step.value}-{name}", str(self.value(step, name, ""))):
            return None
        return self.problems.get(step.value, {}).get(name)

    def prefilled(self, step: VisitStep, name: str) -> bool:
        """Whether the field holds what the app filled in (the reported fault, the customer's
        name), not yet typed over: tapped, it selects it whole so that typing replaces it."""
        suggested = self.suggestions.get(step.value, {}).get(name)
        return bool(suggested) and self.value(step, name, None) == suggested

    # -- serials, judged once typed ------------------------------------------------------------

    def typing_into(self, identifier: str) -> None:
        """The technician types into the serial field ``identifier`` (not yet left)."""
        if identifier in _JUDGED_WHEN_LEFT and identifier not in self.typing:
            self.typing = {*self.typing, identifier}

    def judged(self, identifier: str, value: str) -> bool:
        """Whether what ``identifier`` holds is judged now: a serial being typed is not while
        it is shorter than a serial (「应为 13 位，现为 6 位」 under a half-typed one is noise);
        once complete, or once the field is left, it is."""
        return identifier not in self.typing or not unfinished(value)

    async def left(self, identifier: str) -> None:
        """The technician left the field ``identifier`` (tapped elsewhere): judge it now."""
        if identifier not in self.typing:
            return
        self.typing = self.typing - {identifier}
        if identifier == _PRODUCT_SERIAL:
            visit = self.visit
            if visit is not None:
                self.serial_findings = visit.serial_findings(
                    str(self.value(VisitStep.PRODUCT, "serial_read", ""))
                )
            if VisitStep.PRODUCT not in self._saving_soon:  # else that save judges it
                await self._save_form(VisitStep.PRODUCT)

    async def edit(self, step: VisitStep, name: str, value: Any) -> None:
        """One field of a step's form changed: keep it, then save what is valid."""
        form = {**self.forms.get(step.value, {}), name: value}
        self.forms = {**self.forms, step.value: form}
        if step is VisitStep.PRODUCT and name == "serial_read":
            self.typing_into(_PRODUCT_SERIAL)
            visit = self.visit
            if visit is not None:
                self.serial_findings = visit.serial_findings(str(value), typing=True)
        # Keys typed in a burst are saved once, a moment after the last: fewer re-renders
        # while typing, and the draft is on disk well within a second.
        if step in self._saving_soon:
            return
        self._saving_soon.add(step)
        await asyncio.sleep(SAVE_DELAY)
        self._saving_soon.discard(step)
        await self._save_form(step)

    async def _save_form(self, step: VisitStep) -> None:
        form = dict(self.forms.get(step.value, {}))
        saver = _SAVERS.get(step)
        unjudged = step is VisitStep.PRODUCT and not self.judged(
            _PRODUCT_SERIAL, str(form.get("serial_read", ""))
        )
        if saver is None or unjudged:
            # Kept as typed (nothing is lost on a kill); a half-typed serial is not put on
            # the sheet, where the verdict would judge it before the technician finished.
            if self.visit is not None:
                await asyncio.to_thread(self.visit.save_draft, step, form)
            return
        found = await self.run(saver, form)
        problems = _by_field(found or [])
        if problems != self.problems.get(step.value, {}):
            self.problems = {**self.problems, step.value: problems}

    async def flush(self) -> None:
        """Save what is still waiting (before leaving a step or signing)."""
        for step in list(self._saving_soon):
            self._saving_soon.discard(step)
            await self._save_form(step)

    async def set_from_elsewhere(self, step: VisitStep, name: str, value: Any) -> None:
        """A value not typed into its field (a date picked): the field shows it anew."""
        identifier = f"{step.value}-{name}"
        self.remounts = {**self.remounts, identifier: self.remounts.get(identifier, 0) + 1}
        await self.edit(step, name, value)

    async def edit_many(self, step: VisitStep, values: dict[str, Any]) -> None:
        """Several fields at once (a choice that fills others)."""
        form = {**self.forms.get(step.value, {}), **values}
        self.forms = {**self.forms, step.value: form}
        await self._save_form(step)

    # -- checklists, arrival ------------------------------------------------------------------

    def is_ticked(self, checklist: str, item_id: str) -> bool:
        """The tick as the technician last set it (shown before the save returns)."""
        pending = self.ticks.get(checklist, item_id)
        if pending is not None:
            return pending
        sheet = self.sheet
        if sheet is None:
            return False
        return any(t.item_id == item_id for t in getattr(sheet.etiquette, checklist))

    async def tick(self, checklist: str, item_id: str, done: bool) -> None:
        """Tick a checklist item: visible at once, saved (with its time) off the loop.

        Only the checklists re-render for the tick itself (:class:`PendingTicks`); the
        whole visit follows once the save has returned."""
        self.ticks.set(checklist, item_id, done)
        await self.run(lambda visit: visit.tick(checklist, item_id, done))
        self.ticks.saved(checklist, item_id, done)

    async def turn_over(self, checklist: str, item_id: str) -> None:
        """A tap on an item: ticked if it was not, unticked if it was, counting taps whose
        save has not returned (two quick taps tick and untick)."""
        await self.tick(checklist, item_id, not self.is_ticked(checklist, item_id))

    async def attest(self, done: bool) -> None:
        await self.run(lambda visit: visit.attest_nine_rules(done))

    async def shown(self, name: str, value: bool) -> None:
        await self.run(set_shown, name, value)

    async def record_position(self, latitude: float | None, longitude: float | None) -> None:
        """Keep the check-in position; without one (refused, no signal) say so in words."""
        if latitude is None or longitude is None:
            self.position_notice = message("arrival.location_failed")
            return
        self.position_notice = None
        await self.run(set_position, latitude, longitude)

    # -- photos -------------------------------------------------------------------------------

    async def add_photo(self, target: str, data: bytes) -> None:
        """Downscale and store a picked photo off the loop, then put it where it belongs.

        The step says at once that the photo is being stored (downscaling takes a moment,
        longer on a busy phone), and once stored what it came to."""
        self.photos_saving = {**self.photos_saving, target: self.photos_saving.get(target, 0) + 1}
        try:
            await self._add_photo(target, data)
        finally:
            left = self.photos_saving.get(target, 1) - 1
            saving = {k: v for k, v in self.photos_saving.items() if k != target}
            self.photos_saving = {**saving, target: left} if left > 0 else saving

    def photo_saving(self, *targets: str) -> int:
        """How many photos of ``targets`` are being stored now."""
        return sum(self.photos_saving.get(t, 0) for t in targets)

    def photo_notice(self, *targets: str) -> Text | None:
        """What the last stored photo of ``targets`` came to (None before one is stored)."""
        found = [self.photo_notices[t] for t in targets if t in self.photo_notices]
        return found[-1] if found else None

    async def _add_photo(self, target: str, data: bytes) -> None:
        caption = PHOTO_CAPTIONS.get(target, "")
        stored: StoredPhoto | None = await self.run(store_photo, data, caption)
        if stored is None:
            return
        ref = stored.ref.model_dump(mode="json")
        if target in ("nameplate", "evidence"):
            photos = [*self.value(VisitStep.PRODUCT, "evidence_photos", []), ref]
            await self.edit(VisitStep.PRODUCT, "evidence_photos", photos)
        elif target == "loaner":
            loaner = dict(self.value(VisitStep.OUTCOME, "loaner", {}) or {})
            loaner["photos"] = [*loaner.get("photos", []), ref]
            await self.edit(VisitStep.OUTCOME, "loaner", loaner)
        else:
            from fieldapp.application.visit_forms import add_repair_photo

            await self.run(add_repair_photo, stored.ref)
        self.thumbnails = [*self.thumbnails, (target, stored.thumbnail)]
        self.photo_notices = {
            **self.photo_notices,
            target: message(
                "photo.stored", kb=stored.ref.size // 1024, orig=stored.original_size // 1024
            ),
        }

    # -- sign-off, submit, PDF ----------------------------------------------------------------

    async def sign(self, strokes: list[list[tuple[float, float]]], width: int, height: int) -> bool:
        """The customer signs: the PNG rendered from the strokes, the hash stamped."""
        await self.flush()
        form = dict(self.forms.get(VisitStep.SIGN_OFF.value, {}))

        found = await self.run(sign_with_strokes, form, strokes, width, height)
        self.problems = {**self.problems, VisitStep.SIGN_OFF.value: _by_field(found or [])}
        return found == [] and self.error is None

    async def hand_over_loaner(
        self,
        values: dict[str, Any],
        strokes: list[list[tuple[float, float]]],
        width: int,
        height: int,
    ) -> list[FieldProblem]:
        """备用机交接 with the customer's signature for it; the problems to show (an unsigned
        pad among them, in words), empty when saved."""
        found: list[FieldProblem] | None = await self.run(
            hand_over_loaner, values, strokes, width, height
        )
        return found or []

    async def submit(self, _e: object = None) -> None:
        """Lock the signed sheet, queue it and start a sync."""
        done = await self.run(lambda visit: visit.submit())
        if done is not None:
            self.device.sync_now()
            self.step = VisitStep.SUBMITTED

    async def make_pdf(self) -> bytes | None:
        """The job sheet PDF, made off the loop."""
        self.pdf = await self.run(sheet_pdf)
        return self.pdf


def _in_words(exc: ValidationError) -> Text:
    """A change the domain refused, said as its field problem (both languages)."""
    model = getattr(job_sheet, exc.title, None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        model = JobSheet
    found = explain(exc, model)
    if not found:
        return message("error.visit_change")
    first = found[0]
    return Text(
        zh=translate("field.problem", ZH, field=first.field.zh, message=first.message.zh),
        en=translate("field.problem", EN, field=first.field.en, message=first.message.en),
    )


def _reloaded_then(change: Callable[..., Any], visit: Visit, *args: Any) -> Any:
    """``change`` worked out from the sheet as stored (blocking: runs off the loop)."""
    visit.reload()
    return change(visit, *args)


def _by_field(found: list[FieldProblem]) -> dict[str, Text]:
    """The domain's problems by the form's field they are said under."""
    return {p.path.split(".")[0]: p.message for p in found}
