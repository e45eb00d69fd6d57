"""Work order status changes: which are allowed, and the words for a refused one."""

from __future__ import annotations

import itertools

import pytest

from fieldapp.domain.order_status import (
    ALLOWED_CHANGES,
    STATUS_NAMES,
    WORKED_ON,
    change_allowed,
    is_finished,
    refused_change,
    status_after_review,
    status_after_sheet,
)
from fieldapp.domain.work_order import WorkOrderStatus as S

TICKET = "BX20261123-0007"

# Every move the service makes today, by who makes it.
MOVES = [
    (S.RECORDED, S.ASSIGNED),  # the supervisor assigns
    (S.ASSIGNED, S.ASSIGNED),  # edited or reassigned
    (S.IN_PROGRESS, S.ASSIGNED),  # reassigned while the visit is under way
    (S.AWAITING_REVIEW, S.ASSIGNED),  # reassigned while waiting for review
    (S.ASSIGNED, S.IN_PROGRESS),  # the technician's first save reaches the service
    (S.ASSIGNED, S.AWAITING_REVIEW),  # ... already signed
    (S.IN_PROGRESS, S.AWAITING_REVIEW),  # the customer signed
    (S.AWAITING_REVIEW, S.IN_PROGRESS),  # returned, or approved without a fix on site
    (S.AWAITING_REVIEW, S.CLOSED),  # approved, fixed on site
    (S.CLOSED, S.AWAITING_REVIEW),  # a new revision of an approved sheet
    (S.CLOSED, S.IN_PROGRESS),  # another sheet of the order approved, not fixed
    *[(status, S.CANCELLED) for status in (S.RECORDED, S.ASSIGNED, S.IN_PROGRESS)],
    (S.AWAITING_REVIEW, S.CANCELLED),
]


@pytest.mark.parametrize(("current", "wanted"), MOVES)
def test_the_moves_the_service_makes_are_allowed(current: S, wanted: S) -> None:
    assert change_allowed(current, wanted)
    assert refused_change(TICKET, current, wanted) is None


def test_every_status_has_a_row_and_a_name_in_both_languages() -> None:
    assert set(ALLOWED_CHANGES) == set(S)
    for status in S:
        assert STATUS_NAMES[status].zh and STATUS_NAMES[status].en


@pytest.mark.parametrize("finished", [S.CLOSED, S.CANCELLED])
def test_a_finished_order_cannot_be_edited_reassigned_or_cancelled(finished: S) -> None:
    assert is_finished(finished)
    for wanted in (finished, S.ASSIGNED, S.CANCELLED, S.RECORDED):
        refusal = refused_change(TICKET, finished, wanted)
        assert refusal is not None
        assert refusal.zh == f"工作单 {TICKET} {STATUS_NAMES[finished].zh}，不能再修改"
        assert refusal.en == f"work order {TICKET} is {finished.value} and can no longer change"


def test_a_cancelled_order_never_moves_again() -> None:
    assert not any(change_allowed(S.CANCELLED, wanted) for wanted in S)


def test_nothing_goes_back_to_recorded_and_an_unassigned_order_is_not_worked_on() -> None:
    for current in S:
        if current is not S.RECORDED:
            assert not change_allowed(current, S.RECORDED)
    for wanted in (S.IN_PROGRESS, S.AWAITING_REVIEW, S.CLOSED):
        assert not change_allowed(S.RECORDED, wanted)


def test_only_closed_and_cancelled_are_finished() -> None:
    assert {status for status in S if is_finished(status)} == {S.CLOSED, S.CANCELLED}


@pytest.mark.parametrize(("current", "wanted"), list(itertools.product(S, S)))
def test_every_refusal_names_the_order_and_both_statuses(current: S, wanted: S) -> None:
    refusal = refused_change(TICKET, current, wanted)
    if change_allowed(current, wanted):
        assert refusal is None
        return
    assert refusal is not None
    assert TICKET in refusal.zh and TICKET in refusal.en
    assert STATUS_NAMES[current].zh in refusal.zh
    if not is_finished(current):
        assert STATUS_NAMES[wanted].zh in refusal.zh
        assert STATUS_NAMES[wanted].en in refusal.en


@pytest.mark.parametrize("current", [S.ASSIGNED, S.IN_PROGRESS, S.AWAITING_REVIEW, S.CLOSED])
def test_a_sheet_from_the_phone_moves_the_order_on_and_only_where_allowed(current: S) -> None:
    assert status_after_sheet(current, signed=True) is S.AWAITING_REVIEW
    draft = status_after_sheet(current, signed=False)
    assert draft is (S.IN_PROGRESS if current is S.ASSIGNED else current)
    for signed in (True, False):
        after = status_after_sheet(current, signed=signed)
        assert after is current or change_allowed(current, after)  # staying is no change


@pytest.mark.parametrize("current", [S.ASSIGNED, S.IN_PROGRESS, S.AWAITING_REVIEW, S.CLOSED])
def test_a_review_closes_the_order_reopens_it_or_leaves_it(current: S) -> None:
    assert status_after_review(current, approved=True, fixed_on_site=True) is S.CLOSED
    assert status_after_review(current, approved=True, fixed_on_site=False) is S.IN_PROGRESS
    returned = status_after_review(current, approved=False, fixed_on_site=False)
    assert returned is (S.IN_PROGRESS if current is S.AWAITING_REVIEW else current)
    for approved, fixed in itertools.product((True, False), repeat=2):
        after = status_after_review(current, approved=approved, fixed_on_site=fixed)
        assert after is current or change_allowed(current, after)  # staying is no change


def test_a_cancelled_order_stays_cancelled_whatever_the_review_says() -> None:
    for approved, fixed in itertools.product((True, False), repeat=2):
        assert status_after_review(S.CANCELLED, approved=approved, fixed_on_site=fixed) is (
            S.CANCELLED
        )


def test_a_technician_carries_the_assigned_orders_not_yet_finished() -> None:
    assert {S.ASSIGNED, S.IN_PROGRESS, S.AWAITING_REVIEW} == WORKED_ON
    assert not WORKED_ON & {status for status in S if is_finished(status)}
