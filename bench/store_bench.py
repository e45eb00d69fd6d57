"""Benchmark of the offline store (issue 3), with stock TinyDB and SQLite measured in the same run.

Measures, with 100, 1,000 and 5,000 jobs (a work order and a ~3 KB job sheet each) on the
device:

- the latency of saving one changed job sheet (median and p99), in
  * the store (``fieldapp.store``: one atomic, fsynced TinyDB file per job + index journal),
  * stock TinyDB (``JSONStorage``, every sheet in one file; the reference of the issue),
  * SQLite in WAL mode with ``synchronous=FULL`` (one fsynced commit per save: the floor
    of what a durable save costs on this disk),
  * a bare durable file replace (temp file, fsync, rename, folder fsync) of 3 KB;
- opening the store with 5,000 jobs and listing today's jobs, after a clean close and
  after an unclean exit (the app killed after 500 saves), next to stock TinyDB opening
  its file and searching today's jobs.

Run from the repository root: ``.venv/bin/python -m bench.store_bench`` (about a minute;
``--quick`` for a smoke run, ``--dir`` to measure on another file system). fsync is real:
nothing is disabled. Opening is timed inside a fresh process, as when the app starts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from tinydb import TinyDB

from fieldapp.domain.job_sheet import AttachmentRef, ChargeLine, Charges, JobSheet, PartUsed
from fieldapp.domain.work_order import WorkOrder
from fieldapp.reference import bundled_reference
from fieldapp.store import Store, open_store
from fieldapp.store.atomic import write_atomic
from tests.support.orders import an_order
from tests.support.sheets import edited, job_sheet
from tests.support.times import VISIT_DAY

ROOT = Path(__file__).resolve().parent.parent  # the unclean child imports bench.store_bench
TODAY = VISIT_DAY
CHECKLISTS = bundled_reference().checklists
REFERENCE_VERSIONS = {"checklists": "2026.1", "catalogue": "2026.3", "prices": "2026.2"}
STROKES = [
    [(10.0 + 3 * i, 40.0 + (i * 7) % 30) for i in range(14)],
    [(60.0 + 4 * i, 20.0 + (i * 5) % 40) for i in range(14)],
]
SIZES = (100, 1_000, 5_000)


# -- realistic data -----------------------------------------------------------------------------


def job_day(n: int) -> date:
    """Jobs spread over the last 250 days; about 20 a day, today included."""
    return TODAY - timedelta(days=n % 250)


def sample_order(n: int) -> WorkOrder:
    """Job ``n``'s work order, booked at 10:00 on its day and assigned."""
    return an_order(n % 10_000, day=job_day(n))


def _photo(n: int, k: int) -> AttachmentRef:
    return AttachmentRef(sha256=f"{n:032x}{k:032x}", size=180_000 + k, caption="维修前后对比")


def sample_sheet(n: int, order: WorkOrder) -> JobSheet:
    """A filled and signed job sheet of about 3 KB of JSON."""
    arrived = (order.appointment or order.reported_at) + timedelta(minutes=5)
    sheet = job_sheet(
        order.ticket_no,
        "tech-07",
        sheet_id=str(uuid.UUID(int=n + 1)),
        visit=arrived,
        updated=arrived + timedelta(hours=1),
        device_id="device-0001",
        checklists=CHECKLISTS,
        brand="MH",
        serial=f"PJ52{n:08d}",
        purchase_date=date(2026, 3, 2),
        evidence_photos=[_photo(n, 1)],
        symptoms="开机无图像，灯泡不亮，风扇正常运转",
        cause_notes="镇流器输出异常，灯泡本身正常",
        explained=False,
        repair_started=arrived + timedelta(minutes=15),
        actions="更换镇流器，清洁滤网与光路，试机两小时正常",
        parts=[PartUsed(part_no="P520-BALLAST", quantity=1)],
        labour_minutes=75,
        photos=[_photo(n, 2), _photo(n, 3)],
        opened_unit=True,
        charges=Charges(
            lines=[ChargeLine(code="LAB-ONSITE", quantity=1, unit_price_fen=8000)],
            price_list_version="2026.2",
            customer_agreed_at=arrived + timedelta(minutes=10),
        ),
        comment="师傅很专业，讲解清楚",
        signer="王女士",
        signature=_photo(n, 4),
        strokes=STROKES,
        signed_at=arrived + timedelta(hours=1),
    )
    # Not part of what the customer signed: the hash stays right.
    return sheet.model_copy(update={"reference_versions": REFERENCE_VERSIONS})


def changed(sheet: JobSheet, k: int) -> JobSheet:
    """The sheet after a technician's edit."""
    return edited(sheet, f"更换镇流器，试机正常（第 {k} 次修改）")


