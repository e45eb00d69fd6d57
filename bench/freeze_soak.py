"""Freeze soak: the web renderer as Flet serves it (old) and as fieldapp serves it (new).

Flet's web server marks every reply ``Cross-Origin-Opener-Policy: same-origin`` and
``Cross-Origin-Embedder-Policy: require-corp``; the page is then cross-origin isolated and
Flutter runs its wasm renderer (skwasm) multi-threaded. In the Flutter that Flet 1.0.5
bundles the two threads race on Skia's glyph cache (flutter/flutter#190039): now and then
the tab freezes for good, its main thread pinned at 100 % CPU. Since 0a3f500 both apps are
served without the two headers, single-threaded (``fieldapp/ui/web_server.py``);
``FIELDAPP_RENDERER_THREADS=multi`` on the app's process brings the old setting back, for
this bench only.

One ``fieldapp demo`` service, filled with a few hundred work orders for tech1 whose
customers, addresses and faults are drawn from the 3,755 common characters of GB 2312, so
the lists keep laying out glyphs the cache has not seen, and with signed job sheets
waiting for review. For each setting, old (``multi``) and new (``single``), a technician
app and a back office. Then, until the time budget is spent, short page sessions (a fresh
browser context each, 30-90 s) doing what people do: the technician (signed in once per
app; later pages land signed in) scrolls today's list, switches the day, searches, opens
jobs and comes back, starts or continues a visit, ticks and unticks 「5个1」 items, types
Chinese into the symptoms and draws on the signature pad; the back office signs in as
supervisor or clerk, opens the review queue and a sheet, scrolls the work orders, the
follow-up calls and the dashboard. ``--pages`` pages run at once (default 2), each in its
own Chromium; each page alternates old and new session by session, in opposite order to
its neighbour, so both settings share the machine's conditions.

After every action a liveness probe (``page.wait_for_function("() => true")``, 15 s) asks
the page's main thread to run JavaScript. A page that does not answer is a **freeze**: its
renderer's CPU over 2 s is read from ``/proc`` (the highest of that Chromium's
``--type=renderer`` processes; the glyph-cache freeze spins near 100 %), it is asked once
more for 30 s (does it come back?), then its context is closed and the session ends. An
action still running after 3 minutes is a freeze too (input sent to a stuck renderer can
wait for ever): its renderer is killed to get the thread back. A step that fails for an
ordinary reason (a node not found, a text that never appeared) while the page still
answers is an **error**: counted, the page reloaded, the session goes on.

Printed: per setting the sessions, page-minutes (the sum of session wall times), freezes,
freezes per 1,000 page-minutes, how many were still stuck 45 s after the action, renderer
crashes and errors; then each freeze (session kind, minutes into the session, the action,
renderer CPU, whether it answered again), the commonest errors and the machine's load.
Read a rate with its count: no freeze in N page-minutes only bounds the rate below about
3,000 / N per 1,000 page-minutes (95 %, three expected events).

    .venv/bin/python -m bench.freeze_soak                 # 40 minutes
    .venv/bin/python -m bench.freeze_soak --minutes 80    # a longer soak
    .venv/bin/python -m bench.freeze_soak --quick         # a smoke run, about 3 minutes
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import functools
import os
import random
import re
import signal
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from types import FrameType
from typing import Any

import requests

from fieldapp.domain.serial import make_serial
from fieldapp.office.sheet_view import CENTRE_ZONE
from fieldapp.ui.web_server import RENDERER_THREADS_ENV
from tests.support.api import call
from tests.support.service import Client
from tests.ui.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    AppProcess,
    run_js,
    semantics_text,
    start_app,
    wait_for_text,
)
from tests.ui.harness import click as click_in_view
from tests.ui.office_harness import CLERK, SUPERVISOR, Phone, go, start_office
from tests.ui.office_harness import sign_in as office_sign_in
from tests.ui.visit_harness import DemoService, demo_service, node, sign_on_pad, tap_id, type_into
from tests.ui.visit_harness import click as click_in_visit
from tests.ui.visit_harness import sign_in as technician_sign_in

SETTINGS = ("multi", "single")  # old (Flet's headers), new (fieldapp's default)
LABELS = {"multi": "old (multi-threaded)", "single": "new (single-threaded)"}
TECHNICIAN, OFFICE = "technician", "office"
PHONE, TABLET, DESKTOP = (390, 844), (1024, 1366), (1440, 900)

PROBE_SECONDS = 15.0  # a page that runs no JavaScript for this long is frozen
RECHECK_SECONDS = 30.0  # then asked once more: did it come back?
HUNG_SECONDS = 180.0  # an action running longer than this is stuck in the renderer
SESSION_SECONDS = (30.0, 90.0)
SHORTEST_SESSION = 20.0
LIST_TITLE = "我的工单"
BACK = re.compile(r"^返回(\s|$)")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
)
DISTRICTS = (
    "上海市浦东新区", "上海市闵行区", "上海市徐汇区", "北京市朝阳区", "北京市海淀区",
    "广州市天河区", "深圳市南山区", "杭州市西湖区", "南京市鼓楼区", "成都市武侯区",
    "武汉市洪山区", "西安市雁塔区", "苏州市姑苏区", "重庆市渝中区", "天津市和平区",
)  # fmt: skip
FAULTS = (
    "开机后画面偏暗", "灯泡指示灯闪烁", "投影画面有彩色条纹", "风扇噪音很大", "遥控器无反应",
    "开机几分钟后自动关机", "画面发黄且有阴影", "无信号输入提示", "镜头对焦失灵", "机身过热报警",
)  # fmt: skip


# -- Chinese text -------------------------------------------------------------------------------


@functools.cache
def common_hanzi() -> tuple[str, ...]:
    """The 3,755 level-1 characters of GB 2312 (rows 0xB0-0xD7): everyday Chinese."""
    found = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                found.append(bytes((high, low)).decode("gb2312"))
    return tuple(found)


class Words:
    """Names, addresses and faults made of characters drawn at random."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pool = common_hanzi()

    def phrase(self, length: int) -> str:
        return "".join(self.rng.choice(self.pool) for _ in range(length))

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + self.phrase(self.rng.choice((1, 2)))

    def address(self) -> str:
        road, estate = self.phrase(2), self.phrase(2)
        number, block = self.rng.randint(1, 2000), self.rng.randint(1, 30)
        return f"{self.rng.choice(DISTRICTS)}{road}路{number}号{estate}苑{block}栋"

    def fault(self) -> str:
        return f"{self.rng.choice(FAULTS)}，{self.phrase(self.rng.randint(6, 14))}"


