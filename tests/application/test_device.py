"""The device: sign-in kept across restarts, expiry, sign-out refused while anything is unsent."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fieldapp.application import Device, MemoryTokenVault, SignInFailed, SignOutRefused
from tests.application.conftest import NOW, a_sheet, an_order
from tests.application.fake_service import session_for, technician_service


def wait_until(condition, seconds: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_signing_in_remembers_the_technician_and_the_address(device: Device) -> None:
    assert device.account is None and not device.needs_password
    device.sign_in("svc:8700", "tech1", "right")
    assert device.account is not None and device.account.display_name == "张伟"
    assert device.service_url == "http://svc:8700"
    assert device.vault.load() == "token-1"
    wait_until(lambda: device.status.last_success is not None)  # synced at once


def test_after_a_restart_the_technician_is_still_signed_in(tmp_path: Path) -> None:
    vault = MemoryTokenVault()
    factory = session_for(technician_service())
    first = Device(tmp_path / "store", vault=vault, session_factory=factory, clock=lambda: NOW)
    first.sign_in("http://svc", "tech1", "right")
    first.store.apply_work_order(an_order(1, appointment=NOW))
    first.close()
    second = Device(tmp_path / "store", vault=vault, session_factory=factory, clock=lambda: NOW)
    try:
        assert second.account is not None and not second.needs_password
        assert [c.ticket_no for c in second.jobs.day(second.jobs.today())] == ["BX20261122-0001"]
        vault.clear()  # the token is gone (expired and dropped): the password is asked again
        assert second.needs_password
    finally:
        second.close()


def test_a_wrong_password_changes_nothing(device: Device) -> None:
    with pytest.raises(SignInFailed):
        device.sign_in("http://svc", "tech1", "wrong")
    assert device.account is None and device.vault.load() is None


def test_sign_out_is_refused_while_sheets_are_unsent_and_says_how_many(device: Device) -> None:
    device.sign_in("http://svc", "tech1", "right")
    device.close()  # no sync thread: the sheets stay queued
    reopened = Device(device.store_dir, vault=device.vault, clock=lambda: NOW)
    try:
        reopened.store.save_sheet(a_sheet("BX20261122-0001"))
        reopened.store.save_sheet(a_sheet("BX20261122-0002"))
        with pytest.raises(SignOutRefused) as refused:
            reopened.sign_out()
        assert refused.value.unsent == 2
        assert "还有 2 份报告单未发送" in refused.value.message.zh
        assert reopened.account is not None
    finally:
        reopened.close()


def test_signing_out_once_synced_leaves_no_customer_on_the_device(device: Device) -> None:
    device.sign_in("http://svc", "tech1", "right")
    device.set_language("en")
    device.store.apply_work_order(an_order(1, appointment=NOW, name="赵丽华"))
    device.store.save_sheet(a_sheet("BX20261122-0001"))
    device.sync_now()
    wait_until(lambda: device.unsent_count() == 0)
    old_id = device.device_id
    device.sign_out()
    assert device.account is None and device.vault.load() is None
    assert device.store.list_work_orders(include_removed=True, include_archived=True) == []
    assert device.store.list_sheets(include_archived=True) == []
    leftovers = [
        p
        for p in device.store_dir.rglob("*")
        if p.is_file() and "赵丽华" in p.read_text("utf-8", "ignore")
    ]
    assert leftovers == []
    assert device.device_id != old_id  # the phone can be handed to someone else
    assert device.language == "en"  # a device setting, not the technician's data
