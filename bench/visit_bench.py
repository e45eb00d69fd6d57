"""The visit's taps in Chromium, side by side in one run (issue 10).

With 2,000 jobs on the device (the demo's plus generated ones) it measures, by E2E.md's
method (a MutationObserver on ``flt-semantics-host`` and a capture-phase pointer listener,
both on ``performance.now()``):

- a 「5个1」 tick: from ``pointerup`` to the box showing ticked (``aria-checked``) and to the
  progress count that Python computes ("已完成 n/3") — the round trip;
- the signature pad: from ``pointermove`` to the live stroke's update (its semantics value,
  the number of moves Python has drawn), with about 2,000 points already on the pad.

The PDF and photo figures come from ``bench/documents_bench.py`` (same machine, same run
if started together). Prints a table with p50/p95 and the machine's load average.

    .venv/bin/python -m bench.visit_bench            # about three minutes
    .venv/bin/python -m bench.visit_bench --taps 40  # a smoke run
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

from fieldapp.domain.serial import make_serial  # noqa: E402
from fieldapp.domain.work_order import (  # noqa: E402
    Customer,
    RegisteredProduct,
    WorkOrder,
    WorkOrderStatus,
)
from fieldapp.store import open_store  # noqa: E402
from tests.ui.harness import Browser, start_app, wait_for_text  # noqa: E402
from tests.ui.visit_harness import (  # noqa: E402
    demo_service,
    node,
    open_job,
    sign_in,
    tap_id,
)

ARM = """(sel) => {
  window.__t = {down: null, done: null};
  const host = document.querySelector('flt-semantics-host');
  const mark = () => {
    const el = document.querySelector(sel.node);
    if (!el || window.__t.done !== null) return;
    const nodes = [el, ...el.querySelectorAll('*')];
    const hit = sel.attr ? el.getAttribute(sel.attr) === sel.want
      : nodes.some(n => Array.from(n.attributes).some(a => a.value === sel.want)
                        || (n.childNodes.length === 1 && n.firstChild.nodeType === 3
                            && n.textContent.trim() === sel.want));
    if (hit) {
      window.__t.done = performance.now();
    }
  };
  if (window.__obs) window.__obs.disconnect();
  window.__obs = new MutationObserver(mark);
  window.__obs.observe(host, {subtree: true, attributes: true, characterData: true,
                              childList: true});
  if (!window.__lis) {
    window.__lis = true;
    for (const kind of ['pointerup', 'pointermove']) {
      window.addEventListener(kind, (e) => {
        if (window.__t && window.__t.down === null && kind === window.__kind) {
          window.__t.down = performance.now();
        }
      }, true);
    }
  }
}"""


def seed_jobs(store_dir: Path, technician_id: str, count: int) -> None:
    """Put ``count`` more work orders assigned to the technician on the device."""
    now = datetime.now(UTC)
    with open_store(store_dir) as store:
        for n in range(count):
            store.apply_work_order(
                WorkOrder(
                    ticket_no=f"BX20200101-{n:04d}",
                    customer=Customer(
                        name=f"客户{n}", phone="13800000000", address="上海市浦东新区"
                    ),
                    product=RegisteredProduct(
                        brand="明辉", model="MH-P520",
                        serial=make_serial("PJ52", now.date().replace(day=1), n + 1),
                    ),
                    reported_fault="不开机",
                    reported_at=now - timedelta(days=2 + n % 30),
                    appointment=now - timedelta(days=1 + n % 30),
                    technician_id=technician_id,
                    status=WorkOrderStatus.ASSIGNED,
                )
            )  # fmt: skip


def measure(page: Any, kind: str, sel: dict[str, str], act: Any, timeout: float = 5.0) -> float:
    page.evaluate(f"window.__kind = '{kind}'")
    page.evaluate(ARM, sel)
    act()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        t = page.evaluate("window.__t")
        if t["down"] is not None and t["done"] is not None:
            return float(t["done"] - t["down"])
        time.sleep(0.005)
    raise TimeoutError(f"no update for {sel}")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_ticks(page: Any, taps: int) -> tuple[list[float], list[float]]:
    """Tap 一块洁净布 on and off; (to the box, to Python's count)."""
    box = node(page, "tick-clean_cloth").locator("[role=checkbox]").first
    bb = box.bounding_box()
    x, y = bb["x"] + 12, bb["y"] + bb["height"] / 2
    to_box: list[float] = []
    to_count: list[float] = []
    sel_box = "[flt-semantics-identifier='tick-clean_cloth'] [role=checkbox]"
    for n in range(taps + 5):
        ticked = box.get_attribute("aria-checked") == "true"
        want = "false" if ticked else "true"
        count = "已完成 1/3" if ticked else "已完成 2/3"  # greeting stays ticked
        a = measure(page, "pointerup", {"node": sel_box, "attr": "aria-checked", "want": want},
                    lambda: page.mouse.click(x, y))  # fmt: skip
        deadline = time.monotonic() + 5
        while count not in (
            node(page, "checklist-progress").get_attribute("aria-label")
            or node(page, "checklist-progress").text_content()
            or ""
        ):
            if time.monotonic() > deadline:
                break
            time.sleep(0.005)
        b = page.evaluate("performance.now()") - page.evaluate("window.__t.down")
        if n >= 5:  # warm-up
            to_box.append(a)
            to_count.append(b)
        time.sleep(0.1)
    return to_box, to_count


def bench_pad(page: Any, points: int, moves: int) -> list[float]:
    """Fill the pad with about ``points`` points, then time ``moves`` single moves."""
    pad = node(page, "signature-pad")
    for _ in range(30):
        bb = pad.bounding_box()
        if bb and 160 <= bb["y"] <= page.viewport_size["height"] - 400:
            break
        page.mouse.move(200, 400)
        page.mouse.wheel(0, 200 if not bb or bb["y"] > 160 else -200)
        time.sleep(0.3)
    bb = pad.bounding_box()
    x0, y0 = bb["x"] + 10, bb["y"] + 10
    strokes = max(1, points // 200)
    for s in range(strokes):
        page.mouse.move(x0, y0 + s * 12)
        page.mouse.down()
        for i in range(200):
            page.mouse.move(x0 + (i % 100) * 3, y0 + s * 12 + (i // 100) * 6)
        page.mouse.up()
        time.sleep(1.0)
    page.mouse.move(x0, y0 + 140)
    page.mouse.down()
    sel = "[flt-semantics-identifier='signature-live']"
    found: list[float] = []
    label = f"{sel} "
    for i in range(moves):
        base = page.evaluate(
            "(s) => { const e = document.querySelector(s); if (!e) return null;"
            " for (const n of [e, ...e.querySelectorAll('*')]) {"
            "  for (const a of n.attributes) if (/^[0-9]+$/.test(a.value)) return a.value;"
            "  if (/^[0-9]+$/.test((n.textContent || '').trim())) return n.textContent.trim(); }"
            " return null }",
            sel,
        )
        if base is None:
            raise RuntimeError(f"no live-stroke count on {label}")
        want = str(int(base) + 1)

        def move(i: int = i) -> None:
            page.mouse.move(x0 + (i % 100) * 3, y0 + 140 - (i // 100) * 5)

        with contextlib.suppress(TimeoutError):  # a move coalesced with the next one
            found.append(measure(page, "pointermove", {"node": sel, "attr": "", "want": want},
                                 move, timeout=1.5))  # fmt: skip
    page.mouse.up()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--taps", type=int, default=100)
    parser.add_argument("--points", type=int, default=1800)
    parser.add_argument("--moves", type=int, default=100)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="visit-bench-"))
    service = demo_service(folder / "service")
    app = start_app(folder / "app", service.url)
    browser = Browser()
    try:
        order = service.order_of("陈晓明")
        page = browser.open(app.url, (390, 844))
        sign_in(page)
        wait_for_text(page, order["customer"]["name"], timeout=60)
        page.context.close()
        app.stop()
        account = open_store(app.store_dir)
        tech = dict(account.get_setting("account") or {}).get("user_id", "")
        jobs_before = len(account.list_work_orders())
        account.close()
        seed_jobs(app.store_dir, str(tech), args.jobs - jobs_before)
        app.restart()
        page = browser.open(app.url, (390, 844))
        wait_for_text(page, "今日工单", timeout=60)
        open_job(page, order["ticket_no"])
        tap_id(page, "start-visit")
        wait_for_text(page, "已出示工作证", timeout=60)
        tap_id(page, "step-etiquette")
        wait_for_text(page, "一块洁净布")
        tap_id(page, "tick-greeting")
        time.sleep(1)
        to_box, to_count = bench_ticks(page, args.taps)
        print(f"tick to box p95 {pct(to_box, 0.95):.1f} ms, to count p95 "
              f"{pct(to_count, 0.95):.1f} ms", flush=True)  # fmt: skip
        page.context.close()
        # The pad on the tablet size, where the whole step bar is on screen.
        page = browser.open(app.url, (1024, 1366))
        wait_for_text(page, "今日工单", timeout=60)
        open_job(page, order["ticket_no"])
        tap_id(page, "start-visit")
        wait_for_text(page, "已出示工作证", timeout=60)
        tap_id(page, "step-sign_off")
        wait_for_text(page, "请在此签名")
        pad = bench_pad(page, args.points, args.moves)
        load = os.getloadavg()
        print(f"\nvisit bench — {args.jobs} jobs on the device, Chromium (tick 390x844, pad "
              "1024x1366), "
              f"load {load[0]:.1f}/{load[1]:.1f}")  # fmt: skip
        print(f"{'measure':<52}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'target':>9}")
        rows = [
            ("checklist tick: tap to box ticked", to_box, 50.0),
            ("checklist tick: tap to Python's count (round trip)", to_count, 50.0),
            (f"signature pad: move to live stroke, ~{args.points} points", pad, 50.0),
        ]
        for name, values, target in rows:
            if not values:
                print(f"{name:<52}{0:>5}{'—':>9}{'—':>9}{target:>9.0f}")
                continue
            p95 = pct(values, 0.95)
            mark = "met" if p95 <= target else "NOT met"
            print(f"{name:<52}{len(values):>5}{statistics.median(values):>9.1f}{p95:>9.1f}"
                  f"{target:>6.0f} {mark}")  # fmt: skip
        page.context.close()
    finally:
        browser.close()
        app.stop()
        service.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
