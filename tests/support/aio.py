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
