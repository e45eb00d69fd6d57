"""The back office's application layer against a real service (``fieldapp serve``, SQLite).

The office is a client of the service: one backend is enough here (the service's own tests
run both). Staff sign in through :func:`fieldapp.office.session.sign_in`, as the screens do.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fieldapp.office.session import StaffSession, sign_in
from tests.support.service import PASSWORD, Client, LiveService, running_service


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    yield from running_service("sqlite", tmp_path_factory.mktemp("office-service"))


def _root(service: LiveService) -> str:
    return service.base.removesuffix("/api/v1")


@pytest.fixture(scope="session")
def boss(service: LiveService) -> StaffSession:
    return sign_in(_root(service), "boss", PASSWORD)


@pytest.fixture(scope="session")
def clerk(service: LiveService) -> StaffSession:
    return sign_in(_root(service), "clerk", PASSWORD)


@pytest.fixture(scope="session")
def tech_a(service: LiveService) -> Client:
    return service.login("tech_a")


@pytest.fixture(scope="session")
def api_boss(service: LiveService) -> Client:
    return service.login("boss")


@pytest.fixture(scope="session")
def api_clerk(service: LiveService) -> Client:
    return service.login("clerk")
