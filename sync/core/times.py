"""Dates and times the service accepts: years 1900 to 2099, the one rule for every date.

Anything outside is a wrong clock or a typing slip, and it is refused with the field named:
converting a time such as ``9999-12-31T23:00-05:00`` to UTC overflows (year 10000), and so
does date arithmetic on it, which would otherwise fail deep inside a request as a server
error (for a push, taking every other sheet of the batch down with it), or give a verdict
such as "not repaired for 739,950 days".

Every route applies it to its body and query parameters before it runs
(:class:`sync.api.route.CheckedRoute`); the push applies it to each sheet of a batch, and
publishing reference data to the new file.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from fieldapp.domain.text import text
from fieldapp.domain.validation import FieldProblem, explain, problem
from sync.core.errors import invalid

EARLIEST_YEAR = 1900
LATEST_YEAR = 2099


_ZH = f"年份应在 {EARLIEST_YEAR} 到 {LATEST_YEAR} 之间，请核对日期"
_EN = f"the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}; check the date"


def _out_of_range() -> PydanticCustomError:
    return problem(_ZH, _EN)


def in_range(value: date) -> bool:
    """Whether ``value`` (a date or a datetime) lies in the years the service accepts."""
    return EARLIEST_YEAR <= value.year <= LATEST_YEAR


@functools.cache
def _date_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` whose type can hold a date somewhere; the others (text,
    numbers, raw JSON such as a push's items) need not be walked."""
    return tuple(
        name
        for name, info in model.model_fields.items()
        if _may_hold_dates(info.annotation, frozenset({model}))
    )


# Types that never hold a date: text, numbers, choices.
_PLAIN = (str, bytes, int, float, bool, type(None), Enum)


def _may_hold_dates(annotation: Any, seen: frozenset[type]) -> bool:
    """Whether a value of ``annotation`` can hold a date; unknown types are walked."""
    if annotation is Any:  # raw JSON: a date in it is only ever text
        return False
    origin = get_origin(annotation)
    if origin is Literal:
        return False
    if origin is Annotated:
        return _may_hold_dates(get_args(annotation)[0], seen)
    if origin is not None:  # list[X], dict[K, V], X | None, ...
        return any(_may_hold_dates(arg, seen) for arg in get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, _PLAIN):
        return False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:  # a model within itself: already being looked at
            return False
        inner = seen | {annotation}
        return any(_may_hold_dates(f.annotation, inner) for f in annotation.model_fields.values())
    return True  # a date, a datetime, AwareDatetime, or a type this does not know


def _times(
    value: Any, loc: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], date]]:
    """Every date and datetime (a ``datetime`` is a ``date``) in a model or plain data, with
    its place; a model is walked as it is, not copied (a push carries megabytes)."""
    if isinstance(value, date):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in _date_fields(type(value)):
            yield from _times(getattr(value, name), (*loc, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _times(item, (*loc, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _times(item, (*loc, index))


def out_of_range(model: BaseModel) -> ValidationError | None:
    """An error naming each date or time of ``model`` outside the accepted years, if any."""
    errors: list[InitErrorDetails] = [
        {"type": _out_of_range(), "loc": loc, "input": value}
        for loc, value in _times(model)
        if not in_range(value)
    ]
    if not errors:
        return None
    return ValidationError.from_exception_data(type(model).__name__, errors)


def refuse_out_of_range(model: BaseModel) -> None:
    """422 naming each date or time of ``model`` outside the accepted years."""
    error = out_of_range(model)
    if error is not None:
        raise invalid(error, type(model))


def request_problems(value: Any, *, place: str, name: str) -> list[FieldProblem]:
    """The dates out of range in one argument of a request, each named.

    ``place`` is where the argument came from: ``body`` (a model: its fields are named as in
    any validation error of that model) or ``query`` (named as the parameter).
    """
    if isinstance(value, BaseModel):
        error = out_of_range(value)
        return [] if error is None else explain(error, type(value))
    far = [loc for loc, found in _times(value) if not in_range(found)]
    if not far:
        return []
    words = {"query": ("查询参数", "query parameter")}.get(place, ("参数", "parameter"))
    return [
        FieldProblem(
            path=".".join(str(part) for part in (place, name, *loc)),
            field=text(f"{words[0]} {name}", f"{words[1]} {name}"),
            message=text(_ZH, _EN),
        )
        for loc in far
    ]
