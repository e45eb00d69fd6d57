"""What every back-office view-model shares: run a blocking call off the event loop and turn
any failure into words on the screen (never the red error box)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from fieldapp.domain.text import Text
from fieldapp.office.errors import FormProblems, OfficeError
from fieldapp.ui.i18n import message

log = logging.getLogger(__name__)
T = TypeVar("T")


class Failed(Exception):
    """The call failed; ``problems`` are shown under their fields, ``banner`` (None when
    every problem has its field) above the form's buttons."""

    def __init__(
        self,
        text: Text,
        problems: dict[str, Text] | None = None,
        *,
        unplaced: Text | None = None,
    ) -> None:
        super().__init__(str(text))
        self.message = text
        self.problems = problems or {}
        self.banner = unplaced if self.problems else text


async def call(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` on a worker thread; any failure as :class:`Failed` in words."""
    try:
        return await asyncio.to_thread(function, *args)
    except FormProblems as exc:
        raise Failed(exc.message, exc.problems, unplaced=exc.banner) from exc
    except OfficeError as exc:
        raise Failed(exc.message) from exc
    except Exception as exc:
        log.exception("back office call failed unexpectedly")
        raise Failed(message("error.unexpected", detail=exc)) from exc
