"""The serial number scheme: what make_serial writes, decode_serial reads back."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain.serial import SerialFormatError, decode_serial, make_serial


@given(
    st.sampled_from(["PJ52", "PJ88", "PE12", "DP65", "DP86"]),
    st.dates(date(2000, 1, 1), date(2099, 12, 31)),
    st.integers(0, 99999),
)
def test_decode_reads_back_what_make_wrote(prefix: str, made: date, sequence: int) -> None:
    decoded = decode_serial(make_serial(prefix, made, sequence))

    assert decoded.prefix == prefix
    assert decoded.manufactured == made.replace(day=1)
    assert decoded.sequence == sequence


def test_october_to_december_are_letters() -> None:
    assert make_serial("PJ52", date(2025, 10, 5), 42)[6] == "A"
    assert make_serial("PJ52", date(2025, 12, 5), 42)[6] == "C"


@pytest.mark.parametrize(
    ("serial", "why"),
    [("PJ52", "length 4"), ("PJ5225D00042K", "pattern"), ("PJ!!253000421", "pattern")],
)
def test_decode_refuses_malformed_serials(serial: str, why: str) -> None:
    good = make_serial("PJ52", date(2025, 3, 1), 42)
    bad_check = good[:-1] + ("0" if good[-1] != "0" else "1")

    with pytest.raises(SerialFormatError, match=why):
        decode_serial(serial)
    with pytest.raises(SerialFormatError, match="check character"):
        decode_serial(bad_check)


def test_make_serial_refuses_bad_input() -> None:
    with pytest.raises(ValueError):
        make_serial("PJ5", date(2025, 1, 1), 1)
    with pytest.raises(ValueError):
        make_serial("PJ52", date(2025, 1, 1), 100000)
