"""Walking a whole visit in Chromium against a real service (``fieldapp demo``).

``DemoService`` runs the central service with the demo accounts and today's work orders
(SQLite in a temporary folder, a free port). ``VisitWalker`` drives the technician app as a
person would — taps, typing, the file chooser, the signature pad — keeping a screenshot
of every step.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from PIL import Image

from tests.support.service import free_port
from tests.ui.harness import (
    ROOT,
    AppProcess,
    Screens,
    _spawn,
    _wait_until_up,
    run_js,
    semantics_text,
    wait_for_text,
)

TECH = ("tech1", "tech1-demo")
SUPERVISOR = ("supervisor", "supervisor-demo")


@dataclass
class DemoService:
    """``fieldapp demo`` on a free port, its database in ``folder``."""

    folder: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return f"{self.url}/api/v1"

    def start(self) -> DemoService:
        self.folder.mkdir(parents=True, exist_ok=True)
        log = (self.folder / "service.log").open("ab")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("FIELDAPP_DATABASE_URL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "fieldapp", "demo", "--port", str(self.port),
             "--data-dir", str(self.folder)],
            stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.api}/health", timeout=2).status_code == 200:
                    return self
            except requests.ConnectionError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError((self.folder / "service.log").read_text("utf-8", errors="replace"))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)

    def token(self, who: tuple[str, str]) -> str:
        reply = requests.post(
            f"{self.api}/auth/login",
            json={"username": who[0], "password": who[1], "device_id": f"test-{who[0]}"},
            timeout=10,
        )
        reply.raise_for_status()
        return str(reply.json()["access_token"])

    def get(self, path: str, who: tuple[str, str] = SUPERVISOR) -> Any:
        reply = requests.get(
            f"{self.api}{path}", headers={"Authorization": f"Bearer {self.token(who)}"},
            timeout=10,
        )  # fmt: skip
        reply.raise_for_status()
        return reply.json()

    def post(self, path: str, body: Any, who: tuple[str, str] = SUPERVISOR) -> Any:
        reply = requests.post(
            f"{self.api}{path}", json=body,
            headers={"Authorization": f"Bearer {self.token(who)}"}, timeout=10,
        )  # fmt: skip
        reply.raise_for_status()
        return reply.json()

    def order_of(self, customer: str) -> dict[str, Any]:
        orders = self.get("/work-orders?limit=200")["items"]
        return next(o for o in orders if o["customer"]["name"] == customer)


def demo_service(folder: Path) -> DemoService:
    return DemoService(folder, free_port()).start()


def photo_file(folder: Path, name: str = "photo.jpg", size: tuple[int, int] = (4000, 3000)) -> Path:
    """A camera-sized JPEG (12 MP by default) to pick from the gallery."""
    path = folder / name
    if not path.exists():
        out = io.BytesIO()
        Image.effect_noise(size, 50).convert("RGB").save(out, "JPEG", quality=90)
        path.write_bytes(out.getvalue())
    return path


# The visit's frame: app bar, sync line and step bar above, the footer and the
# navigation bar below. A node scrolled under them still reports a box there, so a tap
# is only made when the node lies between them.
TOP_MARGIN = 170
BOTTOM_MARGIN = 170


def top_margin(page: Any) -> float:
    """Where the visit's scrolling area starts: under the step bar (it wraps on a phone)."""
    bottoms = run_js(
        page,
        """() => Array.from(document.querySelectorAll("[flt-semantics-identifier^='step-']"))
             .map(n => n.getBoundingClientRect()).map(r => r.bottom)""",
    )
    return max([TOP_MARGIN, *(bottom + 8 for bottom in bottoms)])


def scroll_to(page: Any, target: Any) -> Any:
    """Scroll ``target`` into the visit's scrolling area; its box there."""
    last_y = None
    for _ in range(40):
        box = target.bounding_box()
        height = page.viewport_size["height"]
        if box is not None:
            inside = box["y"] >= top_margin(page) and (
                box["y"] + min(box["height"], 60) <= height - BOTTOM_MARGIN
            )
            stuck = box["y"] == last_y and 0 <= box["y"] <= height - 40  # cannot scroll more
            if inside or stuck:
                return box
            last_y = box["y"]
        delta = 200 if box is None or box["y"] > height / 2 else -200
        page.mouse.move(page.viewport_size["width"] / 2, height / 2)
        page.mouse.wheel(0, delta)
        time.sleep(0.25)
    raise AssertionError("could not scroll the node into view")


def click(page: Any, target: Any) -> None:
    """Scroll ``target`` into the visit's scrolling area, then tap its centre."""
    box = scroll_to(page, target)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + min(box["height"], 60) / 2)


