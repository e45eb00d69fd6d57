"""A date typed wrong is said in words under its field, not in pydantic's: a bare number or
another shape asks for YYYY-MM-DD, a day that does not exist says so."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, ValidationError

from fieldapp.domain.validation import explain


class WithDate(BaseModel):
    purchase_date: date


@pytest.mark.parametrize("typed", ["1", "1700000001", "2026/13/01", "abc"])
def test_a_date_that_is_not_a_day_asks_for_yyyy_mm_dd(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        WithDate(purchase_date=typed)  # type: ignore[arg-type]
    (problem,) = explain(refused.value, WithDate)
    assert "YYYY-MM-DD" in str(problem.message.zh) and "YYYY-MM-DD" in str(problem.message.en)


@pytest.mark.parametrize("typed", ["2026-02-30", "2026-13-01", "2025-02-29"])
def test_a_day_that_does_not_exist_is_said_so(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        WithDate(purchase_date=typed)  # type: ignore[arg-type]
    (problem,) = explain(refused.value, WithDate)
    assert problem.message.zh == "没有这一天，请核对年、月、日"
    assert "no such day" in problem.message.en
