"""The customer's phone rule (fieldapp.domain.phone): mobiles of 11 digits, landlines with
their area code, kept as typed; every number it accepts reads back on phones already in use."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain.phone import phone_problem
from fieldapp.domain.work_order import PHONE_PATTERN, Customer, NewCustomer


@pytest.mark.parametrize(
    "phone",
    [
        "13801234567",
        "138 0013 8000",
        "+86 138-0013-8000",
        "0086 13801234567",
        "021-6488 1234",
        "010 8765 4321",
        "0755-8888 1234",
        "0571-8765432",
    ],
)
def test_mobiles_and_landlines_with_area_code_are_accepted(phone):
    assert phone_problem(phone) is None
    assert NewCustomer(name="王", phone=phone, address="上海市某路 1 号").phone == phone


@pytest.mark.parametrize(
    ("phone", "words"),
    [
        ("13801234", "现在是 8 位"),
        ("1380123456789", "现在是 13 位"),
        ("6488 1234", "区号"),
        ("021-648", "座机号"),
        ("call me", "只能包含数字"),
        ("-13801234567", "只能包含数字"),
        ("(021) 6488 1234", "只能包含数字"),
        ("", "请填写"),
    ],
)
def test_numbers_nobody_can_ring_say_what_is_wrong(phone, words):
    found = phone_problem(phone)
    assert found is not None and words in found.zh


NUMBERS = st.one_of(
    st.from_regex(r"(\+86 ?)?1[3-9][0-9 \-]{9,14}", fullmatch=True),
    st.from_regex(r"0[0-9]{2,3}[ \-]?[0-9 \-]{6,10}", fullmatch=True),
    st.text(alphabet="0123456789 -+()a１", max_size=24),
)


@given(NUMBERS)
def test_whatever_is_accepted_reads_as_a_stored_phone(value):
    """A number the rule accepts is one the older shape (work_order.PHONE_PATTERN) accepts:
    phones that predate the rule still read every work order recorded under it."""
    if phone_problem(value) is None and len(value.strip()) <= 20:
        assert re.fullmatch(PHONE_PATTERN, value.strip())
        Customer(name="王", phone=value, address="上海市某路 1 号")