def show(page: Any, identifier: str) -> None:
    """Scroll the node ``identifier`` into sight (for a screenshot of what it says)."""
    scroll_to(page, node(page, identifier))
    time.sleep(0.3)


def node(page: Any, identifier: str) -> Any:
    return page.locator(f"[flt-semantics-identifier='{identifier}']").first


def tap_id(page: Any, identifier: str, timeout: float = 15.0) -> None:
    """Tap the control wrapped in ``Semantics(identifier=...)`` (scrolled into view)."""
    target = node(page, identifier)
    target.wait_for(state="attached", timeout=timeout * 1000)
    click(page, target)


def tap_role(page: Any, role: str, name: str, timeout: float = 15.0) -> None:
    target = page.get_by_role(role, name=name).first
    target.wait_for(state="attached", timeout=timeout * 1000)
    click(page, target)


def checked(page: Any, name: str) -> bool:
    return page.get_by_role("checkbox", name=name).first.get_attribute("aria-checked") == "true"


def tick(page: Any, name: str) -> None:
    """Tick the checkbox named ``name`` and wait until it shows ticked."""
    tap_role(page, "checkbox", name)
    deadline = time.monotonic() + 10
    while not checked(page, name):
        if time.monotonic() > deadline:
            raise AssertionError(f"{name} never showed ticked")
        time.sleep(0.05)
    time.sleep(0.15)  # let the re-render settle before the next tap


def type_into(page: Any, identifier: str, value: str, delay_ms: int = 150) -> None:
    """Type as a quick thumb does (a key every ``delay_ms``), each key saved by the app;
    Chinese as an input method gives it, a word at a time (:func:`keystrokes`)."""
    field = page.locator(
        f"[flt-semantics-identifier='{identifier}'] input, "
        f"[flt-semantics-identifier='{identifier}'] textarea"
    ).first
    if field.count() == 0:
        field = node(page, identifier)
    field.wait_for(state="attached", timeout=30_000)
    shown = None
    for attempt in range(4):
        focus_field(page, field, tap=attempt > 0)
        if not _focused_in(page, identifier):
            continue  # the field did not get the focus: never type elsewhere
        page.keyboard.press("Control+A")
        for n, stroke in enumerate(keystrokes(value)):
            if n:
                time.sleep(delay_ms / 1000)
            if stroke.isascii():
                page.keyboard.type(stroke)
            else:
                page.keyboard.insert_text(stroke)  # an input method's commit: no key events
        shown = _kept(page, identifier, value)
        if shown == value:
            return
    raise AssertionError(f"{identifier} shows {shown!r}, not {value!r}")


def keystrokes(value: str) -> list[str]:
    """What reaches a field one input event at a time when a technician types ``value``:
    each Latin key on its own; Chinese as a pinyin input method commits it, a word of two
    characters at a time, a punctuation mark on its own: "更换灯泡组件，清洁A1" comes
    as 更换 · 灯泡 · 组件 · ， · 清洁 · A · 1."""
    strokes: list[str] = []
    word = ""
    for char in value:
        if char.isascii() or unicodedata.category(char).startswith("P"):
            strokes += [word[i : i + 2] for i in range(0, len(word), 2)]
            word = ""
            strokes.append(char)
        else:
            word += char
    strokes += [word[i : i + 2] for i in range(0, len(word), 2)]
    return strokes


def focus_field(page: Any, field: Any, tap: bool = False) -> None:
    """Give ``field`` (its editing element) the focus, scrolled into sight.

    Through the element itself, as a keyboard or a screen reader does: the web client then
    focuses that very field. A tap (``tap``, the fallback) goes by where the accessibility
    tree places the field, which lags the drawing while a step is laid out anew, so under
    load it can reach the field beside it: the keys typed then reach no field at all
    (the focus went back and forth between the two)."""
    scroll_to(page, field)
    if tap:
        click(page, field)
    else:
        field.focus(timeout=15_000)
    time.sleep(0.2)  # Flutter attaches its editing element on focus


_WATCH_SCREEN = """() => {
  window.__lastChange = performance.now();
  if (window.__changeWatch) window.__changeWatch.disconnect();
  window.__changeWatch = new MutationObserver(() => { window.__lastChange = performance.now(); });
  window.__changeWatch.observe(document.querySelector('flt-semantics-host'),
    {subtree: true, childList: true, attributes: true, characterData: true});
}"""


