"""The visit walked by machine: every order of what a technician can do, on a real store.

The browser walks follow a few scripted paths; this model does what a person may do at any
moment — go to any step, tick and untick, type valid and invalid values, add and remove
charge lines and parts, agree, start the repair, choose and change the outcome, draw and
clear strokes, sign, kill and reopen the app, submit, and a supervisor's return — and checks
after every action that:

- what was saved is what a reopened app shows (nothing acknowledged lost, strokes included);
- a signed, complete sheet can still be reached by actions on the phone (no dead end), each
  item the completion gate lists being cleared by the action of the step it names;
- a submitted sheet cannot change and starts no new visit, except through a return;
- every message shown is in words, in Chinese and in English (no exception text).

``FIELDAPP_MODEL_EXAMPLES`` sets how many sequences run (default 25; a long run: 500).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from fieldapp.application import Device, MemoryTokenVault
from fieldapp.application.visit import ChangeRefused, Visit, VisitLocked
from fieldapp.application.visit_forms import (
    add_charge,
    add_part,
    agree_charges,
    outcome_defaults,
    pause_repair,
    product_defaults,
    promise_date,
    remove_charge,
    remove_part,
    save_diagnosis,
    save_loaner,
    save_outcome,
    save_product,
    save_repair,
    set_shown,
    sign_with,
    start_repair,
)
from fieldapp.application.visit_media import signature_from_strokes
from fieldapp.application.visit_start import VisitRefused, start_visit
from fieldapp.application.visit_steps import STEPS, VisitStep
from fieldapp.application.visit_strokes import forget_strokes, keep_strokes, kept_strokes
from fieldapp.domain.serial import make_serial
from fieldapp.domain.text import Text
from fieldapp.store import ReviewDecision, ReviewResult
from tests.application.conftest import NOW, SERIAL, an_order
from tests.application.fake_service import session_for, technician_service

TICKET = "BX20261122-0001"
EXAMPLES = int(os.environ.get("FIELDAPP_MODEL_EXAMPLES", "25"))
STROKE = [(10.0, 10.0), (60.0, 40.0), (120.0, 30.0)]
# A sequence takes about a second (several under load): a long run gets its time.
pytestmark = pytest.mark.timeout(max(600, EXAMPLES * 10))
OTHER_MODEL_SERIAL = make_serial("PJ88", date(2025, 8, 1), 77)  # makes the visit charged

FIVE_ONES = ("greeting", "clean_cloth", "shoe_covers", "beauty", "service_card", "farewell")
APPEARANCE = ("tool_bag", "work_clothes", "work_badge")
SERIALS = st.sampled_from([SERIAL, OTHER_MODEL_SERIAL, SERIAL[:6], SERIAL[:-1] + "Q", ""])
DATES = st.sampled_from(["2026-01-10", "2024-01-10", "2026-13-01", "", "2030-01-01"])
CAUSES = st.sampled_from(["unit_fault", "outside_cause", "misuse", "nonsense"])
CHARGES = st.sampled_from(["SV-VISIT", "LB-30", "PT-P520-LAMP"])
OUTCOMES = st.sampled_from(["fixed", "another_visit", "return_to_centre"])
TEXTS = st.sampled_from(["更换灯泡组件", "", "x" * 600, "清洁滤网 😀"])


def words(message: Any) -> None:
    """A message shown to the technician is in words in both languages."""
    assert isinstance(message, Text), f"not a message in words: {message!r}"
    for said in (message.zh, message.en):
        assert said.strip(), "an empty message"
        for leak in ("validation error", "Traceback", "Error(", "pydantic", "object at 0x"):
            assert leak not in said, f"exception text shown: {said!r}"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message.zh), f"not Chinese: {message.zh!r}"


class PhoneClock:
    """A clock a minute further on at every reading, shared by every reopened app."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> Any:
        self.now += timedelta(minutes=1)
        return self.now


def open_phone(store_dir: Path, vault: MemoryTokenVault, clock: PhoneClock) -> Device:
    return Device(store_dir, vault=vault, clock=clock)


def finish(visit: Visit) -> list[str]:
    """Take the sheet to a signed, complete one by the gate's own directions: each missing
    item names a step, and that step's action is done. Returns what stayed missing."""
    for _ in range(6):
        gate = visit.gate()
        if not gate:
            break
        for step in sorted({item.step for item in gate}, key=STEPS.index):
            STEP_ACTIONS[step](visit)  # the steps in the order the standard walks them
        for item in gate:
            words(item.missing.text)
    left = [f"{g.missing.path}: {g.missing.text.zh}" for g in visit.gate()]
    if left:
        return left
    problems = sign(visit, [STROKE])
    assert problems == [], [f"{p.path}: {p.message.zh}" for p in problems]
    assert visit.sheet.sign_off is not None
    return []