# -- measuring ------------------------------------------------------------------------------------


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary(values: list[float]) -> tuple[float, float, int]:
    return statistics.median(values), percentile(values, 99), len(values)


def fill_store(store: Store, start: int, stop: int) -> None:
    for n in range(start, stop):
        order = sample_order(n)
        store.apply_work_order(order)
        store.save_sheet(sample_sheet(n, order))


def edited_sheet(n: int, k: int) -> JobSheet:
    """Job ``n``'s sheet after edit ``k``, built outside any timing (the app does not hold
    thousands of sheets in memory either)."""
    return changed(sample_sheet(n, sample_order(n)), k)


def stock_tinydb_saves(folder: Path, size: int, samples: int) -> list[float]:
    """Stock TinyDB (JSONStorage): ``size`` sheets in one file, ``samples`` updates."""
    path = folder / f"stock-{size}.json"
    docs = [
        {**sample_sheet(n, sample_order(n)).model_dump(mode="json"), "day": job_day(n).isoformat()}
        for n in range(size)
    ]
    with TinyDB(path) as db:
        db.insert_multiple(docs)
        rng = random.Random(7)
        times = []
        for k in range(samples):
            doc_id = rng.randint(1, size)
            doc = {**docs[doc_id - 1], "repair": {**docs[doc_id - 1]["repair"], "actions": f"{k}"}}
            times.append(timed(lambda d=doc, i=doc_id: db.update(d, doc_ids=[i])))
    return times


class SQLiteReference:
    """SQLite, WAL, synchronous=FULL: one fsynced commit per save."""

    def __init__(self, folder: Path, size: int) -> None:
        self.db = sqlite3.connect(folder / f"sqlite-{size}.db", isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("CREATE TABLE sheets (id INTEGER PRIMARY KEY, doc TEXT NOT NULL)")
        self.db.execute("BEGIN")
        self.db.executemany(
            "INSERT INTO sheets VALUES (?, ?)",
            ((n, sample_sheet(n, sample_order(n)).model_dump_json()) for n in range(size)),
        )
        self.db.execute("COMMIT")

    def save(self, n: int, sheet: JobSheet) -> float:
        doc = sheet.model_dump_json()
        return timed(lambda: self.db.execute("REPLACE INTO sheets VALUES (?, ?)", (n, doc)))


def bare_replace(folder: Path) -> Callable[[], float]:
    """A durable atomic replace of a 3 KB file: the floor of any crash-safe file save."""
    data = json.dumps(sample_sheet(0, sample_order(0)).model_dump(mode="json")).encode()
    target = folder / "bare.json"
    return lambda: timed(lambda: write_atomic(target, data))


OPEN_AND_LIST = """
import sys, time
from datetime import date
from fieldapp.store import open_store
start = time.perf_counter()
store = open_store(sys.argv[1])
orders = store.list_work_orders(day=date.fromisoformat(sys.argv[2]))
sheets = store.list_sheets(day=date.fromisoformat(sys.argv[2]))
elapsed = (time.perf_counter() - start) * 1000
store.close()
print(elapsed, len(orders), len(sheets))
"""


def open_and_list_today(path: Path) -> tuple[float, int, int]:
    """Open + list today's jobs, timed inside a fresh process, as when the app starts."""
    result = subprocess.run(
        [sys.executable, "-c", OPEN_AND_LIST, str(path), TODAY.isoformat()],
        check=True,
        capture_output=True,
        text=True,
    )
    elapsed, orders, sheets = result.stdout.split()
    return float(elapsed), int(orders), int(sheets)


UNCLEAN_CHILD = """
import os
from bench.store_bench import changed, sample_order, sample_sheet
from fieldapp.store import open_store
store = open_store({path!r})
for k in range(500):
    n = k * 7 % {size}
    store.save_sheet(changed(sample_sheet(n, sample_order(n)), k))
os._exit(0)  # no close(): the index snapshot is not rewritten, as after a kill
"""


def unclean_exit(path: Path, size: int) -> None:
    code = UNCLEAN_CHILD.format(path=str(path), size=size)
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


STOCK_OPEN_AND_SEARCH = """
import sys, time
from tinydb import Query, TinyDB
start = time.perf_counter()
with TinyDB(sys.argv[1]) as db:
    db.search(Query().day == sys.argv[2])
print((time.perf_counter() - start) * 1000)
"""


def stock_open_and_list_today(folder: Path, size: int) -> float:
    """Stock TinyDB opening its file and searching today's sheets, in a fresh process."""
    path = folder / f"stock-{size}.json"
    result = subprocess.run(
        [sys.executable, "-c", STOCK_OPEN_AND_SEARCH, str(path), TODAY.isoformat()],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(result.stdout)


# -- the run --------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=None, help="where to create the test data")
    parser.add_argument("--quick", action="store_true", help="fewer samples (smoke run)")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="store-bench-", dir=args.dir))
    samples = 200 if args.quick else 1000
    stock_samples = (
        {100: 100, 1_000: 40, 5_000: 15} if args.quick else {100: 200, 1_000: 80, 5_000: 30}
    )
    print(f"data in {base} (python {sys.version.split()[0]}, {os.cpu_count()} cpus)")
    print(f"load average at start: {_load()}\n")
    try:
        run(base, samples, stock_samples)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f"\nload average at end: {_load()} (other work on the machine shows in the p99)")
    return 0


