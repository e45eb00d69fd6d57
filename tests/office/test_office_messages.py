"""The back office's messages screen model against a real service whose gateway is down: the
failed message is listed, one ticket's messages shown, a failed one sent again; a technician
never reaches them."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from fieldapp.office.session import Place, places_for, sign_in
from fieldapp.protocol.auth import Role
from fieldapp.ui.office.viewmodels.messages_model import MessagesModel
from tests.support.aio import run_to_end as run
from tests.support.api import assigned_order
from tests.support.service import PASSWORD, LiveService, free_port, running_service


@pytest.fixture(scope="module")
def gateway_down(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    """A service whose webhook points at a port nobody listens on: every try fails."""
    yield from running_service(
        "sqlite",
        tmp_path_factory.mktemp("office-messages"),
        FIELDAPP_MESSAGE_SENDER="webhook",
        FIELDAPP_MESSAGE_WEBHOOK_URL=f"http://127.0.0.1:{free_port()}/hook",
        FIELDAPP_MESSAGE_WEBHOOK_SECRET="a-secret-of-sixteen-chars",
        FIELDAPP_MESSAGE_POLL_SECONDS="0.2",
        FIELDAPP_MESSAGE_MAX_ATTEMPTS="2",
        FIELDAPP_MESSAGE_RETRY_FIRST_SECONDS="0.2",
    )


def test_failed_messages_are_listed_and_sent_again(gateway_down: LiveService) -> None:
    api = {u: gateway_down.login(u) for u in ("clerk", "boss", "tech_a")}
    ticket = assigned_order(api["clerk"], api["boss"], api["tech_a"])
    clerk = sign_in(gateway_down.base.removesuffix("/api/v1"), "clerk", PASSWORD)
    model = MessagesModel(client=clerk.client)
    deadline = time.monotonic() + 30
    while not any(m.ticket_no == ticket for m in model.items):
        assert time.monotonic() < deadline
        run(model.load())
        time.sleep(0.3)
    failed = next(m for m in model.items if m.ticket_no == ticket)
    assert failed.state == "failed" and failed.attempts == 2
    assert failed.event_name.zh == "已派工" and "connection failed" in failed.last_error
    run(model.resend(failed.id))
    assert model.error is None
    model.type_ticket(ticket.lower())
    run(model.look_up())
    assert model.shown_ticket == ticket
    assert [m.event for m in model.items] == ["assigned"]
    assert model.items[0].state in ("queued", "failed")
    model.type_ticket("BX2026")
    run(model.look_up())
    assert model.error is not None and model.shown_ticket == ticket


def test_the_place_is_for_office_staff() -> None:
    assert Place.MESSAGES in places_for(Role.CLERK)
    assert Place.MESSAGES in places_for(Role.SUPERVISOR)
    assert places_for(Role.TECHNICIAN) == []
