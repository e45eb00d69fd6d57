"""Typing never rebuilds the field typed into, and a value the app filled in is selected when
the field is tapped — checked on the screens' own components, rendered in a Flet session
with no browser (the test plays the client: it sends the events a tab would send).

The web client keeps a text field's focus, caret and typed text in a Flutter widget keyed by
the control's id: a field that comes back from a render with another id is a new, empty,
unfocused widget (issue 16: typing ``0010`` into the job search kept only ``0``). A field
keeps its id when it keeps its place or its key, whatever appears or goes around it.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import flet as ft
import pytest
from flet.controls.context import _context_page
from flet.messaging.connection import Connection
from flet.messaging.session import Session
from flet.pubsub.pubsub_hub import PubSubHub

from fieldapp.application import Device, MemoryTokenVault
from fieldapp.application.visit_steps import VisitStep
from fieldapp.ui.i18n import Translator, TranslatorContext, message
from fieldapp.ui.screens.jobs.job_list import JobList
from fieldapp.ui.screens.visit.visit_view import VisitBody
from fieldapp.ui.services import LayoutContext, Services, ServicesContext
from fieldapp.ui.viewmodels import visit_model
from fieldapp.ui.viewmodels.job_list_model import JobListModel
from fieldapp.ui.viewmodels.session_model import LayoutModel, SessionModel
from fieldapp.ui.viewmodels.sync_model import SyncModel
from fieldapp.ui.viewmodels.visit_model import VisitModel
from tests.application.conftest import NOW, an_order
from tests.application.fake_service import session_for, technician_service
from tests.support.aio import run_to_end

TICKET = "BX20261122-0001"
PHONE_WIDTH = 390.0


class _Tab(Connection):
    """A browser tab that receives and says nothing; the test sends its events."""

    def send_message(self, message: Any) -> None:
        pass


def _controls(node: Any, identifier: str | None, found: list[tuple[str | None, Any]]) -> None:
    """Every control under ``node`` with the semantics identifier it sits under."""
    if isinstance(node, list):
        for item in node:
            _controls(item, identifier, found)
        return
    if not isinstance(node, ft.BaseControl):
        return
    if isinstance(node, ft.Semantics) and node.identifier:
        identifier = node.identifier
    found.append((identifier, node))
    if getattr(node, "_c", None) == "C":  # a component: what it rendered
        _controls(node._b, identifier, found)
        return
    for field in dataclasses.fields(node):
        if not field.metadata.get("skip"):
            _controls(getattr(node, field.name, None), identifier, found)


class Screen:
    """One session rendering ``root``, as a tab showing it would."""

    def __init__(self, root: Callable[[], Any]) -> None:
        connection = _Tab()
        connection.loop = asyncio.get_running_loop()
        connection.pubsubhub = PubSubHub(connection.loop)
        self.session = Session(connection)
        _context_page.set(self.session.page)
        self.session.page.render(root)
        self.session.get_page_patch()  # what a tab asks for when it connects

    def fields(self) -> dict[str, ft.TextField]:
        """The text fields on screen by their semantics identifier."""
        found: list[tuple[str | None, Any]] = []
        _controls(self.session.page.views, None, found)
        return {i: c for i, c in found if i is not None and isinstance(c, ft.TextField)}

    def ids(self) -> dict[str, int]:
        """Each text field's control id: the web client's widget for it."""
        return {name: field._i for name, field in self.fields().items()}

    def words(self) -> str:
        """Every text on screen, for what a person reads."""
        found: list[tuple[str | None, Any]] = []
        _controls(self.session.page.views, None, found)
        return "\n".join(str(c.value) for _i, c in found if isinstance(c, ft.Text))

    async def send(self, identifier: str, event: str, data: Any = None) -> None:
        """The tab sends ``event`` for the field ``identifier``; the screen settles."""
        await self.session.dispatch_event(self.fields()[identifier]._i, event, data)
        await settle()

    async def type(self, identifier: str, text: str) -> None:
        """Type ``text`` key by key (each key sends the field's whole value)."""
        for end in range(1, len(text) + 1):
            await self.send(identifier, "change", text[:end])


async def settle(seconds: float = 0.15) -> None:
    """Let the view-model's work (off the loop) and the re-renders it causes finish."""
    await asyncio.sleep(seconds)


@pytest.fixture
def phone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Device]:
    monkeypatch.setattr(visit_model, "SAVE_DELAY", 0.02)  # a typing burst, saved at once
    clock = iter(NOW + timedelta(seconds=n) for n in range(100_000))
    device = Device(
        tmp_path / "store",
        vault=MemoryTokenVault(),
        session_factory=session_for(technician_service()),
        clock=lambda: next(clock),
    )
    device.sign_in("http://svc", "tech1", "right")
    device.store.apply_work_order(an_order(1, appointment=NOW, name="赵丽华"))
    device.store.apply_work_order(an_order(10, appointment=NOW))
    yield device
    device.close()


def _framed(device: Device, body: Callable[[], Any]) -> Callable[[], Any]:
    """``body`` under the contexts the app's root provides (services, language, width)."""
    services = Services(
        device=device,
        translator=Translator(),
        session=SessionModel(device=device),
        layout=LayoutModel(width=PHONE_WIDTH),
        sync=SyncModel(device=device),
        job_list=JobListModel.for_today(device.jobs),
    )

    @ft.component
    def Frame() -> Any:
        return ServicesContext(
            services,
            lambda: TranslatorContext(
                services.translator, lambda: LayoutContext(services.layout, body)
            ),
        )

    return Frame


