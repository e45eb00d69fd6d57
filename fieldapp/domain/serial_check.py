"""Checking a serial number (机身编号) and a purchase date as read on site.

:func:`check_serial` says, in words a technician can act on, what is wrong with a
serial: its length, its characters, its check character, a model prefix the
catalogue does not know, a model other than the one registered for repair, or a
manufacture month after the service date. :func:`check_purchase_date` rejects a
purchase date in the future or before the unit was made.

:class:`Reason` — one finding of a service rule, a code and a bilingual sentence —
lives here because the serial check is the rule the others build on; the warranty,
replacement and completion rules use it too.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from fieldapp.domain.reference import Catalogue, ProductModel
from fieldapp.domain.serial import (
    ALPHABET,
    SERIAL_LENGTH,
    check_character,
    decode_serial,
    normalise_serial,
)
from fieldapp.domain.text import Text, text

_MONTH_CHARS = "123456789ABC"


class Reason(BaseModel):
    """One finding of a rule: a stable ``code`` and the sentence a clerk reads out."""

    model_config = ConfigDict(frozen=True)

    code: str
    text: Text

    def __str__(self) -> str:
        return str(self.text)


class SerialCheck(BaseModel):
    """What a serial says and what is wrong with it (``ok`` when nothing is)."""

    model_config = ConfigDict(frozen=True)

    ok: bool
    normalised: str
    model: ProductModel | None = None
    manufactured: date | None = None
    problems: list[Reason] = []


def month_label(day: date) -> str:
    """``2025-03`` for any day of March 2025: a serial only tells the month."""
    return f"{day:%Y-%m}"


def check_serial(
    serial: str,
    catalogue: Catalogue,
    registered_model: str | None = None,
    *,
    today: date | None = None,
) -> SerialCheck:
    """Check ``serial`` against the scheme, the catalogue and the registered model.

    ``registered_model`` is the catalogue code of the product registered for repair;
    when given, a serial of another model is a ``model_mismatch`` problem. When
    ``today`` is given, a manufacture month after it is a problem too.
    """
    value = normalise_serial(serial)
    shape_problem = _shape_problem(value)
    if shape_problem is not None:
        return SerialCheck(ok=False, normalised=value, problems=[shape_problem])
    decoded = decode_serial(value)
    problems: list[Reason] = []
    model = catalogue.model_for_prefix(decoded.prefix)
    if model is None:
        problems.append(
            Reason(
                code="serial_unknown_prefix",
                text=text(
                    f"机身编号前缀 {decoded.prefix} 不属于产品目录中的任何机型，请核对",
                    f"The serial prefix {decoded.prefix} is not a model in the product "
                    "catalogue: check the serial",
                ),
            )
        )
    if registered_model is not None:
        problems.extend(_registered_model_problems(registered_model, model, catalogue))
    if today is not None and decoded.manufactured > today:
        problems.append(
            Reason(
                code="manufactured_in_future",
                text=text(
                    f"机身编号显示的出厂月份 {month_label(decoded.manufactured)} 晚于"
                    f"服务日期 {today}，请核对机身编号",
                    f"The serial says the unit was made in {month_label(decoded.manufactured)}, "
                    f"after the service date {today}: check the serial",
                ),
            )
        )
    return SerialCheck(
        ok=not problems,
        normalised=value,
        model=model,
        manufactured=decoded.manufactured,
        problems=problems,
    )


def unfinished(serial: str) -> bool:
    """Whether ``serial`` is shorter than a serial number: while it is still being typed,
    that makes it unfinished rather than wrong (an empty one is missing; a longer one is
    wrong at once)."""
    return 0 < len(normalise_serial(serial)) < SERIAL_LENGTH


def check_purchase_date(
    purchase_date: date, manufactured: date | None, today: date
) -> list[Reason]:
    """What is impossible about ``purchase_date``: after ``today`` or before the unit was made.

    ``manufactured`` is the manufacture month (any day of it) from the serial, or
    ``None`` when the serial gave none; a purchase in the manufacture month itself is fine.
    """
    problems: list[Reason] = []
    if purchase_date > today:
        problems.append(
            Reason(
                code="purchase_in_future",
                text=text(
                    f"购机日期 {purchase_date} 晚于今天（{today}），请核对凭证上的日期",
                    f"The purchase date {purchase_date} is after today ({today}): "
                    "check the date on the proof of purchase",
                ),
            )
        )
    if manufactured is not None and purchase_date < manufactured.replace(day=1):
        problems.append(
            Reason(
                code="purchase_before_manufacture",
                text=text(
                    f"购机日期 {purchase_date} 早于机身编号显示的出厂月份 "
                    f"{month_label(manufactured)}，请核对购机日期和机身编号",
                    f"The purchase date {purchase_date} is before the unit was made "
                    f"({month_label(manufactured)}, from the serial): check both",
                ),
            )
        )
    return problems


def _shape_problem(value: str) -> Reason | None:
    """Why ``value`` is not of the scheme's shape, position by position, or ``None``."""
    if not value:
        return Reason(
            code="serial_missing",
            text=text("请填写机身编号", "Enter the serial number"),
        )
    if len(value) != SERIAL_LENGTH:
        return Reason(
            code="serial_length",
            text=text(
                f"机身编号应为 {SERIAL_LENGTH} 位，现为 {len(value)} 位，请核对",
                f"A serial number has {SERIAL_LENGTH} characters, this one has {len(value)}: "
                "check it",
            ),
        )
    if any(char not in ALPHABET for char in value):
        return Reason(
            code="serial_characters",
            text=text(
                "机身编号只能包含数字和大写字母，请核对",
                "A serial number has only digits and capital letters: check it",
            ),
        )
    if not (value[4:6].isdigit() and value[6] in _MONTH_CHARS and value[7:12].isdigit()):
        return Reason(
            code="serial_pattern",
            text=text(
                "机身编号第5–6位应为年份数字，第7位为月份（1–9、A–C），第8–12位为数字，请核对",
                "In a serial, characters 5–6 are the year (digits), 7 the month (1–9, A–C) "
                "and 8–12 digits: check it",
            ),
        )
    if check_character(value[:-1]) != value[-1]:
        return Reason(
            code="serial_check_character",
            text=text(
                "机身编号校验位不符，可能抄错或被涂改，请再核对一次",
                "The serial's check character does not match: it may be misread or "
                "altered; check it again",
            ),
        )
    return None


def _registered_model_problems(
    registered_model: str, serial_model: ProductModel | None, catalogue: Catalogue
) -> list[Reason]:
    registered = catalogue.model(registered_model)
    if registered is None:
        return [
            Reason(
                code="registered_model_unknown",
                text=text(
                    f"登记维修的机型 {registered_model} 不在产品目录中，请核对工作单",
                    f"The model registered for repair ({registered_model}) is not in the "
                    "product catalogue: check the work order",
                ),
            )
        ]
    if serial_model is None or serial_model.code == registered.code:
        return []
    return [
        Reason(
            code="model_mismatch",
            text=text(
                f"机身编号显示机型为 {serial_model.name.zh}，与登记维修的机型 "
                f"{registered.name.zh} 不符",
                f"The serial is of a {serial_model.name.en}, not the model registered for "
                f"repair ({registered.name.en})",
            ),
        )
    ]