def _kept(
    page: Any, identifier: str, value: str, quiet: float = 0.45, seconds: float = 2.0
) -> str | None:
    """What the field holds once the app has answered the last key (``value`` if it kept
    it). Under load, keys typed while the step was re-rendering can reach the app as an
    empty field, which the next render then shows: the caller types them again.

    The app's answers are renders: the field is read until the screen has not changed for
    ``quiet`` seconds (a render writing an older value back would change it), at most
    ``seconds``."""
    run_js(page, _WATCH_SCREEN)
    deadline = time.monotonic() + seconds
    shown: str | None = value
    while time.monotonic() < deadline:
        time.sleep(0.1)
        if not _focused_in(page, identifier):
            return None
        shown, still = run_js(
            page,
            "() => [document.activeElement && document.activeElement.value,"
            " performance.now() - window.__lastChange]",
        )
        if shown != value:
            return shown
        if still >= quiet * 1000:
            return shown
    return shown


def settle(page: Any, quiet: float = 0.6, seconds: float = 5.0) -> None:
    """Wait until the screen has not changed for ``quiet`` seconds, at most ``seconds``: a
    place opened, its rows fetched and shown (instead of a fixed pause)."""
    run_js(page, _WATCH_SCREEN)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.1)
        if run_js(page, "() => performance.now() - window.__lastChange") >= quiet * 1000:
            return


def _focused_in(page: Any, identifier: str) -> bool:
    """Whether the focused editing element belongs to the field ``identifier``."""
    return bool(
        run_js(
            page,
            """(id) => { const a = document.activeElement;
                 return !!a && !!a.closest(`[flt-semantics-identifier='${id}']`); }""",
            identifier,
        )
    )


def choose(page: Any, name: str) -> None:
    """Choose the radio button named ``name`` and wait until it shows chosen."""
    for _ in range(3):
        tap_role(page, "radio", name)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            radio = page.get_by_role("radio", name=name).first
            if radio.get_attribute("aria-checked") == "true":
                time.sleep(0.15)
                return
            time.sleep(0.05)
    raise AssertionError(f"{name} never showed chosen")


def sign_on_pad(page: Any, identifier: str = "signature-pad") -> None:
    """Write a short signature on the pad with the mouse (pan events)."""
    pad = node(page, identifier)
    click_free = pad.bounding_box()
    for _ in range(20):
        box = pad.bounding_box()
        bottom = page.viewport_size["height"] - BOTTOM_MARGIN  # above the footer and nav bar
        top = top_margin(page)
        if box and box["y"] >= top and box["y"] + box["height"] <= bottom:
            break
        page.mouse.move(page.viewport_size["width"] / 2, page.viewport_size["height"] / 2)
        page.mouse.wheel(0, 250 if not box or box["y"] > top else -250)
        time.sleep(0.2)
    box = pad.bounding_box() or click_free
    x0, y0 = box["x"] + 30, box["y"] + 40
    page.mouse.move(x0, y0)
    page.mouse.down()
    for i in range(40):
        page.mouse.move(x0 + i * 6, y0 + 30 * ((i % 10) / 10), steps=1)
    page.mouse.up()
    time.sleep(0.3)


def next_step(page: Any, screens: Screens, name: str) -> None:
    screens.shot(page, name)
    tap_id(page, "visit-next")
    time.sleep(0.3)


def sign_in(page: Any) -> None:
    wait_for_text(page, "技术员登录", timeout=30)
    type_into(page, "username", TECH[0], delay_ms=80)
    type_into(page, "password", TECH[1], delay_ms=80)
    tap_role(page, "button", "登录")
    wait_for_text(page, "今日工单", timeout=30)


def open_job(page: Any, ticket: str) -> None:
    """Open the job from today's list, or, when today has moved on (the demo booked its
    calls just before midnight in the centre's time zone), by searching for its ticket as
    a technician would."""
    row = node(page, f"job-{ticket}")
    try:
        row.wait_for(state="attached", timeout=15_000)
    except Exception:
        type_into(page, "search", ticket, delay_ms=40)
    tap_id(page, f"job-{ticket}", timeout=30)
    node(page, "start-visit").wait_for(state="attached", timeout=30_000)  # 开始/继续上门


def screen_text(page: Any) -> str:
    return semantics_text(page)


def kill_and_restart(app: AppProcess) -> None:
    """SIGKILL the app (no shutdown code runs), then start it again on the same store."""
    app.stop(kill=True)
    app.process = _spawn(app.args, app.log)
    _wait_until_up(app.url, app.process, app.log)


def field_value(page: Any, identifier: str) -> str:
    """What a text field holds (focused, Flutter mirrors it into its editing element)."""
    field = page.locator(
        f"[flt-semantics-identifier='{identifier}'] input, "
        f"[flt-semantics-identifier='{identifier}'] textarea"
    ).first
    if field.count() == 0:
        field = node(page, identifier)
    click(page, field)
    time.sleep(0.3)
    return str(run_js(page, "() => document.activeElement && document.activeElement.value"))
