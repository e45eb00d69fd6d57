"""What every back-office view-model shares: run a blocking call off the event loop and turn
any failure into words on the screen (never the red error box); and :class:`DeskModel`, the
state and the load-or-act steps of the screens that list things and act on them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum, auto
from typing import Any, Literal, TypeVar

from fieldapp.domain.text import Text
from fieldapp.office.client import OfficeClient
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


class _Failed(Enum):
    FAILED = auto()


FAILED = _Failed.FAILED  # what :meth:`DeskModel.attempt` returns when the call failed


@dataclass
class DeskModel:
    """What a back-office screen's model holds besides its own data, and the two ways it
    calls the service: loading what the screen shows (``loading`` while it runs, a failure
    as ``error``) and doing what a person asked (``busy`` while it runs, a second tap
    ignored, a failure as ``error`` or, from a form, as ``problems`` under its fields)."""

    client: OfficeClient
    # Clerks and supervisors record; admins only read (the service refuses them anyway).
    can_write: bool = True
    problems: dict[str, Text] = field(default_factory=dict)
    loading: bool = True
    busy: bool = False
    error: Text | None = None
    done: Text | None = None

    async def load(self, _event: object = None) -> None:
        """Read what the screen shows (each screen's model says what)."""
        raise NotImplementedError

    async def finish(self, done: Text) -> None:
        """A step done: ``done`` said on the screen and what it shows read again."""
        self.done = done
        await self.load()

    @contextmanager
    def loading_data(self) -> Iterator[None]:
        """Around the calls that fill the screen: a failure is shown as ``error``."""
        self.loading = True
        try:
            yield
        except Failed as exc:
            self.error = exc.message
        finally:
            self.loading = False

    async def attempt(
        self, function: Callable[..., T], *args: Any, form: bool = False
    ) -> T | Literal[_Failed.FAILED]:
        """``function(client, *args)`` unless a call is already running; :data:`FAILED` when
        it did not run or failed, its message shown (from a ``form``: its problems under
        their fields and the rest above the buttons)."""
        if self.busy:
            return FAILED
        self.busy, self.error = True, None
        try:
            return await call(function, self.client, *args)
        except Failed as exc:
            if form:
                self.problems, self.error = exc.problems, exc.banner
            else:
                self.error = exc.message
            return FAILED
        finally:
            self.busy = False
