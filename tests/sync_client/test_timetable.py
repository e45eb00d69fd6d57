"""The runner's timetable, stepped through by hand: when it syncs and when it checks."""

from __future__ import annotations

from fieldapp.sync_client.timetable import Action, Checks, Timetable

CHECKS = Checks(queued=5.0, idle=60.0)
INTERVAL = 300.0


def after_a_round(now: float = 0.0) -> Timetable:
    """Online, the first round done at ``now``."""
    table = Timetable(CHECKS)
    table.ask_round()
    assert table.next(now, queued=False) == (Action.ROUND, 0.0)
    table.round_started()
    table.synced(now, INTERVAL)
    return table


def test_with_nothing_queued_it_checks_a_minute_after_it_last_heard_and_pulls_each_interval() -> (
    None
):
    table = after_a_round()
    assert table.next(1.0, queued=False) == (None, 59.0)
    assert table.next(60.0, queued=False) == (Action.CHECK, 0.0)
    table.check_started()
    table.heard(60.0, answered=True, was_online=True)
    assert table.next(60.0, queued=False) == (None, 60.0)
    table.heard(299.0, answered=True, was_online=True)  # e.g. a screen's own request
    assert table.next(300.0, queued=False) == (Action.ROUND, 0.0)


def test_something_queued_makes_it_check_every_few_seconds() -> None:
    table = after_a_round()
    assert table.next(1.0, queued=True) == (None, 4.0)
    assert table.next(5.0, queued=True) == (Action.CHECK, 0.0)


def test_offline_it_plans_no_round_and_the_first_answer_sends_what_waits() -> None:
    table = after_a_round()
    table.unreachable(10.0)  # a request found no connection
    assert table.round_due is None
    for now in (10.0, 15.0, 20.0):
        action, _ = table.next(now + 0.01, queued=True)
        assert action is None  # not yet 5 s since the last try
        assert table.next(now + 5.0, queued=True) == (Action.CHECK, 0.0)
        table.check_started()
        table.heard(now + 5.0, answered=False, was_online=False)
    # Hours offline change nothing: a check every 5 s, never a round, never a longer wait.
    assert table.next(26.0, queued=True) == (None, 4.0)
    table.heard(30.0, answered=True, was_online=False)
    assert table.next(30.0, queued=True) == (Action.ROUND, 0.0)


def test_offline_with_nothing_queued_it_checks_once_a_minute() -> None:
    table = after_a_round()
    table.unreachable(10.0)
    assert table.next(11.0, queued=False) == (None, 59.0)
    assert table.next(70.0, queued=False) == (Action.CHECK, 0.0)


def test_an_error_the_service_returns_is_backed_off_from_and_no_answer_cuts_it_short() -> None:
    table = after_a_round()
    table.ask_round()
    table.round_started()
    table.refused(10.0, delay=40.0)  # 503: the backoff says 40 s
    assert table.next(15.0, queued=True) == (Action.CHECK, 0.0)  # checks go on...
    table.check_started()
    table.heard(15.0, answered=True, was_online=True)
    assert table.next(15.0, queued=True) == (None, 5.0)  # ...but start no round
    # Even after an outage in between, the round waits for the backoff to end.
    table.heard(20.0, answered=False, was_online=True)
    table.heard(25.0, answered=True, was_online=False)
    assert table.next(25.0, queued=True) == (None, 5.0)
    assert table.next(50.0, queued=True) == (Action.ROUND, 0.0)


def test_sync_now_runs_a_round_whatever_is_planned() -> None:
    table = after_a_round()
    table.refused(10.0, delay=200.0)
    table.ask_round()
    assert table.next(11.0, queued=True) == (Action.ROUND, 0.0)
    table.round_started()
    table.synced(12.0, INTERVAL)
    assert table.not_before < 0  # a success ends the backoff


def test_an_asked_check_runs_at_once() -> None:
    table = after_a_round()
    table.ask_check()  # the app came back to the foreground
    assert table.next(1.0, queued=False) == (Action.CHECK, 0.0)
    table.check_started()
    table.heard(1.0, answered=True, was_online=True)
    assert table.next(1.0, queued=False) == (None, 60.0)


def test_waiting_for_a_sign_in_plans_no_round() -> None:
    table = after_a_round()
    table.refused(10.0, delay=None)  # 401: until the technician signs in (then 立即同步)
    assert table.round_due is None
    assert table.next(11.0, queued=True) == (None, 4.0)
