"""Fixtures for the central queue service: a real service process per database backend.

``service`` is parameterised over SQLite and PostgreSQL (``tests.support.service``): each
backend gets a throwaway database and ``fieldapp serve`` runs in a subprocess on a free port.
Tests talk to it over real HTTP. Outside CI the PostgreSQL run is skipped, with the reason
printed, when no server answers; in CI (``CI=true``) it fails instead.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.service import BACKENDS, Client, LiveService, running_service


@pytest.fixture(scope="session", params=BACKENDS)
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveService]:
    """The service under test, once on SQLite and once on PostgreSQL."""
    folder = tmp_path_factory.mktemp(f"service-{request.param}")
    yield from running_service(request.param, folder)


@pytest.fixture(scope="session")
def admin(service: LiveService) -> Client:
    return service.login("admin")


@pytest.fixture(scope="session")
def boss(service: LiveService) -> Client:
    return service.login("boss")


@pytest.fixture(scope="session")
def clerk(service: LiveService) -> Client:
    return service.login("clerk")


@pytest.fixture(scope="session")
def tech_a(service: LiveService) -> Client:
    return service.login("tech_a")


@pytest.fixture(scope="session")
def tech_b(service: LiveService) -> Client:
    return service.login("tech_b")
