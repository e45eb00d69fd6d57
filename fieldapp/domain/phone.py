"""A customer's phone number as the service centre can call it back.

Mainland numbers only come in two shapes: a mobile, 11 digits starting with 1, and a
landline with its area code (0 and two or three digits: 010, 021, 0755), followed by the
7 or 8 digits of the local number. People type them with spaces or hyphens
(``021-6488 1234``, ``+86 138 0013 8000``); those are kept as typed and ignored when
checking. (Brackets are not taken: phones already in use read work orders with the shape
``work_order.PHONE_PATTERN``, which has none.) Anything else — eight digits, a landline
without its area code, a letter — would leave the clerk unable to ring the customer, so it
is refused with what is wrong and an example.

:func:`phone_problem` is the one check: the back office's forms run it as the clerk types
and the service runs it on every call and complaint it records (:data:`CheckedPhone`).
Numbers recorded before this rule are still read as they were stored.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

from fieldapp.domain.text import Text, text
from fieldapp.domain.validation import problem

PHONE_MAX_LENGTH = 20
_SEPARATORS = re.compile(r"[ \-]")
_SHAPE = re.compile(r"\+?[0-9][0-9 \-]*[0-9]")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# 010 and 02x are followed by 8 digits; the other area codes (0 + 3 digits) by 7 or 8.
_LANDLINE = re.compile(r"0(?:10|2[0-9])[0-9]{8}|0[3-9][0-9]{2}[0-9]{7,8}")
_EXAMPLE = "13801234567 / 021-64881234"


def phone_digits(value: str) -> str:
    """The number without separators and without the country code +86 / 0086."""
    digits = _SEPARATORS.sub("", value.strip())
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            return digits[len(prefix) :]
    return digits


def phone_problem(value: str) -> Text | None:
    """What is wrong with ``value`` as a customer's phone, or None when it can be called."""
    number = phone_digits(value)
    if not number:
        return text("请填写联系电话", "enter the customer's phone number")
    if not (number.isdigit() and number.isascii() and _SHAPE.fullmatch(value.strip())):
        return text(
            f"电话只能包含数字、空格和 -（国际区号可加 +），如 {_EXAMPLE}",
            f"a phone has only digits, spaces and - (+ before a country code), e.g. {_EXAMPLE}",
        )
    if _MOBILE.fullmatch(number) or _LANDLINE.fullmatch(number):
        return None
    if number.startswith("1"):
        return text(
            f"手机号应为 11 位数字，现在是 {len(number)} 位，请核对",
            f"a mobile number has 11 digits; this one has {len(number)}: check it",
        )
    if number.startswith("0"):
        return text(
            f"座机号应为区号加 7–8 位号码（共 10–12 位），现在是 {len(number)} 位，如 021-64881234",
            f"a landline is its area code and 7–8 digits (10–12 in all); this one has "
            f"{len(number)}, e.g. 021-64881234",
        )
    return text(
        f"座机号请加区号（以 0 开头），手机号以 1 开头，如 {_EXAMPLE}",
        f"give a landline with its area code (starting with 0); a mobile starts with 1, "
        f"e.g. {_EXAMPLE}",
    )


def _checked(value: str) -> str:
    found = phone_problem(value)
    if found is not None:
        raise problem(found.zh, found.en)
    return value


# A phone number the service records now: checked by :func:`phone_problem`, kept as typed.
CheckedPhone = Annotated[str, Field(max_length=PHONE_MAX_LENGTH), AfterValidator(_checked)]
