"""The route class of every operation: the checks every request gets before its endpoint.

A check that each route had to remember was forgotten by some (the warranty check and the
serial history took any year). :class:`CheckedRoute` applies the one date rule of
:mod:`sync.core.times` to every body and query parameter of every operation instead.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute

from fieldapp.domain.validation import FieldProblem
from sync.core.errors import validation_error
from sync.core.times import request_problems

_UNCHECKED = "unchecked_endpoint"


class CheckedRoute(APIRoute):
    """An ``APIRoute`` whose endpoint refuses dates outside 1900–2099 (422, field named)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        places: dict[str, tuple[str, str]] = {}  # parameter -> (body | query, name sent)
        # A router including another one makes its routes again from their endpoints.
        endpoint = getattr(endpoint, _UNCHECKED, endpoint)
        super().__init__(path, _dates_checked(endpoint, places), **kwargs)
        places.update({p.name: ("query", p.alias) for p in self.dependant.query_params})
        places.update({p.name: ("body", p.alias) for p in self.dependant.body_params})


def _problems(places: dict[str, tuple[str, str]], arguments: dict[str, Any]) -> None:
    found: list[FieldProblem] = []
    for parameter, value in arguments.items():
        if parameter in places and value is not None:
            place, name = places[parameter]
            found += request_problems(value, place=place, name=name)
    if found:
        raise validation_error(found)


def _dates_checked(
    endpoint: Callable[..., Any], places: dict[str, tuple[str, str]]
) -> Callable[..., Any]:
    # FastAPI reads the parameters through ``functools.wraps`` (``__wrapped__``), so the
    # wrapper takes exactly the endpoint's arguments, already parsed.
    if inspect.iscoroutinefunction(endpoint):

        @functools.wraps(endpoint)
        async def checked_async(**arguments: Any) -> Any:
            _problems(places, arguments)
            return await endpoint(**arguments)

        setattr(checked_async, _UNCHECKED, endpoint)
        return checked_async

    @functools.wraps(endpoint)
    def checked(**arguments: Any) -> Any:
        _problems(places, arguments)
        return endpoint(**arguments)

    setattr(checked, _UNCHECKED, endpoint)
    return checked
