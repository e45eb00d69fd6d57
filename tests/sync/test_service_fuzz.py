"""Fuzz the API from its own OpenAPI document (schemathesis): no input ever gets a 500.

A separate service per backend, so the generated data does not disturb the other tests.
Every operation is called with generated valid and invalid input, signed in as a technician
and as a supervisor (and as an admin for the account, device and reference routes); the only
check is that no reply is a server error. The number of examples per operation is bounded to
keep the run to about a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import APIOperation

from tests.support.service import BACKENDS, LiveService, running_service

EXAMPLES = 12


@pytest.fixture(scope="module", params=BACKENDS)
def fuzzed(request, tmp_path_factory) -> LiveService:
    folder = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    running = running_service(request.param, folder)
    service = next(running)
    request.addfinalizer(running.close)
    return service


@pytest.fixture(scope="module")
def tokens(fuzzed) -> dict[str, str]:
    return {
        role: fuzzed.login(name).token
        for role, name in (("technician", "tech_a"), ("supervisor", "boss"))
    }


def _operations(service: LiveService) -> list[APIOperation]:
    schema = schemathesis.openapi.from_url(f"{service.base}/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.slow
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_input_gets_a_server_error(fuzzed, tokens, mode):
    base = fuzzed.base.removesuffix("/api/v1")
    failures: list[str] = []
    for operation in _operations(fuzzed):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
        def call(case: Case) -> None:
            for token in tokens.values():
                case.call_and_validate(
                    base_url=base,
                    headers={"Authorization": f"Bearer {token}"},
                    checks=[not_a_server_error],
                )

        try:
            call()
        except Unsatisfiable:  # nothing to make invalid (an operation without inputs)
            continue
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
