"""Crash safety: a process saving in a loop is SIGKILLed at random moments, over and over.

After every kill the next process opens the store (recovering), and at the end the test
checks that no file is unreadable, nothing was quarantined, and every operation the
killed processes reported as returned is on disk, with content and version together.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import IO

import pytest

from fieldapp.store import open_store

CHILD = Path(__file__).with_name("crash_child.py")
KILLS = 300


class Reported:
    """What the killed savers reported as done (the newest value of each)."""

    def __init__(self) -> None:
        self.versions: dict[str, int] = defaultdict(int)
        self.attempted: dict[str, int] = defaultdict(int)
        self.pushed: dict[str, int] = defaultdict(int)
        self.attachments: set[str] = set()
        self.cursor = -1
        self.orders: dict[str, int] = defaultdict(lambda: -1)
        self.saves = 0
        self.problems_seen: list[int] = []
        self.interrupted_writes = 0  # kills that left a temp file or two generations

    def take(self, line: str) -> None:
        kind, *args = line.split()
        if kind == "ready":
            self.problems_seen.append(int(args[0]))
            self.interrupted_writes += int(args[1]) + int(args[2]) > 0
        elif kind == "saving":
            self.attempted[args[0]] = max(self.attempted[args[0]], int(args[1]))
        elif kind == "saved":
            self.versions[args[0]] = max(self.versions[args[0]], int(args[1]))
            self.saves += 1
        elif kind == "pushed":
            self.pushed[args[0]] = max(self.pushed[args[0]], int(args[1]))
        elif kind == "attachment":
            self.attachments.add(args[0])
        elif kind == "cursor":
            self.cursor = max(self.cursor, int(args[0]))
        elif kind == "order":
            self.orders[args[0]] = max(self.orders[args[0]], int(args[1]))


def kill_delay(rng: random.Random) -> float:
    """Seconds to let a saver run: a quarter of the kills land while it is still opening."""
    if rng.random() < 0.25:
        return rng.uniform(0, 0.008)
    return rng.uniform(0.005, 0.05)


def read_until(stdout: IO[bytes], prefix: str, reported: Reported, errors: Path) -> str:
    while True:
        line = stdout.readline().decode()
        if not line:
            raise AssertionError(f"the crash child ended: {errors.read_text()[-3000:]}")
        if line.startswith(prefix):
            return line
        reported.take(line)


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_returned_save(tmp_path: Path) -> None:
    path = tmp_path / "store"
    errors = tmp_path / "child-stderr.txt"
    rng = random.Random(20261123)
    reported = Reported()
    started = time.monotonic()
    with errors.open("wb") as stderr:
        zygote = subprocess.Popen(
            [sys.executable, str(CHILD), str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
        assert zygote.stdin is not None and zygote.stdout is not None
        try:
            for round_no in range(KILLS):
                zygote.stdin.write(f"go {round_no}\n".encode())
                zygote.stdin.flush()
                pid = int(read_until(zygote.stdout, "child ", reported, errors).split()[1])
                time.sleep(kill_delay(rng))
                os.kill(pid, signal.SIGKILL)
                status = int(read_until(zygote.stdout, "exit ", reported, errors).split()[1])
                assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
                    f"saver {round_no} did not die by SIGKILL: {errors.read_text()[-3000:]}"
                )
        finally:
            zygote.stdin.close()
            zygote.wait(timeout=30)
    elapsed = time.monotonic() - started

    if set(reported.problems_seen) != {0}:
        with open_store(path) as store:
            found = [str(report.message) for report in store.problems()]
        raise AssertionError(f"a reopened store had to quarantine files: {found}")
    assert reported.saves > KILLS, f"only {reported.saves} saves before {KILLS} kills"
    # Saving is mostly fsync between creating the temp file and renaming it: many kills
    # must have landed there, or this test would prove nothing.
    assert reported.interrupted_writes > KILLS // 20, reported.interrupted_writes
    for file in path.rglob("*.json"):
        json.loads(file.read_bytes())  # every committed file is whole

    with open_store(path) as store:
        assert store.problems() == []
        # Interrupted writes of every kind (records, index, attachments) are cleared on open.
        assert not list(path.rglob(".*.tmp")), "interrupted writes are cleared on open"
        for sheet_id, version in reported.versions.items():
            summary = store.sheet_summary(sheet_id)
            assert summary is not None, sheet_id
            # Every save that returned is there; a save in flight at a kill may be there too
            # (it was durable before it could report), but never a version not attempted.
            assert version <= summary.version <= reported.attempted[sheet_id], (sheet_id, summary)
            sheet = store.get_sheet(sheet_id)
            assert sheet is not None and sheet.repair.actions == f"version {summary.version}"
            assert summary.marks.pushed_version >= reported.pushed[sheet_id], (sheet_id, summary)
            assert summary.pending == (summary.version > summary.marks.pushed_version)
        for sha in reported.attachments:
            store.read_attachment(sha)  # present and matching its hash
        cursor = store.sync_state().cursor
        assert int(cursor or -1) >= reported.cursor, (cursor, reported.cursor)
        for ticket, n in reported.orders.items():
            order = store.get_work_order(ticket)
            assert order is not None and int(order.service_centre.split()[1]) >= n, (order, n)
    print(
        f"\n{KILLS} kills in {elapsed:.1f} s, {reported.interrupted_writes} of them in the middle "
        f"of a file write; {reported.saves} saves reported, all found"
    )
