"""Driving the technician app in Debian's Chromium, as E2E.md describes.

``AppProcess`` runs ``fieldapp app --web`` in a subprocess on a free port with its own store
folder; ``open_page`` loads it in a fresh browser context at a given size and switches on
Flutter's accessibility tree, so controls are DOM nodes with roles and names. Screenshots
go to ``test-artifacts/screens/<test>/`` (kept by CI as artifacts).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.support.service import free_port

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screens"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = (390, 844)
TABLET = (1024, 1366)
SIZES = [pytest.param(PHONE, id="phone"), pytest.param(TABLET, id="tablet")]


def chromium_or_skip() -> None:
    """Skip without Chromium or Playwright, except in CI where that is a failure."""
    problem = None
    if not Path(CHROMIUM).exists():
        problem = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright  # noqa: F401
        except ImportError:
            problem = "the playwright package is missing (dev extra)"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{problem}; CI must run the browser tests")
        pytest.skip(problem)


@dataclass
class AppProcess:
    """A running ``fieldapp app --web``."""

    url: str
    store_dir: Path
    process: subprocess.Popen[bytes]
    log: Path
    args: list[str]

    def stop(self, kill: bool = False) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self) -> None:
        """Stop the app and start it again on the same port and store (the phone restarted)."""
        self.stop()
        self.process = _spawn(self.args, self.log)
        _wait_until_up(self.url, self.process, self.log)

    def log_text(self) -> str:
        return self.log.read_text("utf-8", errors="replace")


def _spawn(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FLET_FORCE_WEB_SERVER": "1", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        args, stdout=log.open("ab"), stderr=subprocess.STDOUT, env=env, cwd=ROOT
    )


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    raise RuntimeError("the app did not start:\n" + log.read_text("utf-8", errors="replace"))


def start_app(folder: Path, service_url: str = "", *extra: str) -> AppProcess:
    """Start the technician app in web mode with its store in ``folder / 'store'``."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    store = folder / "store"
    args = [
        sys.executable, "-m", "fieldapp", "app", "--web", "--port", str(port),
        "--store-dir", str(store), "--service-url", service_url, *extra,
    ]  # fmt: skip
    log = folder / "app.log"
    process = _spawn(args, log)
    url = f"http://127.0.0.1:{port}/"
    _wait_until_up(url, process, log)
    return AppProcess(url, store, process, log, args)


def running_app(folder: Path, service_url: str = "") -> Iterator[AppProcess]:
    app = start_app(folder, service_url)
    try:
        yield app
    finally:
        app.stop()


class Browser:
    """One Chromium for the test session; each page gets its own context (E2E.md)."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self.chromium = self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )

    def close(self) -> None:
        self.chromium.close()
        self._playwright.stop()

    def close_pages(self) -> None:
        """Close every page a test left open.

        A test that fails leaves its page behind with its app stopped: Flet's web client
        then keeps trying to reconnect, and a renderer busy with that slows every later test
        on these two cores.
        """
        for ctx in list(self.chromium.contexts):
            with contextlib.suppress(Exception):  # already closing with the browser
                ctx.close()

    def open(self, url: str, size: tuple[int, int], **context: Any) -> Any:
        """A new context and page at ``size``, loaded, with the semantics tree on."""
        return self.open_with_script(url, size, "", **context)

    def open_with_script(self, url: str, size: tuple[int, int], script: str, **context: Any) -> Any:
        """As :meth:`open`, running ``script`` in the page once its document has loaded.

        Every step has a time limit: a page that does not start fails the test with what
        its renderer was doing (:func:`page_report`), never a bare timeout.
        """
        from playwright.sync_api import Error as PlaywrightError

        ctx = self.chromium.new_context(viewport={"width": size[0], "height": size[1]}, **context)
        ctx.add_init_script(_FRAME_WATCH)
        page = ctx.new_page()
        if script:
            page.add_init_script(
                f"document.addEventListener('DOMContentLoaded', () => {{ {script} }});"
            )
        try:
            page.goto(url, timeout=30_000)
            placeholder = page.locator("flt-semantics-placeholder")
            placeholder.wait_for(state="attached", timeout=60_000)
            placeholder.dispatch_event("click", timeout=15_000)  # semantics on
            page.wait_for_selector(
                "flt-semantics-host flt-semantics", state="attached", timeout=30_000
            )
        except PlaywrightError as exc:
            raise PageNotAnswering(
                f"the app's page never started in Chromium ({exc.message.splitlines()[0]})\n"
                + page_report(self)
            ) from None
        return page

    def renderer_cpu(self, seconds: float = 2.0) -> list[float]:
        """Each renderer process's CPU use over ``seconds``, in percent of one core.

        Asked of the browser process (CDP ``SystemInfo``), which answers even when a
        renderer's main thread spins."""
        session = self.chromium.new_browser_cdp_session()
        try:
            before = _renderer_cpu_times(session)
            time.sleep(seconds)
            after = _renderer_cpu_times(session)
        finally:
            session.detach()
        return sorted(
            (100 * (after[pid] - before[pid]) / seconds for pid in after if pid in before),
            reverse=True,
        )