def sign(visit: Visit, strokes: list[list[tuple[float, float]]]) -> list[Any]:
    signature = signature_from_strokes(visit, strokes, 340, 160)
    form = {"functions_checked": True, "rating": "5", "comment": "很好", "signer_name": "陈晓明"}
    return sign_with(visit, form, signature)


def _arrival(visit: Visit) -> None:
    set_shown(visit, "work_id_shown", True)
    set_shown(visit, "work_order_shown", True)


def _etiquette(visit: Visit) -> None:
    for item in FIVE_ONES[:3]:
        visit.tick("five_ones", item, True)
    for item in APPEARANCE:
        visit.tick("appearance", item, True)


def _product(visit: Visit) -> None:
    form = {**product_defaults(visit), "serial_read": SERIAL, "purchase_date": "2026-01-10",
            "purchase_evidence": "invoice"}  # fmt: skip
    assert save_product(visit, form) == []


def _diagnosis(visit: Visit) -> None:
    form = {"symptoms": "画面偏暗", "cause": "unit_fault", "explained_to_customer": True}
    assert save_diagnosis(visit, form) == []


def _charges(visit: Visit) -> None:
    """Free work carries no charge; charged work has its lines, agreed by the customer while
    no work goes on (the work stops for it, and restarts after)."""
    if not visit.verdict().charged:
        for line in list(visit.sheet.charges.lines):
            remove_charge(visit, line.code)
        return
    if not visit.sheet.charges.lines:
        add_charge(visit, "SV-VISIT")
    if visit.sheet.repair.under_way:
        pause_repair(visit)
    agree_charges(visit)


def _repair(visit: Visit) -> None:
    if visit.sheet.repair.under_way and any(
        item.step is VisitStep.CHARGES or item.missing.path.startswith("repair.pauses")
        for item in visit.gate()
    ):
        _charges(visit)  # the work stops for the customer to agree, then restarts
    try:
        start_repair(visit)
    except ChangeRefused as refused:  # charged work: its button leads to 收费 first
        words(refused.message)
        _charges(visit)
        start_repair(visit)
    form = {"actions": "更换灯泡组件", "labour_minutes": "40", "opened_unit": True}
    assert save_repair(visit, form) == []


def _outcome(visit: Visit) -> None:
    if visit.sheet.outcome is None:
        assert save_outcome(visit, {"kind": "fixed"}) == []
    if visit.sheet.outcome is not None and visit.sheet.outcome.kind == "return_to_centre":
        _loaner(visit)


def _loaner(visit: Visit) -> None:
    promised = promise_date(visit) or visit.today + timedelta(days=7)
    signature = signature_from_strokes(visit, [STROKE], 320, 140).model_dump(mode="json")
    form = {"loaner_serial": make_serial("PJ52", date(2024, 5, 1), 9), "loaner_model": "MH-P520",
            "accessories": [], "condition_notes": "外壳完好", "due_date": promised.isoformat(),
            "customer_signature": signature}  # fmt: skip
    assert save_loaner(visit, form) == []


def _departure(visit: Visit) -> None:
    for item in FIVE_ONES[3:]:
        visit.tick("five_ones", item, True)
    visit.attest_nine_rules(True)


STEP_ACTIONS: dict[VisitStep, Callable[[Visit], None]] = {
    VisitStep.ARRIVAL: _arrival,
    VisitStep.ETIQUETTE: _etiquette,
    VisitStep.PRODUCT: _product,
    VisitStep.DIAGNOSIS: _diagnosis,
    VisitStep.CHARGES: _charges,
    VisitStep.REPAIR: _repair,
    VisitStep.OUTCOME: _outcome,
    VisitStep.DEPARTURE: _departure,
    VisitStep.SIGN_OFF: lambda visit: None,
    VisitStep.SUBMITTED: lambda visit: None,
}


