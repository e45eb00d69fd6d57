"""The serial number scheme (机身编号) and its checks.

A serial has 13 characters, all from ``0-9A-Z``::

    PJ52 25 3 00042 K
    |    |  | |     +- check character: Luhn mod 36 over the first 12 characters
    |    |  | +------- sequence within the month, 5 digits
    |    |  +--------- manufacture month: 1-9, then A, B, C for October to December
    |    +------------ manufacture year, last two digits (20YY)
    +----------------- model prefix, 4 characters, from the product catalogue

The catalogue gives each model its prefix, so a serial tells the model and the
manufacture month; the check character catches a mistyped or altered character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SERIAL_LENGTH = 13
_SHAPE = re.compile(r"^[0-9A-Z]{4}[0-9]{2}[1-9ABC][0-9]{5}[0-9A-Z]$")
_MONTHS = "123456789ABC"


def check_character(body: str) -> str:
    """The Luhn mod 36 check character for ``body`` (upper-case ``0-9A-Z`` only)."""
    n = len(ALPHABET)
    total = 0
    factor = 2
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return ALPHABET[(n - total % n) % n]


def make_serial(prefix: str, made: date, sequence: int) -> str:
    """The serial of the ``sequence``-th unit of model ``prefix`` made in ``made``'s month."""
    if len(prefix) != 4 or any(c not in ALPHABET for c in prefix):
        raise ValueError("the model prefix is 4 characters of 0-9A-Z")
    if not 2000 <= made.year <= 2099 or not 0 <= sequence <= 99999:
        raise ValueError("year must be 2000-2099 and sequence 0-99999")
    body = f"{prefix}{made.year % 100:02d}{_MONTHS[made.month - 1]}{sequence:05d}"
    return body + check_character(body)


def normalise_serial(raw: str) -> str:
    """A serial as typed, upper-cased, without spaces or dashes.

    Full-width characters from a Chinese input method (``ＰＪ５２``) become ASCII.
    """
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", raw)).upper()


@dataclass(frozen=True)
class DecodedSerial:
    """What a well-formed serial says: model prefix and manufacture month (first day)."""

    prefix: str
    manufactured: date
    sequence: int


class SerialFormatError(ValueError):
    """Raised when a serial is not of the scheme's shape or its check character is wrong."""


def decode_serial(serial: str) -> DecodedSerial:
    """Decode ``serial``; raises :class:`SerialFormatError` with the reason."""
    value = normalise_serial(serial)
    if len(value) != SERIAL_LENGTH:
        raise SerialFormatError(f"length {len(value)}, expected {SERIAL_LENGTH}")
    if not _SHAPE.match(value):
        raise SerialFormatError("characters do not follow the pattern PPPPYYMNNNNNC")
    if check_character(value[:-1]) != value[-1]:
        raise SerialFormatError("check character does not match")
    made = date(2000 + int(value[4:6]), _MONTHS.index(value[6]) + 1, 1)
    return DecodedSerial(prefix=value[:4], manufactured=made, sequence=int(value[7:12]))
