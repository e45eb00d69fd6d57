"""The view-models without a browser: what a screen would show after each action."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

from fieldapp.application import Device, SyncState
from fieldapp.sync_client.status import SyncStatus
from fieldapp.ui.i18n import Translator
from fieldapp.ui.viewmodels.job_list_model import JobListModel
from fieldapp.ui.viewmodels.outbox_model import OutboxModel
from fieldapp.ui.viewmodels.settings_model import SettingsModel
from fieldapp.ui.viewmodels.sign_in_model import SignInModel
from fieldapp.ui.viewmodels.sync_model import SyncModel
from tests.application.conftest import NOW, a_sheet, an_order, device  # noqa: F401
from tests.support.aio import run_to_end

T = TypeVar("T")


run = run_to_end


def test_a_failed_sign_in_shows_why_and_keeps_what_was_typed(device: Device) -> None:  # noqa: F811
    signed_in: list[bool] = []
    model = SignInModel.for_device(device, lambda: signed_in.append(True))
    model.set_service_url("http://svc")
    model.set_username("tech1")
    model.set_password("wrong")
    run(model.submit())
    assert model.error is not None and model.error_field == "password"
    assert model.message_for("password") == model.error and model.message_for("username") is None
    assert (model.username, model.password) == ("tech1", "wrong") and not signed_in
    model.set_password("right")  # typing again clears the message under the field
    assert model.error is None
    run(model.submit())
    assert signed_in == [True] and model.password == "" and not model.busy


def test_after_an_expiry_the_form_is_prefilled_with_the_technician(device: Device) -> None:  # noqa: F811
    device.sign_in("http://svc", "tech1", "right")
    model = SignInModel.for_device(device, lambda: None)
    assert (model.service_url, model.username) == ("http://svc", "tech1")


def test_the_job_list_switches_day_and_searches(device: Device) -> None:  # noqa: F811
    device.store.apply_work_order(an_order(1, appointment=NOW))
    device.store.apply_work_order(an_order(2, appointment=NOW + timedelta(days=1), name="赵丽华"))
    model = JobListModel.for_today(device.jobs)
    run(model.load())
    assert [c.ticket_no for c in model.cards] == ["BX20261122-0001"] and model.is_today
    run(model.next_day())
    assert [c.customer_name for c in model.cards] == ["赵丽华"] and not model.is_today
    run(model.search("陈晓"))
    assert model.searching and [c.ticket_no for c in model.cards] == ["BX20261122-0001"]
    run(model.today())
    assert model.query == "" and model.is_today and not model.loading


def test_a_slower_older_request_never_overwrites_a_newer_one(device: Device) -> None:  # noqa: F811
    device.store.apply_work_order(an_order(1, appointment=NOW))
    model = JobListModel.for_today(device.jobs)

    async def race() -> None:
        await asyncio.gather(model.show_day(model.day - timedelta(days=3)), model.today())

    run(race())
    assert model.is_today and [c.ticket_no for c in model.cards] == ["BX20261122-0001"]


def test_the_sync_indicator_changes_only_when_what_it_shows_changes(device: Device) -> None:  # noqa: F811
    model = SyncModel(device=device)
    changes: list[str] = []

    def listener(sender: object, field: str | None) -> None:
        changes.append(str(field))

    model.subscribe(listener)  # held weakly by the observable: keep a name for it
    model.show(SyncStatus(online=True, pending=2))
    assert model.summary.state is SyncState.ONLINE and model.summary.pending == 2
    model.show(SyncStatus(online=True, pending=2))
    assert len(changes) == 1
    model.show(SyncStatus(online=True, running=True, items_done=1, items_total=4))
    assert model.summary.state is SyncState.SYNCING and model.summary.progress == 0.25
    model.show(SyncStatus(online=False))
    assert model.summary.state is SyncState.OFFLINE
    model.show(SyncStatus(online=True, sign_in_required=True))
    assert model.summary.state is SyncState.SIGN_IN


def test_settings_refuse_sign_out_with_unsent_work_and_switch_language(device: Device) -> None:  # noqa: F811
    device.sign_in("http://svc", "tech1", "right")
    device.close()
    offline = Device(device.store_dir, vault=device.vault, clock=lambda: NOW)
    try:
        offline.store.save_sheet(a_sheet("BX20261122-0001"))
        translator = Translator()
        model = SettingsModel(device=offline, translator=translator, on_signed_out=lambda: None)
        run(model.sign_out())
        assert model.problem is not None and "1 份报告单未发送" in model.problem.zh
        run(model.choose_language("en"))
        assert translator.t("nav.settings") == "Settings" and offline.language == "en"
        run(model.load())
        assert model.size is not None and model.size.sheets == 1
        run(model.export())
        assert model.message is not None and model.problem is None
        exported = next(offline.diagnostics_dir.glob("*.json")).read_text("utf-8")
        assert offline.device_id in exported and "BX20261122-0001" not in exported
        outbox = OutboxModel(device=offline)
        run(outbox.load())
        assert [e.state for e in outbox.entries] == ["pending"]
    finally:
        offline.close()


def test_an_arrival_tick_counts_at_once_and_is_saved(device: Device) -> None:  # noqa: F811
    from fieldapp.application.visit_start import start_visit
    from fieldapp.ui.viewmodels.arrival_model import ArrivalModel

    device.sign_in("http://svc", "tech1", "right")
    device.store.apply_work_order(an_order(1, appointment=NOW))
    sheet = start_visit(device.store, device.jobs.reference, "BX20261122-0001", now=NOW)
    model = ArrivalModel(device=device, sheet_id=sheet.sheet_id)
    assert (model.done, model.total) == (0, 2)
    run(model.toggle("work_order_shown", True))
    assert model.done == 1 and model.error is None
    saved = device.store.get_sheet(sheet.sheet_id)
    assert saved is not None and saved.arrival is not None and saved.arrival.work_order_shown
    # A tap turns an item over; two quick taps leave it as it was.
    run(model.turn_over("work_order_shown"))
    assert model.done == 0

    async def two_taps() -> None:
        await asyncio.gather(model.turn_over("work_id_shown"), model.turn_over("work_id_shown"))

    run(two_taps())
    assert model.done == 0
    saved = device.store.get_sheet(sheet.sheet_id)
    assert saved is not None and saved.arrival is not None
    assert not saved.arrival.work_order_shown and not saved.arrival.work_id_shown


def test_a_job_opens_with_its_detail_at_once_and_never_waits_for_a_write(device: Device) -> None:  # noqa: F811
    from fieldapp.ui.viewmodels.job_detail_model import JobDetailModel

    device.store.apply_work_order(an_order(1, appointment=NOW))
    ticket = "BX20261122-0001"
    model = JobDetailModel.opened(device, ticket)
    # The first render shows the job, not a spinner (one update on the phone).
    assert model.detail is not None and not model.loading
    assert model.detail.order.customer.name == "陈晓明" and model.history is not None

    # While the sync thread writes, opening the job must not wait for it: the spinner,
    # then the job once the write is done.
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with device.store.unless_busy() as held:
            assert held
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    assert holding.wait(10)
    started = time.monotonic()
    waiting = JobDetailModel.opened(device, ticket)
    assert time.monotonic() - started < 1.0
    assert waiting.detail is None and waiting.loading
    release.set()
    thread.join()
    run(waiting.load())
    assert waiting.detail is not None and not waiting.loading
    assert waiting.detail.order == model.detail.order
    assert waiting.detail.next_visit == model.detail.next_visit


def test_the_submitted_sheet_says_what_the_indicator_says_and_follows_it(tmp_path: Path) -> None:
    """The submitted step's line and the indicator read one summary: queued while the
    service does not answer, sent (and 已全部发送) once it does — with no tap."""
    import requests

    from fieldapp.application import Delivery, MemoryTokenVault
    from fieldapp.ui.components.sheet_delivery import delivery_words
    from fieldapp.ui.components.sync_indicator import state_words
    from tests.application.fake_service import Reply, session_for, technician_service

    down = False
    service = technician_service()

    def handler(method: str, path: str, body: Any) -> Reply:
        if down:
            raise requests.ConnectionError("the service cannot be reached")
        return service(method, path, body)

    phone = Device(
        tmp_path / "store",
        vault=MemoryTokenVault(),
        session_factory=session_for(handler),
        clock=lambda: NOW,
    )
    model = SyncModel(device=phone)
    phone.subscribe(model.show)  # as the runtime hands each status to the session's model
    tr = Translator()

    def shown(delivery: Delivery) -> bool:
        deadline = time.monotonic() + 15
        while model.delivery(sheet.sheet_id) is not delivery and time.monotonic() < deadline:
            time.sleep(0.05)
        return model.delivery(sheet.sheet_id) is delivery

    try:
        phone.sign_in("http://svc", "tech1", "right")
        down = True
        sheet = a_sheet("BX20261122-0001")
        phone.store.save_sheet(sheet)
        phone.sync_now()  # what submitting does
        assert model.delivery(sheet.sheet_id) is not Delivery.SENT  # queued from the start
        assert model.summary.pending == 1

        assert shown(Delivery.WAITING_OFFLINE), model.summary
        assert tr.t(delivery_words(Delivery.WAITING_OFFLINE)[0]) == "已加入待发送，联网时自动发送"
        assert state_words(model.summary, tr) == "离线 · 1 项待发送"

        down = False  # the service answers again: nobody taps anything
        assert shown(Delivery.SENT), model.summary
        assert tr.t(delivery_words(Delivery.SENT)[0]) == "已发送到服务中心"
        assert model.summary.state is SyncState.ONLINE
        assert state_words(model.summary, tr) == "已联网 · 已全部发送"
    finally:
        phone.close()