class VisitModel(RuleBasedStateMachine):
    """One technician's phone and one job, driven by any sequence of actions."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="visit-model-"))
        self.store_dir = self.folder / "store"
        self.vault = MemoryTokenVault()
        service = session_for(technician_service())
        signing = Device(
            self.store_dir, vault=self.vault, session_factory=service, clock=lambda: NOW
        )
        signing.sign_in("http://svc", "tech1", "right")
        signing.close()
        self.clock = PhoneClock()
        self.phone = open_phone(self.store_dir, self.vault, self.clock)
        self.phone.store.apply_work_order(an_order(1, appointment=NOW))
        self.visit = self._open()
        self.strokes: list[list[tuple[float, float]]] = []

    def teardown(self) -> None:
        self.phone.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _open(self) -> Visit:
        return Visit.open(self.phone.store, self.phone.jobs.reference, TICKET, clock=self.clock)

    def _change(self, action: Callable[[], Any]) -> Any:
        """Do ``action`` on the sheet: a submitted one refuses in words and stays as it was;
        a rule of the standard may refuse a change now (in words; nothing saved)."""
        before = self.visit.sheet
        try:
            return action()
        except VisitLocked as locked:
            words(locked.message)
            assert not self.visit.editable, "an editable sheet refused a change"
            assert self.visit.sheet == before
        except ChangeRefused as refused:
            words(refused.message)
            assert self.visit.editable
            assert self.phone.store.get_sheet(before.sheet_id) == before
        return None

    def _problems(self, problems: list[Any]) -> None:
        for problem in problems:
            words(problem.message)

    # -- what a technician does ------------------------------------------------------------

    @rule(step=st.sampled_from(STEPS[:-1]))
    def go_to_step(self, step: VisitStep) -> None:
        if self.visit.editable:
            self.visit.set_step(step)

    @rule(item=st.sampled_from(FIVE_ONES), done=st.booleans())
    def tick_five_ones(self, item: str, done: bool) -> None:
        self._change(lambda: self.visit.tick("five_ones", item, done))

    @rule(item=st.sampled_from(APPEARANCE), done=st.booleans())
    def tick_appearance(self, item: str, done: bool) -> None:
        self._change(lambda: self.visit.tick("appearance", item, done))

    @rule(name=st.sampled_from(["work_id_shown", "work_order_shown"]), shown=st.booleans())
    def show_papers(self, name: str, shown: bool) -> None:
        self._change(lambda: set_shown(self.visit, name, shown))

    @rule(done=st.booleans())
    def nine_rules(self, done: bool) -> None:
        self._change(lambda: self.visit.attest_nine_rules(done))

    @rule(serial=SERIALS, bought=DATES)
    def check_product(self, serial: str, bought: str) -> None:
        form = {**product_defaults(self.visit), "serial_read": serial, "purchase_date": bought,
                "purchase_evidence": "invoice"}  # fmt: skip
        self._problems(self._change(lambda: save_product(self.visit, form)) or [])
        if self.visit.editable:
            assert self.visit.draft(VisitStep.PRODUCT)["serial_read"] == serial  # kept as typed

    @rule(cause=CAUSES, symptoms=TEXTS, explained=st.booleans())
    def diagnose(self, cause: str, symptoms: str, explained: bool) -> None:
        form = {"symptoms": symptoms, "cause": cause, "explained_to_customer": explained}
        self._problems(self._change(lambda: save_diagnosis(self.visit, form)) or [])

    @rule(code=CHARGES)
    def add_charge_line(self, code: str) -> None:
        self._change(lambda: add_charge(self.visit, code))

    @rule(code=CHARGES)
    def remove_charge_line(self, code: str) -> None:
        self._change(lambda: remove_charge(self.visit, code))

    @rule()
    def customer_agrees(self) -> None:
        self._change(lambda: agree_charges(self.visit))

    @rule()
    def start_the_repair(self) -> None:
        self._change(lambda: start_repair(self.visit))

    @rule()
    def stop_the_repair(self) -> None:
        self._change(lambda: pause_repair(self.visit))

    @rule(actions=TEXTS, minutes=st.sampled_from(["40", "", "-5", "abc", "100000"]))
    def note_the_repair(self, actions: str, minutes: str) -> None:
        form = {"actions": actions, "labour_minutes": minutes, "opened_unit": True}
        self._problems(self._change(lambda: save_repair(self.visit, form)) or [])

    @rule(add=st.booleans())
    def part(self, add: bool) -> None:
        self._change(lambda: (add_part if add else remove_part)(self.visit, "P520-LAMP"))

    @rule(kind=OUTCOMES, with_reason=st.booleans())
    def choose_outcome(self, kind: str, with_reason: bool) -> None:
        form = {**outcome_defaults(self.visit), "kind": kind,
                "reason": "备件缺货，需返修" if with_reason else "",
                "proposed_at": "2026-11-25 14:00", "centre_phone": "021-50501234"}  # fmt: skip
        self._problems(self._change(lambda: save_outcome(self.visit, form)) or [])

    @rule()
    def hand_over_loaner(self) -> None:
        outcome = self.visit.sheet.outcome
        if outcome is not None and outcome.kind == "return_to_centre":
            self._change(lambda: _loaner(self.visit))

    @rule()
    def draw_a_stroke(self) -> None:
        if not self.visit.editable:
            return
        shift = 5.0 * len(self.strokes)
        self.strokes.append([(x + shift, y + shift) for x, y in STROKE])
        keep_strokes(self.visit, "sign_off", self.strokes)

    @rule()
    def clear_the_pad(self) -> None:
        if self.visit.editable:
            self.strokes = []
            forget_strokes(self.visit, "sign_off")

    @rule()
    def customer_signs(self) -> None:
        if not self.visit.editable:
            return
        if not self.strokes:
            return  # an empty pad is refused before anything is saved (the pad says so)
        try:
            problems = sign(self.visit, self.strokes)
        except VisitLocked as locked:
            words(locked.message)  # the gate still lists items: said in words
            assert self.visit.gate()
            return
        self._problems(problems)
        if not problems:
            assert self.visit.sheet.sign_off is not None
            self.strokes = []
            forget_strokes(self.visit, "sign_off")

    @rule()
    def submit(self) -> None:
        if self.visit.sheet.sign_off is None:
            return
        if self.visit.editable:
            self.visit.submit()
        assert self.visit.submitted

    @rule()
    def kill_and_reopen(self) -> None:
        """The app is killed and started again: only what is on disk comes back."""
        expected = self.visit.sheet
        self.phone.close()
        self.phone = open_phone(self.store_dir, self.vault, self.clock)
        self.visit = self._open()
        assert self.visit.sheet.sheet_id == expected.sheet_id
        assert self.visit.sheet == expected
        if self.visit.editable:
            assert kept_strokes(self.visit, "sign_off") == self.strokes  # the pad as left

    @precondition(lambda self: self.visit.submitted)
    @rule()
    def try_a_new_visit(self) -> None:
        """A tap on the job of a submitted sheet starts nothing (but a booked next visit)."""
        before = self.phone.store.list_sheets(ticket_no=TICKET)
        outcome = self.visit.sheet.outcome
        try:
            start_visit(self.phone.store, self.phone.jobs.reference, TICKET)
        except VisitRefused as refused:
            words(refused.message)
        after = self.phone.store.list_sheets(ticket_no=TICKET)
        assert len(after) == len(before), "a tap started a second visit"
        assert outcome is not None

    @precondition(lambda self: self.visit.submitted)
    @rule()
    def supervisor_returns_it(self) -> None:
        sheet = self.visit.sheet
        self.phone.store.mark_pushed(sheet.sheet_id, self.phone.store.pending_sheets()[0].version)
        self.phone.store.apply_review_result(
            ReviewResult(sheet_id=sheet.sheet_id, revision=sheet.revision,
                         decision=ReviewDecision.RETURNED, comment="收费有误，请重新确认",
                         reviewed_at=self.clock()),
        )  # fmt: skip
        self.visit = self._open()
        assert self.visit.editable and self.visit.return_comment

    # -- what must hold after every action -----------------------------------------------------

    @invariant()
    def what_was_saved_is_on_disk(self) -> None:
        stored = self.phone.store.get_sheet(self.visit.sheet.sheet_id)
        assert stored == self.visit.sheet

    @invariant()
    def a_signed_sheet_is_still_reachable(self) -> None:
        """No dead end: on a copy of the phone, the gate's own directions lead to a signed,
        complete sheet."""
        if not self.visit.editable:
            return
        copy = self.folder / "copy"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(self.store_dir, copy / "store")  # every save is on disk already
        other = open_phone(copy / "store", self.vault, self.clock)
        try:
            left = finish(Visit.open(other.store, other.jobs.reference, TICKET, clock=self.clock))
        finally:
            other.close()
            shutil.rmtree(copy, ignore_errors=True)
        assert left == [], f"a dead end: the gate still says {left}"


VisitModel.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_the_visit_in_any_order = VisitModel.TestCase


def test_found_a_charge_arising_after_the_repair_started_is_not_a_dead_end() -> None:
    """The sequence the model found before the fix (issue 16, 1): the repair started, then
    an outside cause made it charged; agreeing afterwards left the gate saying 「用户同意收费
    的时间晚于开始维修」 whatever was done. Now the work stops, the customer agrees, it
    restarts."""
    state = VisitModel()
    try:
        state.start_the_repair()
        state.add_charge_line(code="SV-VISIT")
        state.diagnose(cause="outside_cause", symptoms="更换灯泡组件", explained=True)
        state.customer_agrees()  # refused while the work goes on, in words
        state.a_signed_sheet_is_still_reachable()
    finally:
        state.teardown()
