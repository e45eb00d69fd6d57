"""Retry timing and request sizing, the parts of sync that need no server."""

from __future__ import annotations

import random

import pytest

from fieldapp.sync_client.backoff import Backoff
from fieldapp.sync_client.batching import batches


def test_backoff_grows_exponentially_with_jitter_up_to_the_cap() -> None:
    backoff = Backoff(base=1.0, cap=60.0, rng=random.Random(5))
    delays = [backoff.next_delay() for _ in range(12)]
    bounds = [min(60.0, 2.0**n) for n in range(12)]
    assert all(0 <= d <= b for d, b in zip(delays, bounds, strict=True))
    assert max(delays[8:]) <= 60.0 and max(delays[5:]) > 8  # grows, then stops at the cap
    assert len(set(delays)) == len(delays)  # jittered: phones do not retry in step


def test_backoff_honours_retry_after_and_resets_after_success() -> None:
    backoff = Backoff(base=1.0, cap=30.0, rng=random.Random(1))
    assert backoff.next_delay(retry_after=20) >= 20
    assert backoff.next_delay(retry_after=500) == 30.0  # still capped
    backoff.reset()
    assert backoff.next_delay() <= 1.0


def test_batches_respect_count_and_bytes_in_queue_order() -> None:
    sizes = [100, 200, 300, 50, 5000, 10, 10]
    groups = list(batches(sizes, lambda s: s, max_count=3, max_bytes=600))
    assert groups == [[100, 200, 300], [50], [5000], [10, 10]]
    assert [s for g in groups for s in g] == sizes


def test_an_item_larger_than_the_byte_bound_travels_alone() -> None:
    groups = list(batches([10, 10_000, 10], lambda s: s, max_count=10, max_bytes=100))
    assert groups == [[10], [10_000], [10]]


def test_batches_refuse_nonsense_bounds() -> None:
    with pytest.raises(ValueError):
        list(batches([1], lambda s: s, max_count=0, max_bytes=1))