# -- the service's work ---------------------------------------------------------------------------


@dataclass
class Work:
    """What the sessions work on: names to search for, jobs to visit, sheets to review."""

    names: list[str]
    visit_tickets: list[str]
    sheet_tickets: list[str]


def signed_in_client(demo: DemoService, who: tuple[str, str]) -> Client:
    reply = requests.post(
        f"{demo.api}/auth/login",
        json={"username": who[0], "password": who[1], "device_id": f"soak-{who[0]}"},
        timeout=10,
    )
    reply.raise_for_status()
    body = reply.json()
    return Client(demo.api, body["access_token"], body["user"])


def record_call(
    clerk: Client, boss: Client, technician_id: str, n: int, day: date, name: str, words: Words
) -> str:
    """A call recorded by the clerk and assigned to the technician; its 报修单号."""
    appointment = datetime.combine(day, clock(8 + n % 10, n * 7 % 60), CENTRE_ZONE)
    reported = min(appointment, datetime.now(CENTRE_ZONE)) - timedelta(hours=2 + n % 20)
    body = call(
        customer={"name": name, "phone": f"139{n:08d}", "address": words.address()},
        product={
            "brand": "明辉", "model": "MH-P520",
            "serial": make_serial("PJ52", date(2025, 9, 1), 1000 + n),
            "purchase_date": "2025-09-15",
        },
        reported_fault=words.fault(),
        reported_at=reported.isoformat(),
        appointment=appointment.isoformat(),
        urgency="urgent" if n % 9 == 0 else "normal",
    )  # fmt: skip
    created = clerk.post("/work-orders", json=body)
    assert created.status_code == 201, created.text
    ticket = str(created.json()["ticket_no"])
    assigned = boss.post(f"/work-orders/{ticket}/assign", json={"technician_id": technician_id})
    assert assigned.status_code == 200, assigned.text
    return ticket


