"""The session start (``fieldapp/ui/runtime.py``) on a Flet session with no browser: sync
status from the sync thread for a tab that has gone is dropped without leaving a coroutine
un-awaited (the app printed ``RuntimeWarning: coroutine 'technician_main.<locals>.show_status'
was never awaited`` for each closed tab)."""

from __future__ import annotations

import asyncio
import gc
import threading
import warnings
from pathlib import Path
from typing import Any

from flet.controls.context import _context_page
from flet.messaging.connection import Connection
from flet.messaging.session import Session
from flet.pubsub.pubsub_hub import PubSubHub

from fieldapp.application import Device, MemoryTokenVault
from fieldapp.ui.runtime import technician_main
from tests.application.conftest import a_sheet
from tests.application.fake_service import session_for, technician_service
from tests.support.aio import run_to_end


class _Unseen(Connection):
    """A browser tab that receives and says nothing."""

    def send_message(self, message: Any) -> None:
        pass


def test_a_closed_tab_gets_no_status_and_no_coroutine_is_left_unawaited(tmp_path: Path) -> None:
    device = Device(
        tmp_path / "store",
        vault=MemoryTokenVault(),
        session_factory=session_for(technician_service()),
    )

    async def scenario() -> list[str]:
        connection = _Unseen()
        connection.loop = asyncio.get_running_loop()
        connection.pubsubhub = PubSubHub(connection.loop)
        session = Session(connection)
        _context_page.set(session.page)
        technician_main(session.page, device)
        await session.disconnect(60)  # the tab was closed; the session is kept for a while
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            device.store.save_sheet(a_sheet("BX20261122-0001"))
            saved = threading.Thread(target=device.changed_locally)  # as from a worker thread
            saved.start()
            saved.join()
            await asyncio.sleep(0.05)  # anything scheduled on the loop runs
            gc.collect()
        return [str(w.message) for w in seen]

    try:
        seen = run_to_end(scenario())
    finally:
        device.close()
    assert not [m for m in seen if "never awaited" in m], seen
