#!/usr/bin/env python3
"""Time to visible in Chromium for the back office on a full database (issue 11).

Runs on the databases ``bench.office_bench --keep FOLDER`` filled (10,000 signed sheets from
50 technicians): for each backend a real ``fieldapp serve`` on that database, a real
``fieldapp office`` in web mode, Chromium at 1440x900 signed in as the bench's supervisor.
Each figure is E2E.md's tap to visible: from the pointer-up of the tap to the first DOM
mutation that shows the answer (the queue's first ticket, the sheet's version line, the
period's sheet count — texts that exist only once the service's reply is on screen):

- the review queue, opened from the navigation rail;
- a sheet's detail, opened from the queue's first row;
- the dashboard for the last 90 days (about half the database), from the 7-day view;
- the reference: the follow-up calls opened from the rail (a light screen, same session).

Target (issue 11): visible ≤ 1.5 s. Server times for the same reads are printed by
``bench.office_bench`` (run it first; ``--reuse`` measures the kept databases again).

    .venv/bin/python -m bench.office_bench --keep /tmp/office-bench   # fill (long), server times
    .venv/bin/python -m bench.office_visible_bench --keep /tmp/office-bench
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import requests

from bench.office_bench import kept_database
from tests.support.service import PASSWORD, start_service, stop_service
from tests.ui.harness import Browser, centre, measure_tap, percentile
from tests.ui.office_harness import go, sign_in, start_office

DESKTOP = (1440, 900)
SHANGHAI = ZoneInfo("Asia/Shanghai")
TARGET_MS = 1500.0


def _api(base: str, token: str, path: str, params: dict[str, Any] | None = None) -> Any:
    reply = requests.get(
        f"{base}{path}", params=params, headers={"Authorization": f"Bearer {token}"}, timeout=60
    )
    reply.raise_for_status()
    return reply.json()


def _rail(page: Any, label: str) -> tuple[float, float]:
    node = page.locator("[flt-semantics-identifier='rail']").get_by_text(label).first
    node.wait_for(state="attached", timeout=30_000)
    return centre(node)


def _node(page: Any, identifier: str) -> tuple[float, float]:
    node = page.locator(f"[flt-semantics-identifier='{identifier}']").first
    node.wait_for(state="attached", timeout=60_000)
    return centre(node)


def measure_backend(
    browser: Browser, backend: str, keep: Path, samples: int
) -> dict[str, list[float]]:
    """Tap-to-visible figures on one backend's kept database."""
    db = kept_database(backend, keep, reuse=True)
    found: dict[str, list[float]] = {"queue": [], "sheet": [], "dashboard": [], "reference": []}
    with tempfile.TemporaryDirectory() as folder:
        service = start_service(db, Path(folder))
        office = None
        try:
            token = service.login("bench.boss").token
            first = _api(service.base, token, "/reviews", {"status": "submitted", "limit": 20})
            ticket = first["items"][0]["ticket_no"]
            today = datetime.now(SHANGHAI).date()
            counts = {
                days: _api(
                    service.base,
                    token,
                    "/dashboard",
                    {"from": (today - timedelta(days=days - 1)).isoformat(), "to": str(today)},
                )["overall"]["sheets"]
                for days in (7, 90)
            }
            office = start_office(Path(folder) / "office", service.base.removesuffix("/api/v1"))
            page = browser.open(office.url, DESKTOP)
            sign_in(page, ("bench.boss", PASSWORD))
            go(page, "回访")
            page.wait_for_timeout(1500)
            for n in range(samples + 2):  # two warm-up rounds
                keep_it = n >= 2
                x, y = _rail(page, "审批")
                queue = measure_tap(page, x, y, ticket, timeout=60)
                x, y = _node(page, f"row-{ticket}")
                sheet = measure_tap(page, x, y, "· 保存 ", timeout=60)
                x, y = _node(page, "back-to-queue")
                page.mouse.click(x, y)
                _node(page, f"row-{ticket}")
                x, y = _rail(page, "回访")
                reference = measure_tap(page, x, y, "客户满意率", timeout=60)
                page.wait_for_timeout(300)
                page.mouse.click(*_rail(page, "统计"))
                page.mouse.click(*_node(page, "days-7"))
                page.wait_for_function(
                    "(w) => document.querySelector('flt-semantics-host').textContent.includes(w)",
                    arg=f"{counts[7]} 张报告单",
                    timeout=60_000,
                )
                x, y = _node(page, "days-90")
                dashboard = measure_tap(page, x, y, f"{counts[90]} 张报告单", timeout=60)
                go(page, "回访")
                if keep_it:
                    found["queue"].append(queue)
                    found["sheet"].append(sheet)
                    found["reference"].append(reference)
                    found["dashboard"].append(dashboard)
            page.context.close()
            print(
                f"{backend}: {counts[90]} sheets in the last 90 days; queue's first {ticket}",
                file=sys.stderr,
            )
        finally:
            if office is not None:
                office.stop()
            stop_service(service)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--keep", type=Path, required=True, help="the folder office_bench kept")
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    browser = Browser()
    results: dict[str, dict[str, list[float]]] = {}
    try:
        for backend in args.backends.split(","):
            results[backend] = measure_backend(browser, backend, args.keep, args.samples)
    finally:
        browser.close()
    labels = {
        "reference": "reference: follow-up calls opened",
        "queue": "review queue opened",
        "sheet": "sheet detail opened from the queue",
        "dashboard": "dashboard, last 90 days",
    }
    print(f"\nBack office in Chromium {DESKTOP[0]}x{DESKTOP[1]}, tap to visible, ms")
    print(f"{'backend':11} {'what':38} {'n':>3} {'p50':>8} {'p95':>8} {'max':>8}  target")
    for backend, found in results.items():
        for key, label in labels.items():
            values = found[key]
            p95 = percentile(values, 95)
            target = (
                ""
                if key == "reference"
                else (f"≤ {TARGET_MS:.0f} {'met' if p95 <= TARGET_MS else 'NOT met'}")
            )
            print(
                f"{backend:11} {label:38} {len(values):3d} {statistics.median(values):8.1f} "
                f"{p95:8.1f} {max(values):8.1f}  {target}"
            )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