def _renderer_cpu_times(session: Any) -> dict[int, float]:
    info = session.send("SystemInfo.getProcessInfo")["processInfo"]
    return {p["id"]: float(p["cpuTime"]) for p in info if p["type"] == "renderer"}


class PageNotAnswering(AssertionError):
    """A page stopped answering (its renderer's main thread is stuck)."""


# What each open page's accessibility tree said when it was last read, for failure reports.
_LAST_SCREEN: dict[int, str] = {}

# How long a page may take to answer a question before it counts as not answering.
ANSWER_SECONDS = 15.0


def run_js(page: Any, script: str, arg: Any = None, timeout: float = ANSWER_SECONDS) -> Any:
    """``page.evaluate(script, arg)`` with a time limit.

    ``page.evaluate`` waits for ever when the page's main thread never returns; this raises
    :class:`PageNotAnswering` after ``timeout`` seconds instead. ``script`` is a function
    expression (called with ``arg``) or an expression.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        return page.locator("html").evaluate(
            "(_html, a) => { const v = (0, eval)('(' + a.src + ')');"
            " return typeof v === 'function' ? v(a.arg) : v; }",
            {"src": script, "arg": arg},
            timeout=timeout * 1000,
        )
    except PlaywrightTimeout:
        raise PageNotAnswering(
            f"the page did not answer within {timeout:.0f} s (its renderer is stuck);"
            " it last said: " + _last_said(page)
        ) from None


def _last_said(page: Any) -> str:
    said = _LAST_SCREEN.get(id(page))
    return " | ".join(said.split())[-800:] if said is not None else "(nothing read yet)"


def page_answers(page: Any, timeout: float = 5.0) -> bool:
    """Whether the page's main thread runs JavaScript within ``timeout`` seconds."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        page.wait_for_function("() => true", timeout=timeout * 1000)
    except PlaywrightError:
        return False
    return True


def page_report(browser: Browser) -> str:
    """Every open page: answering or not, what it last said, and the renderers' CPU."""
    lines = []
    for ctx in browser.chromium.contexts:
        for page in ctx.pages:
            answers = page_answers(page)
            state = "answers" if answers else "DOES NOT ANSWER (renderer stuck)"
            lines.append(f"page {page.url} {page.viewport_size}: {state}")
            lines.append("  it last said: " + _last_said(page))
    cpu = ", ".join(f"{c:.0f} %" for c in browser.renderer_cpu())
    lines.append(f"renderer CPU over 2 s (100 % = one core): {cpu or 'no renderer'}")
    return "\n".join(lines)


# Notes when the page last asked for a frame: Flutter asks for frames only while something
# changes on screen (a route's transition, a ripple, a cursor's blink), so a page that has
# asked for none for a while shows its final picture.
_FRAME_WATCH = """(() => {
  const ask = window.requestAnimationFrame.bind(window);
  window.__frameAsked = performance.now();
  window.requestAnimationFrame = (callback) => {
    window.__frameAsked = performance.now();
    return ask(callback);
  };
})();"""

# Resolves once the page has asked for no frame for 150 ms (at least 150 ms from now, at
# most 1 s: a spinner asks for frames for ever); a page without the watch waits 500 ms.
_PAINTED = """() => new Promise(resolve => {
  const start = performance.now();
  const check = () => {
    const now = performance.now(), asked = window.__frameAsked;
    const done = asked === undefined ? now - start >= 500
      : now - Math.max(asked, start) >= 150 || now - start >= 1000;
    if (done) resolve(); else setTimeout(check, 25);
  };
  check();
})"""


class Screens:
    """Saves a screenshot per step under ``test-artifacts/screens/<test>/``."""

    def __init__(self, test_name: str) -> None:
        self.folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", test_name)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def shot(self, page: Any, name: str) -> Path:
        self.count += 1
        size = page.viewport_size
        path = self.folder / f"{self.count:02d}-{name}-{size['width']}x{size['height']}.png"
        # The semantics tree is ahead of the paint (route transitions animate for ~300 ms):
        # wait for the animations to end instead of a fixed half second.
        run_js(page, _PAINTED)
        # Two frames painted, but never more than a second: headless Chromium now and then
        # stops ticking requestAnimationFrame, and a screenshot must not hang the test.
        run_js(
            page,
            "new Promise(r => { setTimeout(r, 1000);"
            " requestAnimationFrame(() => requestAnimationFrame(r)); })",
        )
        page.screenshot(path=str(path), timeout=ANSWER_SECONDS * 1000)
        return path


