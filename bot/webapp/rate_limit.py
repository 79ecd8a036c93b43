"""How often one person may call the Mini App's API."""

from __future__ import annotations

import time
from collections.abc import Callable

from cachetools import TTLCache

# Per person: a burst of WEBAPP_RATE_LIMIT requests, refilled at as many per RATE_WINDOW
# seconds. A person tapping through a workout makes a request every few seconds.
RATE_WINDOW = 10.0
# A person's bucket is forgotten this long after their last request: by then it is full.
_BUCKET_KEPT = RATE_WINDOW * 2


class RateLimiter:
    """A token bucket per person: `burst` requests at once, `burst` per `window` seconds
    after that. In memory: each instance behind a load balancer keeps its own."""

    def __init__(
        self,
        burst: int,
        window: float = RATE_WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._burst = burst
        self._rate = burst / window
        self._clock = clock
        self._buckets: TTLCache[int, tuple[float, float]] = TTLCache(
            maxsize=100_000, ttl=_BUCKET_KEPT, timer=clock
        )

    def wait(self, user_id: int) -> float:
        """0 when the person may make a request now (which takes a token); else how many
        seconds until they may."""
        now = self._clock()
        tokens, then = self._buckets.get(user_id, (float(self._burst), now))
        tokens = min(self._burst, tokens + (now - then) * self._rate)
        if tokens < 1:
            self._buckets[user_id] = (tokens, now)
            return (1 - tokens) / self._rate
        self._buckets[user_id] = (tokens - 1, now)
        return 0.0
