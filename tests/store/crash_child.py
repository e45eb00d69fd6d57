"""The process the crash test kills: a zygote that forks savers on demand.

Run as ``python -m tests.store.crash_child <store folder>`` from the repository root.
Python and the store are imported once; for every ``go <seed>`` line on stdin the zygote
forks a saver, reports ``child <pid>``, waits for it and reports ``exit <status>``. The
test SIGKILLs the saver at a random moment. Forking keeps 200+ kills well under a minute on
a small machine.

A saver counts the temporary files and superseded generations the last kill left, opens
the store (recovering), reports ``ready <quarantined files> <temp files> <stale files>``,
then loops forever, now and then closing and reopening the store. It reports each operation
only after it returned (and each save also before it starts):

- ``saving <sheet_id> <version>`` before calling ``save_sheet``, and ``saved <sheet_id>
  <version>`` once it returned that version; the sheet's text says ``version <n>`` so
  content and version can be checked together;
- ``pushed <sheet_id> <version>``: ``mark_pushed`` returned;
- ``attachment <sha256>``: ``put_attachment`` returned;
- ``cursor <n>``: ``set_cursor`` returned;
- ``order <ticket_no> <n>``: ``apply_work_order`` stored a service centre named ``centre <n>``.
"""

from __future__ import annotations

import os
import random
import sys
import uuid
from datetime import datetime, timedelta, timezone

from fieldapp.domain.job_sheet import AttachmentRef, JobSheet
from fieldapp.domain.work_order import Customer, RegisteredProduct, WorkOrder
from fieldapp.store import open_store
from tests.support.sheets import job_sheet

SHEET_IDS = [str(uuid.UUID(int=n + 1)) for n in range(8)]
TICKETS = [f"BX20261122-{n:04d}" for n in range(1, 4)]
CST = timezone(timedelta(hours=8))
STARTED = datetime(2026, 11, 23, 10, 0, tzinfo=CST)


def sheet_at(sheet_id: str, version: int, photos: list[AttachmentRef]) -> JobSheet:
    """The sheet as saved for ``version`` (about 3 KB); its text names the version."""
    return job_sheet(
        TICKETS[0],
        "tech-07",
        stage="started",
        sheet_id=sheet_id,
        visit=STARTED,
        updated=STARTED + timedelta(seconds=version),
        device_id="",
        symptoms="开机无图像，灯泡不亮",
        cause_notes="更换镇流器，试机正常。" * 80,
        explained=False,
        actions=f"version {version}",
        photos=photos,
    )


def order_at(ticket_no: str, n: int) -> WorkOrder:
    return WorkOrder(
        ticket_no=ticket_no,
        customer=Customer(name="王女士", phone="13800138000", address="上海市徐汇区漕溪北路 88 号"),
        product=RegisteredProduct(brand="MH", model="MH-P520"),
        reported_fault="开机后无图像",
        reported_at=STARTED - timedelta(days=1),
        service_centre=f"centre {n}",
    )


def report(line: str) -> None:
    os.write(1, (line + "\n").encode())  # one write per line: never interleaved or torn


def leftovers(path: str) -> tuple[int, int]:
    """Temp files and superseded generations a kill left behind (before recovery)."""
    temps = stale = 0
    for folder in ("sheets", "orders"):
        try:
            names = os.listdir(os.path.join(path, folder))
        except FileNotFoundError:
            continue
        temps += sum(name.endswith(".tmp") for name in names)
        keys = [name.split(".")[0] for name in names if name.endswith(".json")]
        stale += len(keys) - len(set(keys))
    return temps, stale


def saver(path: str, seed: int) -> None:
    temps, stale = leftovers(path)
    store = open_store(path)
    report(f"ready {len(store.problems())} {temps} {stale}")
    rng = random.Random(seed)
    n = seed * 1_000_000  # increases across savers, so the last value reported is the newest
    while True:
        n += 1
        sheet_id = rng.choice(SHEET_IDS)
        summary = store.sheet_summary(sheet_id)
        version = (summary.version if summary else 0) + 1
        photos: list[AttachmentRef] = []
        if rng.random() < 0.15:
            ref = store.put_attachment(rng.randbytes(rng.randint(1, 50_000)), "image/jpeg")
            report(f"attachment {ref.sha256}")
            photos = [ref]
        report(f"saving {sheet_id} {version}")
        saved = store.save_sheet(sheet_at(sheet_id, version, photos))
        assert saved == version, (saved, version)
        report(f"saved {sheet_id} {saved}")
        if rng.random() < 0.3:
            pushed = rng.randint(max(1, version - 2), version)
            store.mark_pushed(sheet_id, pushed)
            report(f"pushed {sheet_id} {pushed}")
        if rng.random() < 0.1:
            store.set_cursor(str(n))
            report(f"cursor {n}")
        if rng.random() < 0.03:  # close (compacts the index) and open again
            store.close()
            store = open_store(path)
        if rng.random() < 0.1:
            ticket = rng.choice(TICKETS)
            store.apply_work_order(order_at(ticket, n))
            report(f"order {ticket} {n}")


def main(path: str) -> None:
    for line in sys.stdin:
        command, _, seed = line.partition(" ")
        if command != "go":
            break
        pid = os.fork()
        if pid == 0:
            try:
                saver(path, int(seed))
            finally:
                os._exit(3)  # only reached on an error: the saver loops until killed
        report(f"child {pid}")
        _, status = os.waitpid(pid, 0)
        report(f"exit {status}")


if __name__ == "__main__":
    main(sys.argv[1])