def test_the_job_search_keeps_every_key_typed(phone: Device) -> None:
    """Typing 0010 into the empty search box of today's jobs: the first key turns the list
    into search results (the day switch goes); the box stays the same box throughout."""
    model = JobListModel.for_today(phone.jobs)

    async def scenario() -> tuple[list[dict[str, int]], str, list[str]]:
        screen = Screen(_framed(phone, lambda: JobList(model)))
        await settle()
        seen = [screen.ids()]
        for end in range(1, 5):
            await screen.send("search", "change", "0010"[:end])
            seen.append(screen.ids())
        return seen, screen.fields()["search"].value, [c.ticket_no for c in model.cards]

    seen, shown, found = run_to_end(scenario())
    assert all(ids == seen[0] for ids in seen), seen  # never a new box: focus kept
    assert shown == "0010" and found == ["BX20261122-0010"]


# The steps with text fields, and how the form is set for all of them to show.
_STEPS: list[tuple[VisitStep, dict[str, Any]]] = [
    (VisitStep.PRODUCT, {}),
    (VisitStep.DIAGNOSIS, {}),
    (VisitStep.REPAIR, {}),
    (VisitStep.OUTCOME, {"kind": "another_visit"}),
    (VisitStep.OUTCOME, {"kind": "return_to_centre"}),
    (VisitStep.SIGN_OFF, {}),
]


def test_no_field_of_the_visit_is_rebuilt_by_what_appears_around_it(phone: Device) -> None:
    """On every step with text fields: the first key typed into each field (a serial's
    check lines, a search's results, a message under the field appear), and a message over
    the step (a refused change) coming and going, leave every field where it was."""
    model = VisitModel(device=phone, ticket_no=TICKET)

    async def scenario() -> list[str]:
        await model.load()
        screen = Screen(_framed(phone, lambda: VisitBody(model)))
        rebuilt: list[str] = []
        for step, form in _STEPS:
            await model.go(step)
            if form:
                await model.edit_many(step, form)
            await settle()
            before = screen.ids()
            assert before, f"no text field on {step.value}"
            for name in before:
                await screen.send(name, "change", "7")
                if screen.ids() != before:
                    rebuilt.append(f"{step.value}: typing into {name} {before} {screen.ids()}")
                    before = screen.ids()
            model.error = message("error.visit", detail="—")  # what a refused change says
            await settle()
            if screen.ids() != before:
                rebuilt.append(f"{step.value}: a message over the step")
                before = screen.ids()
            model.error = None
            await settle()
            if screen.ids() != before:
                rebuilt.append(f"{step.value}: the message gone")
        return rebuilt

    rebuilt = run_to_end(scenario())
    assert rebuilt == [], "\n".join(rebuilt)


def test_a_value_the_app_filled_in_is_selected_when_the_field_is_tapped(phone: Device) -> None:
    """故障现象 (the reported fault) and 用户姓名 (the customer): tapped, the whole value is
    selected, so what is typed replaces it instead of merging into it (「赵丽华赵丽华」); a
    value the technician typed is left as it is, the caret where the tap put it."""
    model = VisitModel(device=phone, ticket_no=TICKET)

    async def scenario() -> dict[str, Any]:
        await model.load()
        screen = Screen(_framed(phone, lambda: VisitBody(model)))
        seen: dict[str, Any] = {}
        await model.go(VisitStep.DIAGNOSIS)
        await settle()
        await screen.send("diagnosis-symptoms", "focus")
        seen["symptoms"] = screen.fields()["diagnosis-symptoms"].selection
        await screen.send("diagnosis-symptoms", "change", "不")
        seen["symptoms typed"] = screen.fields()["diagnosis-symptoms"].selection
        await screen.send("diagnosis-symptoms", "blur")
        await screen.send("diagnosis-symptoms", "focus")  # the technician's own words now
        seen["symptoms again"] = screen.fields()["diagnosis-symptoms"].selection
        await model.go(VisitStep.SIGN_OFF)
        await settle()
        await screen.send("sign_off-signer_name", "focus")
        seen["name"] = screen.fields()["sign_off-signer_name"].selection
        await screen.send("sign_off-signer_name", "blur")
        seen["name left"] = screen.fields()["sign_off-signer_name"].selection
        return seen

    seen = run_to_end(scenario())
    fault, name = "开机后画面偏暗", "赵丽华"
    assert seen["symptoms"] == ft.TextSelection(base_offset=0, extent_offset=len(fault))
    assert seen["symptoms typed"] is None and seen["symptoms again"] is None
    assert seen["name"] == ft.TextSelection(base_offset=0, extent_offset=len(name))
    assert seen["name left"] is None


def test_a_half_typed_serial_is_not_called_wrong_until_the_field_is_left(
    phone: Device,
) -> None:
    """Six characters of a serial typed: nothing in red yet; the field left: its length is
    said under it."""
    model = VisitModel(device=phone, ticket_no=TICKET)

    async def scenario() -> tuple[str, str]:
        await model.load()
        screen = Screen(_framed(phone, lambda: VisitBody(model)))
        await model.go(VisitStep.PRODUCT)
        await settle()
        await screen.send("product-serial_read", "focus")
        await screen.type("product-serial_read", "PJ5225")
        await settle(0.1)
        typing = screen.words()
        await screen.send("product-serial_read", "blur")
        return typing, screen.words()

    typing, left = run_to_end(scenario())
    assert "应为 13 位" not in typing and "至少" not in typing, typing
    assert "机身编号应为 13 位，现为 6 位" in left
