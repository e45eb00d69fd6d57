"""The round trip a technician feels, this tree beside a reference revision, in one run.

Issue 17 (4): with 2,000 jobs on the device and the renderer as the app serves it,

- cold start: from starting ``fieldapp app --web`` to today's list visible in Chromium;
- open a job: tap a row of today's list to the job's details shown;
- a tick whose count Python computes: an arrival check on the job's details
  (「到达检查 n/2」) and a 「5个1」 item in the visit (「已完成 n/3」);

each measured by E2E.md's method (pointer-up to the first DOM mutation that shows the
new text, both on the page's ``performance.now()``; no polling in the figure).

``--reference REV`` runs the same measurements on the code of another revision, taken
with ``git archive`` into a temporary folder and started from there (its ``fieldapp`` is
imported first: ``PYTHONPATH``), on a copy of the same device. The two alternate round
by round, so a change in the machine's load falls on both columns alike. Each round is
one cold start followed by the taps on that page (phone size, 390x844).

    .venv/bin/python -m bench.round_trip_bench --reference b1b230c     # about 8 minutes
    .venv/bin/python -m bench.round_trip_bench --rounds 2 --taps 20    # a smoke run
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bench.app_bench import job_openings, make_device, rss_mb, wait_text
from tests.support.service import free_port
from tests.ui.harness import PHONE, Browser, centre, measure_tap, percentile

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"cold": 2.5, "open": 150.0, "arrival": 50.0, "five": 50.0}


@dataclass
class Code:
    """A version of the app to run: this tree, or a revision unpacked into ``folder``."""

    label: str
    folder: Path
    device: Path
    figures: dict[str, list[float]] = field(default_factory=dict)
    rss: float = 0.0

    def env(self) -> dict[str, str]:
        env = {**os.environ, "FLET_FORCE_WEB_SERVER": "1"}
        env["PYTHONPATH"] = os.pathsep.join([str(self.folder), env.get("PYTHONPATH", "")])
        return env

    def add(self, key: str, values: list[float]) -> None:
        self.figures.setdefault(key, []).extend(values)


def unpack(revision: str, into: Path) -> Path:
    """The tree of ``revision`` (committed files only) in ``into``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision], cwd=ROOT, check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def imported_from(code: Code) -> str:
    """Where the app's process would import ``fieldapp`` from (checked, not assumed)."""
    return subprocess.run(
        [sys.executable, "-c", "import fieldapp; print(fieldapp.__file__)"],
        cwd=code.folder, env=code.env(), check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip


def start(code: Code) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "fieldapp", "app", "--web", "--port", str(port),
         "--store-dir", str(code.device / "store")],
        cwd=code.folder, env=code.env(),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return process, url
        except requests.ConnectionError:
            time.sleep(0.02)
    process.kill()
    raise SystemExit(f"{code.label}: the app did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def alternate(page, point, texts: tuple[str, str], count: int, warmup: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Tap ``point`` ``count + warmup`` times (an even number: it ends where it began),
    each time to the next of ``texts`` shown."""
    found = []
    total = count + warmup + (count + warmup) % 2
    for n in range(total):
        latency = measure_tap(page, point[0], point[1], texts[n % 2])
        if n >= warmup:
            found.append(latency)
        time.sleep(0.05)
    return found


def one_round(browser: Browser, code: Code, first_customer: str, taps: int) -> None:
    """A cold start, then the taps on that page."""
    started = time.perf_counter()
    process, url = start(code)
    answered = time.perf_counter()
    try:
        page = browser.open(url, PHONE)
        loaded = time.perf_counter()
        wait_text(page, first_customer)
        shown = time.perf_counter()
        code.add("cold", [shown - started])
        code.add("up", [answered - started])
        code.add("client", [loaded - answered])
        code.add("list", [shown - loaded])
        time.sleep(1)
        code.rss = max(code.rss, rss_mb(process.pid))
        code.add("open", job_openings(page, taps // 2, warmup=2))
        # The arrival checks of the visit under way (the first job of today), counted by Python.
        page.locator("[flt-semantics-identifier^='job-']").first.click()
        wait_text(page, "到达检查 0/2")
        box = centre(page.get_by_role("checkbox", name="出示工作证"))
        code.add("arrival", alternate(page, box, ("到达检查 1/2", "到达检查 0/2"), taps, 4))
        # A 「5个1」 item in the visit itself: 一块洁净布 on and off, 一声问候 kept ticked.
        page.locator("[flt-semantics-identifier='start-visit']").first.click()
        try:
            wait_text(page, "已出示工作证")
        except Exception:
            shot = Path(tempfile.gettempdir()) / f"round-trip-{code.label.replace(' ', '-')}.png"
            page.screenshot(path=str(shot))
            print(f"the visit did not open; the page: {shot}", flush=True)
            raise
        page.locator("[flt-semantics-identifier='step-etiquette']").first.click()
        wait_text(page, "一块洁净布")
        greeting = page.locator("[flt-semantics-identifier='tick-greeting'] [role=checkbox]")
        if greeting.first.get_attribute("aria-checked") != "true":
            x, y = centre(greeting.first)
            measure_tap(page, x, y, "已完成 1/3")
        cloth = page.locator("[flt-semantics-identifier='tick-clean_cloth'] [role=checkbox]")
        point = centre(cloth.first)
        code.add("five", alternate(page, point, ("已完成 2/3", "已完成 1/3"), taps, 4))
        page.context.close()
    finally:
        browser.close_pages()
        stop(process)


def cell(values: list[float], seconds: bool = False) -> str:
    if not values:
        return f"{'—':>22}"
    p50, p95 = statistics.median(values), percentile(values, 95)
    digits = 2 if seconds else 1
    return f"{p50:7.{digits}f} {p95:7.{digits}f} {max(values):6.{digits}f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", help="a revision to measure beside this tree")
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5, help="cold starts per version")
    parser.add_argument("--taps", type=int, default=40, help="taps of each kind per round")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="fieldapp-round-trip-"))
    browser = Browser()
    try:
        began = time.perf_counter()
        customers = make_device(root / "device", args.jobs)
        print(f"device with {args.jobs} jobs made in {time.perf_counter() - began:.1f} s")
        versions = [Code("this tree", ROOT, root / "device-this")]
        if args.reference:
            folder = unpack(args.reference, root / "reference")
            versions.insert(0, Code(args.reference, folder, root / "device-reference"))
        for code in versions:
            shutil.copytree(root / "device", code.device)
            print(f"{code.label}: fieldapp from {imported_from(code)}", flush=True)
        for n in range(args.rounds):
            # Alternating which goes first, so neither always runs on a machine just woken.
            for code in versions if n % 2 == 0 else versions[::-1]:
                try:
                    one_round(browser, code, customers[0], args.taps)
                except Exception:
                    print(f"round {n + 1} failed on {code.label}", flush=True)
                    raise
            print(f"round {n + 1} of {args.rounds} done", flush=True)
    finally:
        browser.close()
        shutil.rmtree(root, ignore_errors=True)

    load = os.getloadavg()
    print(f"\nround trip — {args.jobs} jobs on the device, Chromium {PHONE[0]}x{PHONE[1]}, "
          f"{args.rounds} rounds, load {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f} "
          f"({os.cpu_count()} cores)")  # fmt: skip
    head = "".join(f"{code.label:>24}" for code in versions)
    print(f"{'':44}{head}")
    print(f"{'':44}" + "".join(f"{'p50     p95    max':>24}" for _ in versions))
    rows = [
        ("cold", "cold start to today's list (s)", True),
        ("up", "  of which: the app process answers (s)", True),
        ("client", "  the web client loaded, semantics on (s)", True),
        ("list", "  the first session until the list (s)", True),
        ("open", "open a job from the list (ms)", False),
        ("arrival", "arrival check tick, Python's count (ms)", False),
        ("five", "「5个1」 tick, Python's count (ms)", False),
    ]
    for key, label, seconds in rows:
        cells = "".join(f"{cell(code.figures.get(key, []), seconds):>24}" for code in versions)
        print(f"{label:44}{cells}")
    print(
        f"{'app memory, highest (MB RSS)':44}" + "".join(f"{code.rss:>24.0f}" for code in versions)
    )
    for code in versions:
        starts = " ".join(f"{v:.2f}" for v in code.figures.get("cold", []))
        print(f"every cold start, {code.label} (s): {starts}")
    mine = versions[-1]
    print("\ntargets (this tree):")
    for key, label, seconds in rows:
        values = mine.figures.get(key, [])
        if not values or key not in TARGETS:
            continue
        figure = statistics.median(values) if seconds else percentile(values, 95)
        which = "median" if seconds else "p95"
        unit = "s" if seconds else "ms"
        ok = figure <= TARGETS[key]
        print(f"  {label:44} {which} {figure:8.2f} {unit} <= {TARGETS[key]:g}  "
              f"{'met' if ok else 'NOT met'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
