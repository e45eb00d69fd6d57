"""Running a view-model's async action to its end from a plain (synchronous) test."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_to_end(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` on an event loop of its own and return its result.

    In a thread of its own: the browser tests' Playwright keeps an event loop running in the
    main thread for the rest of the session, and ``asyncio.run`` refuses to nest in it.
    """
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class LoopThread:
    """One event loop kept across calls, run on a thread of its own (see :func:`run_to_end`):
    for a view-model whose asyncio lock must stay on one loop, as in the app."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(1)
        self._loop = asyncio.new_event_loop()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run ``coroutine`` to its end on the kept loop."""
        return self._pool.submit(self._loop.run_until_complete, coroutine).result()

    def close(self) -> None:
        self._pool.submit(self._loop.close).result()
        self._pool.shutdown()