def run(base: Path, samples: int, stock_samples: dict[int, int]) -> None:
    stores = {size: open_store(base / f"store-{size}") for size in SIZES}
    for size, store in stores.items():
        fill_store(store, 0, size)
    lites = {size: SQLiteReference(base, size) for size in SIZES}
    floor_save = bare_replace(base)
    ours: dict[int, list[float]] = {size: [] for size in SIZES}
    lite: dict[int, list[float]] = {size: [] for size in SIZES}
    floor: list[float] = []
    rng = random.Random(7)
    # Interleaved: every round saves once in each store, so that other work on the machine
    # weighs on every size alike.
    for k in range(samples):
        for size in SIZES:
            n = rng.randrange(size)
            sheet = edited_sheet(n, k)
            ours[size].append(timed(lambda st=stores[size], sh=sheet: st.save_sheet(sh)))
            lite[size].append(lites[size].save(n, sheet))
        floor.append(floor_save())
    for store in stores.values():
        store.close()
    rows = [
        (
            size,
            summary(ours[size]),
            summary(stock_tinydb_saves(base, size, stock_samples[size])),
            summary(lite[size]),
        )
        for size in SIZES
    ]
    store_path = base / f"store-{SIZES[-1]}"
    sheet_kb = len(sample_sheet(0, sample_order(0)).model_dump_json()) / 1024

    print(f"Save of one changed job sheet ({sheet_kb:.1f} KB JSON), ms: median / p99 (samples)")
    header = ("jobs", "store (ours)", "stock TinyDB", "SQLite WAL FULL")
    print(f"{header[0]:>6} | {header[1]:>22} | {header[2]:>22} | {header[3]:>22}")
    print("-" * 82)
    for size, ours, stock, lite in rows:
        print(f"{size:>6} | {_cell(ours):>22} | {_cell(stock):>22} | {_cell(lite):>22}")
    print(f"bare durable replace of 3 KB (temp+fsync+rename+dir fsync): {_cell(summary(floor))}")

    clean = [open_and_list_today(store_path) for _ in range(5)]
    stock_open = [stock_open_and_list_today(base, SIZES[-1]) for _ in range(3)]
    unclean_exit(store_path, SIZES[-1])
    after_crash, n_orders, n_sheets = open_and_list_today(store_path)
    print(
        f"\nOpen with {SIZES[-1]:,} jobs and list today's jobs ({n_orders} orders, "
        f"{n_sheets} sheets), ms"
    )
    clean_times = sorted(t for t, *_ in clean)
    print(
        f"  store, after a clean close (median of 5):           {clean_times[2]:8.1f}"
        f"   (all: {', '.join(f'{t:.0f}' for t in clean_times)})"
    )
    print(f"  store, after an unclean exit (500 unindexed saves): {after_crash:8.1f}")
    stock_median = statistics.median(stock_open)
    print(f"  stock TinyDB, open + search (median of 3):          {stock_median:8.1f}")

    small, large = rows[0][1][0], rows[-1][1][0]
    print("\nTargets (issue 3), store at 5,000 jobs:")
    print(f"  median <= 3 ms: {large:.2f} ms -> {'met' if large <= 3 else 'NOT met'}")
    print(
        f"  p99 <= 10 ms: {rows[-1][1][1]:.2f} ms -> {'met' if rows[-1][1][1] <= 10 else 'NOT met'}"
    )
    ratio = large / small
    print(
        f"  5,000-job median within 1.5x of 100-job: {ratio:.2f}x -> "
        f"{'met' if ratio <= 1.5 else 'NOT met'}"
    )
    worst_open = max(after_crash, *(t for t, *_ in clean))
    print(
        f"  open + list today <= 200 ms: worst {worst_open:.1f} ms -> "
        f"{'met' if worst_open <= 200 else 'NOT met'}"
    )


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _cell(stats: tuple[float, float, int]) -> str:
    median, p99, n = stats
    return f"{median:7.2f} / {p99:7.2f} ({n})"


if __name__ == "__main__":
    sys.exit(main())