def semantics_text(page: Any) -> str:
    """Everything the accessibility tree says, for assertions on what a person sees."""
    text = str(
        run_js(
            page,
            """() => Array.from(document.querySelectorAll('flt-semantics-host *'))
                 .map(n => [n.getAttribute('aria-label') || '', n.childNodes.length === 1 &&
                   n.firstChild.nodeType === 3 ? n.textContent : ''].join(' '))
                 .join('\\n')""",
        )
    )
    _LAST_SCREEN[id(page)] = text
    return text


def wait_for_text(page: Any, wanted: str, timeout: float = 30.0) -> str:
    """Wait until ``wanted`` appears in the semantics tree; returns the tree's text."""
    deadline = time.monotonic() + timeout
    seen = ""
    while time.monotonic() < deadline:
        seen = semantics_text(page)
        if wanted in seen:
            return seen
        time.sleep(0.1)
    raise AssertionError(f"{wanted!r} never appeared; the screen said:\n{seen[-3000:]}")


def settled_box(node: Any, timeout: float = 5.0) -> Any:
    """The node's bounding box once it stops moving (page transitions animate)."""
    node.wait_for(state="attached", timeout=timeout * 1000)
    previous = node.bounding_box()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.08)
        box = node.bounding_box()
        if box == previous:
            return box
        previous = box
    return previous


def click(page: Any, node: Any) -> None:
    """Scroll ``node`` into the viewport, then click its centre (E2E.md: scroll first)."""
    box = into_view(page, node)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def into_view(page: Any, node: Any) -> Any:
    """Scroll ``node`` into the viewport; its box there."""
    for _ in range(30):
        box = settled_box(node)
        viewport = page.viewport_size
        if box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]:
            return box
        delta = 300 if box is None or box["y"] > viewport["height"] / 2 else -300
        page.mouse.move(viewport["width"] / 2, viewport["height"] / 2)
        page.mouse.wheel(0, delta)
        time.sleep(0.15)
    raise AssertionError("could not scroll the node into view")


def fill(page: Any, identifier: str, value: str) -> None:
    """Type ``value`` into the field wrapped in ``Semantics(identifier=...)``, replacing what
    it held, and make sure the field kept it.

    Under load the web client can write an older value back into the field while keys are
    still arriving (the keys in between are lost): what the field holds is read a moment
    after the last key, and the value typed again, more slowly, if it is not all there."""
    field = page.locator(
        f"[flt-semantics-identifier='{identifier}'] input, "
        f"[flt-semantics-identifier='{identifier}'] textarea"
    ).first
    if field.count() == 0:
        field = page.locator(f"[flt-semantics-identifier='{identifier}']").first
        click(page, field)
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
        return
    shown = None
    for attempt in range(3):
        # Through the element, as a keyboard does (tests/ui/visit_harness.focus_field).
        into_view(page, field)
        field.focus(timeout=15_000)
        time.sleep(0.2)
        page.keyboard.press("Control+A")
        page.keyboard.type(value, delay=60 * attempt)
        time.sleep(0.6)
        shown = run_js(page, "() => document.activeElement && document.activeElement.value")
        if shown == value:
            return
    raise AssertionError(f"{identifier} shows {shown!r}, not {value!r}")


_ARM = """(expected) => {
  window.__tap = {up: null, seen: null};
  const host = document.querySelector('flt-semantics-host');
  const check = () => {
    if (window.__tap.seen === null && window.__tap.up !== null &&
        host.textContent.includes(expected) ||
        (window.__tap.seen === null && window.__tap.up !== null &&
         Array.from(host.querySelectorAll('[aria-label]'))
           .some(n => n.getAttribute('aria-label').includes(expected)))) {
      window.__tap.seen = performance.now();
      window.__tapObserver.disconnect();
    }
  };
  window.__tapObserver = new MutationObserver(check);
  window.__tapObserver.observe(host, {subtree: true, childList: true, attributes: true,
                                      characterData: true});
  window.addEventListener('pointerup', () => { window.__tap.up = performance.now(); },
                          {capture: true, once: true});
}"""


def measure_tap(page: Any, x: float, y: float, expected: str, timeout: float = 10.0) -> float:
    """Milliseconds from pointer-up to the first DOM mutation showing ``expected`` (E2E.md)."""
    run_js(page, _ARM, expected)
    page.mouse.click(x, y)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = run_js(page, "window.__tap")
        if result["seen"] is not None and result["up"] is not None:
            return float(result["seen"] - result["up"])
        time.sleep(0.005)
    raise AssertionError(f"{expected!r} never appeared after the tap")


def centre(node: Any) -> tuple[float, float]:
    box = settled_box(node)
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]
