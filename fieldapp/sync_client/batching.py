"""Splitting queued items into requests bounded by count and by bytes.

One huge photo must not hold back the sheets queued behind it, and one request must
not grow beyond what a weak mobile link carries in reasonable time: items are packed
in queue order, and an item larger than the byte bound travels alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def batches(
    items: Iterable[T], size_of: Callable[[T], int], *, max_count: int, max_bytes: int
) -> Iterator[list[T]]:
    """Yield consecutive groups of ``items`` of at most ``max_count`` and ``max_bytes``."""
    if max_count < 1 or max_bytes < 1:
        raise ValueError("max_count and max_bytes must be positive")
    current: list[T] = []
    current_bytes = 0
    for item in items:
        size = size_of(item)
        if current and (len(current) >= max_count or current_bytes + size > max_bytes):
            yield current
            current, current_bytes = [], 0
        current.append(item)
        current_bytes += size
    if current:
        yield current
