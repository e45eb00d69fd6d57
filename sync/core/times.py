"""Dates and times the service accepts: years 1900 to 2099.

Anything outside is a wrong clock or a typing slip, and it is refused with the field named:
converting a time such as ``9999-12-31T23:00-05:00`` to UTC overflows (year 10000), and so
does date arithmetic on it, which would otherwise fail deep inside a request as a server
error (for a push, taking every other sheet of the batch down with it).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from fieldapp.domain.text import text
from fieldapp.domain.validation import problem
from sync.core.errors import ApiError, invalid

EARLIEST_YEAR = 1900
LATEST_YEAR = 2099


def _out_of_range() -> PydanticCustomError:
    return problem(
        f"年份应在 {EARLIEST_YEAR} 到 {LATEST_YEAR} 之间，请核对日期",
        f"the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}; check the date",
    )


def _times(
    value: Any, loc: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], date]]:
    """Every date and datetime (a ``datetime`` is a ``date``) in plain data, with its place."""
    if isinstance(value, date):
        yield loc, value
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
        for loc, value in _times(model.model_dump())
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR
    ]
    if not errors:
        return None
    return ValidationError.from_exception_data(type(model).__name__, errors)


def refuse_out_of_range(model: BaseModel) -> None:
    """422 naming each date or time of ``model`` outside the accepted years."""
    error = out_of_range(model)
    if error is not None:
        raise invalid(error, type(model))


def refuse_days_out_of_range(**days: date | None) -> None:
    """422 naming each query parameter (``from=...``) whose year is outside 1900–2099."""
    for name, day in days.items():
        if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise ApiError(
                422,
                "validation_error",
                text(
                    f"查询参数 {name}：年份应在 {EARLIEST_YEAR} 到 {LATEST_YEAR} 之间，请核对日期",
                    f"query parameter {name}: the year must be between {EARLIEST_YEAR} and "
                    f"{LATEST_YEAR}; check the date",
                ),
            )