def seed(demo: DemoService, jobs: int, sheets: int, words: Words) -> Work:
    """``jobs`` calls for tech1 (four in five today, the rest two days either side), and
    signed sheets pushed for ``sheets`` of today's, waiting in the review queue."""
    clerk, boss = signed_in_client(demo, CLERK), signed_in_client(demo, SUPERVISOR)
    phone = Phone(demo)
    today = datetime.now(CENTRE_ZONE).date()
    names: list[str] = []
    tickets: list[str] = []
    for n in range(jobs):
        day = today if n % 5 else today + timedelta(days=(-2, -1, 1, 2)[n // 5 % 4])
        name = words.name()
        ticket = record_call(clerk, boss, phone.client.id, n, day, name, words)
        if day == today:
            names.append(name)
            tickets.append(ticket)
    for ticket in tickets[:sheets]:
        phone.submit(
            ticket, 1, symptoms=words.phrase(14), actions=words.phrase(10),
            comment=words.phrase(8), signer=words.name(),
        )  # fmt: skip
    visits = tickets[sheets : sheets + 24]
    return Work(names[sheets:], visits, tickets[:sheets])


# -- the apps, per setting ------------------------------------------------------------------------


@dataclass
class Target:
    """One setting's technician app and back office."""

    setting: str
    app: AppProcess
    office: AppProcess
    sign_in_lock: threading.Lock = field(default_factory=threading.Lock)
    signed_in: bool = False

    def stop(self) -> None:
        self.app.stop()
        self.office.stop()


def isolated(url: str) -> bool:
    """Whether the server's reply carries the cross-origin isolation headers."""
    headers = requests.get(url, timeout=10).headers
    return "Cross-Origin-Embedder-Policy" in headers and "Cross-Origin-Opener-Policy" in headers


def start_target(setting: str, folder: Path, service_url: str) -> Target:
    """Both apps with ``$FIELDAPP_RENDERER_THREADS=setting`` (the harness passes os.environ)."""
    previous = os.environ.get(RENDERER_THREADS_ENV)
    os.environ[RENDERER_THREADS_ENV] = setting
    try:
        app = start_app(folder / f"app-{setting}", service_url)
        try:
            office = start_office(folder / f"office-{setting}", service_url)
        except Exception:
            app.stop()
            raise
    finally:
        if previous is None:
            os.environ.pop(RENDERER_THREADS_ENV, None)
        else:
            os.environ[RENDERER_THREADS_ENV] = previous
    target = Target(setting, app, office)
    for url in (app.url, office.url):
        if isolated(url) != (setting == "multi"):
            target.stop()
            raise RuntimeError(f"{url} does not serve the {setting}-threaded setting")
    return target


# -- renderer processes, from /proc ---------------------------------------------------------------


def processes() -> dict[int, tuple[int, str]]:
    """Every process: pid -> (parent pid, command line)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            command = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        found[int(entry)] = (parent, command)
    return found


def chromium_pids(marker: str, kind: str) -> list[int]:
    """The browser process launched with ``marker`` (``kind`` "browser") or its processes
    of ``--type=<kind>`` (found by walking up their parents to it)."""
    table = processes()
    browsers = {pid for pid, (_, cmd) in table.items() if marker in cmd and "--type=" not in cmd}
    if kind == "browser":
        return sorted(browsers)

    def launched_by_marker(pid: int) -> bool:
        for _ in range(10):
            if pid in browsers:
                return True
            if pid not in table:
                return False
            pid = table[pid][0]
        return False

    wanted = f"--type={kind}"
    return [pid for pid, (_, cmd) in table.items() if wanted in cmd and launched_by_marker(pid)]


def cpu_ticks(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])  # utime + stime


def renderer_cpu(marker: str, seconds: float = 2.0) -> float:
    """The highest CPU use (percent of one core) over ``seconds`` among the renderers."""
    pids = chromium_pids(marker, "renderer")
    before = {pid: cpu_ticks(pid) for pid in pids}
    time.sleep(seconds)
    hertz = os.sysconf("SC_CLK_TCK")
    found = [0.0]
    for pid, start in before.items():
        end = cpu_ticks(pid)
        if start is not None and end is not None:
            found.append(100.0 * (end - start) / hertz / seconds)
    return max(found)


def kill(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


# -- tallies ------------------------------------------------------------------------------------


@dataclass
class Freeze:
    setting: str
    kind: str
    page: str
    run_minutes: float
    session_minutes: float
    action: str
    cpu: float
    answered_after: float | None  # seconds after the action, or None: never in 45 s
    how: str  # "no answer to the probe" or "action hung"


@dataclass
class Tally:
    sessions: int = 0
    seconds: float = 0.0
    actions: int = 0
    errors: int = 0
    crashes: int = 0
    isolation_wrong: int = 0
    freezes: list[Freeze] = field(default_factory=list)
    messages: collections.Counter[str] = field(default_factory=collections.Counter)


class Stats:
    """The run's tallies per setting, shared by the page threads."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.lock = threading.Lock()
        self.tallies = {setting: Tally() for setting in SETTINGS}

    def minutes(self) -> float:
        return (time.monotonic() - self.started) / 60

    def update(self, setting: str, change: Callable[[Tally], None]) -> None:
        with self.lock:
            change(self.tallies[setting])

    def error(self, setting: str, message: str) -> None:
        def add(tally: Tally) -> None:
            tally.errors += 1
            tally.messages[message[:160]] += 1

        self.update(setting, add)


class Frozen(Exception):
    def __init__(self, freeze: Freeze) -> None:
        super().__init__(freeze.action)
        self.freeze = freeze


class Crashed(Exception):
    """The page's renderer crashed (not killed by this bench)."""


class StepFailed(Exception):
    """An action failed for an ordinary reason; the page still answers."""


def answers(page: Any, seconds: float) -> bool:
    """The liveness probe: does the page's main thread run JavaScript within ``seconds``?"""
    from playwright.sync_api import Error as PlaywrightError

    try:
        page.wait_for_function("() => true", timeout=seconds * 1000)
    except PlaywrightError:
        return False
    return True


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"


# -- one page session ---------------------------------------------------------------------------


@dataclass
class Session:
    target: Target
    kind: str
    page: Any
    size: tuple[int, int]
    began: float
    rng: random.Random
    words: Words
    work: Work
    crashed: bool = False
    screen: str = "list"  # technician: list, job or visit
    searching: bool = False
    role: tuple[str, str] = SUPERVISOR

    @property
    def url(self) -> str:
        return self.target.app.url if self.kind == TECHNICIAN else self.target.office.url


def load(s: Session) -> None:
    """Load the app in the page and switch on Flutter's accessibility tree (E2E.md)."""
    s.page.goto(s.url, timeout=30_000)
    placeholder = s.page.locator("flt-semantics-placeholder")
    placeholder.wait_for(state="attached", timeout=60_000)
    placeholder.dispatch_event("click", timeout=15_000)
    s.page.wait_for_selector("flt-semantics-host flt-semantics", state="attached", timeout=30_000)
    s.screen, s.searching = "list", False


def land_technician(s: Session) -> None:
    """The first page of each app signs in; later pages land on today's list."""
    with s.target.sign_in_lock:
        if not s.target.signed_in:
            load(s)
            technician_sign_in(s.page)
            s.target.signed_in = True
            return
    load(s)
    back_on_the_list(s)
    if node(s.page, "day").count() == 0:  # a search the session kept
        s.searching = True
        clear_search(s)


def back_on_the_list(s: Session) -> None:
    """Today's list, tapping back if a reloaded page reconnected to a job or a visit (the
    Flet session outlives a reload)."""
    deadline = time.monotonic() + 60
    while LIST_TITLE not in semantics_text(s.page):
        assert time.monotonic() < deadline, "today's list never showed"
        if s.page.get_by_role("button", name=BACK).count():
            tap_back(s)
            time.sleep(1)
        else:
            time.sleep(0.3)


def land_office(s: Session) -> None:
    """Sign in as a supervisor (two pages in three) or a clerk; a reloaded page that
    reconnected to its signed-in session keeps it."""
    load(s)
    deadline = time.monotonic() + 60
    while not node(s.page, "rail").count():
        if node(s.page, "username").count():
            s.role = s.rng.choice((SUPERVISOR, SUPERVISOR, CLERK))
            office_sign_in(s.page, s.role)
            return
        assert time.monotonic() < deadline, "neither the sign-in nor the rail showed"
        time.sleep(0.3)


def land(s: Session) -> None:
    (land_technician if s.kind == TECHNICIAN else land_office)(s)


def wheel(s: Session, x: float, y: float, ticks: int, delta: int = 240) -> None:
    """Scroll as a thumb or a mouse wheel does, a notch at a time."""
    s.page.mouse.move(x, y)
    for _ in range(ticks):
        s.page.mouse.wheel(0, delta)
        time.sleep(s.rng.uniform(0.08, 0.35))


def browse(s: Session, x: float, y: float) -> None:
    """Down a good way, then part of the way back."""
    down = s.rng.randint(4, 14)
    wheel(s, x, y, down)
    wheel(s, x, y, s.rng.randint(1, down), delta=-240)


def visible_ids(s: Session, prefix: str, top: float, bottom: float) -> list[str]:
    """Identifiers starting with ``prefix`` of nodes wholly between ``top`` and the
    viewport's height less ``bottom`` (clear of bars and headers)."""
    found = run_js(
        s.page,
        """(a) => Array.from(document.querySelectorAll(`[flt-semantics-identifier^='${a.p}']`))
             .map(n => [n.getAttribute('flt-semantics-identifier'), n.getBoundingClientRect()])
             .filter(([, r]) => r.height > 0 && r.top >= a.top
                                && r.bottom <= window.innerHeight - a.bottom)
             .map(([id]) => id)""",
        {"p": prefix, "top": top, "bottom": bottom},
    )
    return [str(i) for i in found]


def tap_a_row(
    s: Session, prefix: str, top: float, bottom: float,
    scroll_at: tuple[float, float], at: tuple[float, float] | None = None,
) -> None:  # fmt: skip
    """Tap one of the rows on the screen (``at``: where, from its top left corner; else its
    centre), scrolling at ``scroll_at`` when none shows. A list that re-renders (after a
    sync) replaces its nodes: look again."""
    from playwright.sync_api import Error as PlaywrightError

    for _ in range(4):
        rows = visible_ids(s, prefix, top, bottom)
        if not rows:
            browse(s, *scroll_at)
            continue
        time.sleep(0.5)  # the list comes to rest
        try:
            box = node(s.page, s.rng.choice(rows)).bounding_box(timeout=2_000)
        except PlaywrightError:
            continue
        if box is not None:
            dx, dy = at or (box["width"] / 2, box["height"] / 2)
            s.page.mouse.click(box["x"] + dx, box["y"] + dy)
            return
    raise AssertionError(f"no {prefix}* row to tap on the screen")


def wait_attached(s: Session, identifier: str, seconds: float = 30.0) -> None:
    node(s.page, identifier).wait_for(state="attached", timeout=seconds * 1000)


# -- the technician's actions ---------------------------------------------------------------------


def list_point(s: Session) -> tuple[float, float]:
    return min(200.0, s.size[0] / 2), s.size[1] * 0.65


def pane_point(s: Session) -> tuple[float, float]:
    return (s.size[0] / 2, s.size[1] * 0.6) if s.size == PHONE else (700.0, s.size[1] * 0.6)


def tap_back(s: Session) -> None:
    """The app bar's back arrow (Flutter names it 返回; its tooltip, once shown, joins the
    name), then the pointer moved off it so the tooltip goes."""
    back = s.page.get_by_role("button", name=BACK).first
    back.wait_for(state="attached", timeout=15_000)
    click_in_view(s.page, back)
    s.page.mouse.move(*pane_point(s))


def clear_search(s: Session) -> None:
    field = s.page.locator("[flt-semantics-identifier='search'] input").first
    if field.count() == 0:
        field = node(s.page, "search")
    click_in_view(s.page, field)
    time.sleep(0.3)
    s.page.keyboard.press("Control+A")
    s.page.keyboard.press("Backspace")
    wait_attached(s, "day")  # the day switch is back: no search
    s.searching = False


def to_list(s: Session) -> None:
    """Back to today's list, as a person taps back."""
    if s.screen == "visit":
        tap_back(s)
        wait_attached(s, "start-visit")
        s.screen = "job"
    if s.screen == "job":
        tap_back(s)
        wait_for_text(s.page, LIST_TITLE)
        s.screen = "list"
    if s.searching:
        clear_search(s)


def scroll_list(s: Session) -> None:
    to_list(s)
    browse(s, *list_point(s))


def switch_day(s: Session) -> None:
    """The next day's jobs, a look down the list, then back to today."""
    to_list(s)
    today = datetime.now(CENTRE_ZONE).date()
    tap_id(s.page, "next-day")
    wait_for_text(s.page, f"{today + timedelta(days=1):%Y-%m-%d}")
    browse(s, *list_point(s))
    tap_id(s.page, "previous-day")
    wait_for_text(s.page, f"今天 {today:%Y-%m-%d}")


def search(s: Session) -> None:
    to_list(s)
    name = s.rng.choice(s.work.names)
    type_into(s.page, "search", name, delay_ms=s.rng.choice((60, 120)))
    s.searching = True
    wait_for_text(s.page, name)
    time.sleep(s.rng.uniform(0.5, 2.0))
    clear_search(s)


def open_job(s: Session) -> None:
    """A job seen on the list: opened, read down, and (mostly) back to the list."""
    to_list(s)
    tap_a_row(s, "job-", 260, 110, list_point(s), at=(80, 20))  # the ticket number: no link
    wait_attached(s, "start-visit")
    s.screen = "job"
    browse(s, *pane_point(s))
    if s.rng.random() < 0.7:
        to_list(s)


def toggle(s: Session, item: str) -> None:
    """Tick or untick a 「5个1」 item and wait until the box shows it."""
    box = s.page.locator(f"[flt-semantics-identifier='tick-{item}'] [role=checkbox]").first
    before = box.get_attribute("aria-checked", timeout=15_000)
    click_in_visit(s.page, box)
    deadline = time.monotonic() + 10
    while box.get_attribute("aria-checked", timeout=15_000) == before:
        assert time.monotonic() < deadline, f"tick-{item} never changed"
        time.sleep(0.05)
    time.sleep(s.rng.uniform(0.2, 0.8))


def ticks(s: Session) -> None:
    tap_id(s.page, "step-etiquette")
    wait_for_text(s.page, "一块洁净布")
    for _ in range(s.rng.randint(3, 6)):
        toggle(s, s.rng.choice(("greeting", "clean_cloth", "shoe_covers")))


def symptoms(s: Session) -> None:
    tap_id(s.page, "step-diagnosis")
    wait_attached(s, "diagnosis-symptoms")
    words = s.words.phrase(s.rng.randint(6, 14))
    type_into(s.page, "diagnosis-symptoms", words, delay_ms=s.rng.choice((60, 120)))


def signature(s: Session) -> None:
    tap_id(s.page, "step-sign_off")
    wait_attached(s, "signature-pad")
    for _ in range(s.rng.randint(1, 2)):
        sign_on_pad(s.page)


def visit(s: Session) -> None:
    """Start or continue a visit, do two of its things, and go back to the list."""
    to_list(s)
    ticket = s.rng.choice(s.work.visit_tickets)
    type_into(s.page, "search", ticket[-5:], delay_ms=100)  # "-0031": the ticket alone
    s.searching = True
    tap_id(s.page, f"job-{ticket}", timeout=30)
    wait_attached(s, "start-visit")
    s.screen = "job"
    tap_id(s.page, "start-visit")
    wait_attached(s, "visit-phrases")
    s.screen = "visit"
    for part in s.rng.sample((ticks, symptoms, signature), 2):
        part(s)
    to_list(s)


# -- the back office's actions --------------------------------------------------------------------


def content_point(s: Session) -> tuple[float, float]:
    return s.size[0] * 0.6, s.size[1] * 0.6


def place(label: str) -> Callable[[Session], None]:
    """Open a place from the rail and read down it."""

    def act(s: Session) -> None:
        go(s.page, label)
        time.sleep(s.rng.uniform(0.8, 2.0))
        browse(s, *content_point(s))

    return act


def queue_and_sheet(s: Session) -> None:
    """The review queue, a sheet from it read down, and back to the queue."""
    go(s.page, "审批")
    deadline = time.monotonic() + 30
    while not node(s.page, "queue-total").count() and not node(s.page, "queue-empty").count():
        assert time.monotonic() < deadline, "the review queue never showed"
        time.sleep(0.2)
    tap_a_row(s, "row-", 80, 40, content_point(s))
    wait_attached(s, "back-to-queue")
    time.sleep(s.rng.uniform(0.5, 1.5))
    browse(s, *content_point(s))
    tap_id(s.page, "back-to-queue")
    wait_attached(s, "queue-total")


Action = tuple[str, int, Callable[[Session], None]]
TECHNICIAN_ACTIONS: list[Action] = [
    ("scroll the list", 4, scroll_list),
    ("switch the day", 1, switch_day),
    ("search", 1, search),
    ("open a job", 3, open_job),
    ("visit", 3, visit),
]
SUPERVISOR_ACTIONS: list[Action] = [
    ("queue and a sheet", 3, queue_and_sheet),
    ("work orders", 2, place("工单")),
    ("dashboard", 1, place("统计")),
    ("follow-up calls", 1, place("回访")),
]
CLERK_ACTIONS: list[Action] = [
    ("work orders", 3, place("工单")),
    ("follow-up calls", 2, place("回访")),
    ("complaints", 1, place("客投")),
    ("loaners", 1, place("备用机")),
    ("centre units", 1, place("返修机")),
]


def pick(s: Session) -> Action:
    if s.kind == TECHNICIAN:
        actions = TECHNICIAN_ACTIONS
    else:
        actions = CLERK_ACTIONS if s.role == CLERK else SUPERVISOR_ACTIONS
    return s.rng.choices(actions, weights=[weight for _, weight, _ in actions])[0]


# -- a page at a time, in its own Chromium --------------------------------------------------------


@dataclass
class Hang:
    cpu: float
    action: str


class PageRunner:
    """One browser running sessions one after another, settings alternating."""

    def __init__(
        self, index: int, targets: dict[str, Target], work: Work, stats: Stats,
        deadline: float, stop: threading.Event, seed: int, shots: Path | None,
    ) -> None:  # fmt: skip
        self.name = f"page{index}"
        self.marker = f"--fieldapp-freeze-soak={os.getpid()}-{index}"
        self.first = index % 2  # neighbours run the settings in opposite order
        self.targets, self.work, self.stats = targets, work, stats
        self.deadline, self.stop = deadline, stop
        self.shots, self.errors = shots, 0
        self.rng = random.Random(seed * 1000 + index)
        self.words = Words(self.rng)
        self.guard = threading.Lock()
        self.step_since: float | None = None
        self.step_name = ""
        self.hang: Hang | None = None
        self.thread = threading.Thread(target=self.run, name=self.name, daemon=True)

    # The page thread.

    def run(self) -> None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = None
            number = 0
            while not self.stop.is_set():
                left = self.deadline - time.monotonic()
                if left < SHORTEST_SESSION:
                    break
                if browser is None or not browser.is_connected():
                    browser = playwright.chromium.launch(
                        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, self.marker]
                    )
                setting = SETTINGS[(number + self.first) % 2]
                kind = (TECHNICIAN, OFFICE)[number // 2 % 2]
                seconds = min(left, self.rng.uniform(*SESSION_SECONDS))
                try:
                    self.session(browser, self.targets[setting], kind, seconds)
                except Exception as exc:  # a bug here must not end the soak
                    traceback.print_exc()
                    self.stats.error(setting, f"bench: {first_line(exc)}")
                number += 1
            if browser is not None:
                with contextlib.suppress(Exception):
                    browser.close()

    def session(self, browser: Any, target: Target, kind: str, seconds: float) -> None:
        size = self.rng.choice((PHONE, PHONE, TABLET) if kind == TECHNICIAN else (DESKTOP, TABLET))
        began = time.monotonic()
        context = browser.new_context(viewport={"width": size[0], "height": size[1]})
        s = Session(target, kind, context.new_page(), size, began, self.rng, self.words, self.work)
        s.page.on("crash", lambda _page: setattr(s, "crashed", True))
        done, ending = 0, ""
        try:
            self.step(s, "open", lambda: land(s))
            self.check_isolation(s)
            while time.monotonic() - began < seconds and not self.stop.is_set():
                done += self.act(s)
        except StepFailed as failure:
            self.failed(s, failure)
            ending = "  ended by an error"
        except Frozen as frozen:
            freeze = frozen.freeze
            self.stats.update(target.setting, lambda t: t.freezes.append(freeze))
            ending = f"  FREEZE ({freeze.how}, renderer {freeze.cpu:.0f} %)"
        except Crashed:
            self.stats.update(target.setting, lambda t: setattr(t, "crashes", t.crashes + 1))
            ending = "  renderer CRASHED"
        finally:
            self.close(s, context)
        self.tally(s, done, time.monotonic() - began, ending)

    def act(self, s: Session) -> int:
        """One action; an ordinary failure is counted and the page reloaded. Done: 1 or 0."""
        name, _, action = pick(s)
        try:
            self.step(s, name, lambda: action(s))
        except StepFailed as failure:
            self.failed(s, failure)
            self.step(s, "reload", lambda: land(s))  # failing here ends the session
            return 0
        return 1

    def failed(self, s: Session, failure: StepFailed) -> None:
        """Count an error; with ``--shots``, keep what the page showed."""
        self.stats.error(s.target.setting, str(failure))
        print(f"[{self.stats.minutes():5.1f} min] {self.name} {s.target.setting} error: {failure}",
              flush=True)  # fmt: skip
        if self.shots is not None:
            self.errors += 1
            path = self.shots / f"{self.name}-{self.errors:03d}-{s.target.setting}-{s.kind}.png"
            with contextlib.suppress(Exception):
                s.page.screenshot(path=str(path), timeout=15_000)

    def step(self, s: Session, name: str, act: Callable[[], None]) -> None:
        """Run ``act``, then the liveness probe. Raises Frozen, Crashed or StepFailed."""
        with self.guard:
            self.step_since, self.step_name, self.hang = time.monotonic(), name, None
        try:
            act()
        except Exception as exc:  # a stuck page surfaces as many kinds of error
            self.classify(s, name, exc)
        finally:
            with self.guard:
                self.step_since = None
        self.probe(s, name)

    def classify(self, s: Session, name: str, exc: Exception) -> None:
        hang = self.hang
        if hang is not None:
            raise Frozen(self.freeze(s, name, hang.cpu, None, "action hung")) from exc
        if s.crashed:
            raise Crashed(name) from exc
        self.probe(s, name)
        raise StepFailed(f"{s.kind}: {name}: {first_line(exc)}") from exc

    def probe(self, s: Session, name: str) -> None:
        asked = time.monotonic()
        if answers(s.page, PROBE_SECONDS):
            return
        if s.crashed:
            raise Crashed(name)
        cpu = renderer_cpu(self.marker)
        back = answers(s.page, RECHECK_SECONDS)
        after = time.monotonic() - asked if back else None
        raise Frozen(self.freeze(s, name, cpu, after, "no answer to the probe"))

    def freeze(self, s: Session, action: str, cpu: float, after: float | None, how: str) -> Freeze:
        minutes = (time.monotonic() - s.began) / 60
        print(f"[{self.stats.minutes():5.1f} min] FREEZE {LABELS[s.target.setting]} {s.kind}"
              f" {s.size[0]}x{s.size[1]}: {action} ({how}), {minutes:.1f} min into the"
              f" session, renderer CPU {cpu:.0f} %", flush=True)  # fmt: skip
        return Freeze(s.target.setting, s.kind, self.name, self.stats.minutes(), minutes,
                      action, cpu, after, how)  # fmt: skip

    def check_isolation(self, s: Session) -> None:
        """The page runs the setting it is meant to (``window.crossOriginIsolated``)."""
        isolated_page = bool(run_js(s.page, "window.crossOriginIsolated"))
        if isolated_page != (s.target.setting == "multi"):
            self.stats.update(
                s.target.setting, lambda t: setattr(t, "isolation_wrong", t.isolation_wrong + 1)
            )

    def close(self, s: Session, context: Any) -> None:
        """Close the context (that ends its renderer), under the watchdog like a step."""
        with self.guard:
            self.step_since, self.step_name, self.hang = time.monotonic(), "close", None
        try:
            with contextlib.suppress(Exception):
                context.close()
        finally:
            with self.guard:
                self.step_since = None

    def tally(self, s: Session, done: int, seconds: float, ending: str) -> None:
        def add(tally: Tally) -> None:
            tally.sessions += 1
            tally.seconds += seconds
            tally.actions += done

        self.stats.update(s.target.setting, add)
        print(f"[{self.stats.minutes():5.1f} min] {self.name} {LABELS[s.target.setting]:<22}"
              f" {s.kind:<10} {s.size[0]}x{s.size[1]:<5} {seconds:4.0f} s  {done:2d} actions"
              f"{ending}", flush=True)  # fmt: skip

    # The watchdog thread.

    def watch(self) -> None:
        """Free the page thread from an action stuck in its renderer: kill the renderer
        (after reading its CPU); if that does not help within a minute, the browser."""
        with self.guard:
            since, name, hang = self.step_since, self.step_name, self.hang
        if since is None or time.monotonic() - since < HUNG_SECONDS:
            return
        if hang is None:
            cpu = renderer_cpu(self.marker)
            with self.guard:
                self.hang = Hang(cpu, name)
            kill(chromium_pids(self.marker, "renderer"))
        elif time.monotonic() - since > HUNG_SECONDS + 60:
            kill(chromium_pids(self.marker, "browser"))


# -- the run -------------------------------------------------------------------------------------


def soak(runners: list[PageRunner], stop: threading.Event) -> list[float]:
    """Start the pages, watch them until they are done; the 1-minute load every 15 s."""
    for runner in runners:
        runner.thread.start()
    loads: list[float] = []
    last_sample = 0.0
    try:
        while any(runner.thread.is_alive() for runner in runners):
            time.sleep(5)
            for runner in runners:
                runner.watch()
            if time.monotonic() - last_sample >= 15:
                loads.append(os.getloadavg()[0])
                last_sample = time.monotonic()
    except KeyboardInterrupt:
        print("stopping: the pages finish their current action", flush=True)
        stop.set()
        for runner in runners:
            runner.thread.join(timeout=HUNG_SECONDS + 30)
    return loads


def report(stats: Stats, loads: list[float], pages: int) -> None:
    load = os.getloadavg()
    sampled = f"mean {sum(loads) / len(loads):.1f}, max {max(loads):.1f}" if loads else "—"
    print(f"\nfreeze soak — {stats.minutes():.1f} min run, {pages} pages at a time, Chromium;"
          f" load now {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f} (1/5/15 min),"
          f" 1-min load during the run {sampled}, {os.cpu_count()} cores")  # fmt: skip
    print(f"{'setting':<24}{'sessions':>9}{'page-min':>10}{'freezes':>9}{'per 1,000 page-min':>20}"
          f"{'stuck 45 s':>12}{'crashes':>9}{'errors':>8}{'actions':>9}")  # fmt: skip
    for setting in SETTINGS:
        t = stats.tallies[setting]
        minutes = t.seconds / 60
        rate = 1000 * len(t.freezes) / minutes if minutes else 0.0
        stuck = sum(1 for f in t.freezes if f.answered_after is None)
        print(f"{LABELS[setting]:<24}{t.sessions:>9}{minutes:>10.1f}{len(t.freezes):>9}"
              f"{rate:>20.1f}{stuck:>12}{t.crashes:>9}{t.errors:>8}{t.actions:>9}")  # fmt: skip
    for setting in SETTINGS:
        t = stats.tallies[setting]
        if t.isolation_wrong:
            print(f"WARNING: {t.isolation_wrong} {setting} pages had the wrong crossOriginIsolated")
        for f in t.freezes:
            back = f"answered again after {f.answered_after:.0f} s" if f.answered_after else (
                "still not answering 45 s after the action")  # fmt: skip
            print(f"freeze: {LABELS[f.setting]}, {f.kind} ({f.page}), {f.session_minutes:.1f} min"
                  f" into the session ({f.run_minutes:.1f} min into the run), during"
                  f" '{f.action}' ({f.how}); renderer CPU {f.cpu:.0f} %; {back}")  # fmt: skip
    for setting in SETTINGS:
        for message, count in stats.tallies[setting].messages.most_common(6):
            print(f"error ×{count} ({setting}): {message}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=40.0, help="total wall time budget")
    parser.add_argument("--quick", action="store_true", help="a smoke run of about 3 minutes")
    parser.add_argument("--pages", type=int, default=2, help="pages open at once")
    parser.add_argument("--jobs", type=int, default=300, help="work orders to create")
    parser.add_argument("--sheets", type=int, default=24, help="sheets waiting for review")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shots", type=Path, help="keep a screenshot of each error here")
    args = parser.parse_args()
    if args.quick:
        args.minutes, args.jobs, args.sheets = 3.0, 60, 6
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    for stop_signal in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop_signal, _interrupt)
    folder = Path(tempfile.mkdtemp(prefix="freeze-soak-"))
    print(f"freeze soak: {args.minutes:.0f} min, files in {folder}", flush=True)
    demo = demo_service(folder / "service")
    targets: dict[str, Target] = {}
    try:
        work = seed(demo, args.jobs, args.sheets, Words(random.Random(args.seed)))
        for setting in SETTINGS:
            targets[setting] = start_target(setting, folder, demo.url)
        print(f"set up in {time.monotonic() - started:.0f} s: {args.jobs} work orders,"
              f" {len(work.sheet_tickets)} sheets to review", flush=True)  # fmt: skip
        stats, stop = Stats(started), threading.Event()
        deadline = started + args.minutes * 60
        runners = [
            PageRunner(i, targets, work, stats, deadline, stop, args.seed, args.shots)
            for i in range(args.pages)
        ]
        loads = soak(runners, stop)
        report(stats, loads, args.pages)
    finally:
        for target in targets.values():
            target.stop()
        demo.stop()
    return 0


def _interrupt(signum: int, frame: FrameType | None) -> None:
    print(f"received {signal.Signals(signum).name}", flush=True)
    raise KeyboardInterrupt


if __name__ == "__main__":
    raise SystemExit(main())
