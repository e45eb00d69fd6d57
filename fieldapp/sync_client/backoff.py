"""Exponential backoff with full jitter and a cap, for retrying sync requests.

Full jitter (a random delay between 0 and the exponential bound) keeps hundreds of
phones that lost the network together from hammering the server together when it
comes back.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Delays for successive failures: ``base * 2**n`` bounded by ``cap``, jittered."""

    base: float = 1.0
    cap: float = 300.0
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0

    def next_delay(self, retry_after: float | None = None) -> float:
        """Record a failure and return how long to wait before the next try.

        A server's ``Retry-After`` is honoured as a floor (still capped).
        """
        bound = min(self.cap, self.base * (2**self.failures))
        self.failures += 1
        delay = self.rng.uniform(0, bound)
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.cap))
        return delay

    def reset(self) -> None:
        """Forget past failures after a success."""
        self.failures = 0
