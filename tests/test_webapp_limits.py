"""The Mini App API's per-person rate limit and its idempotency keys."""

from __future__ import annotations

from bot.webapp.rate_limit import RateLimiter
from bot.webapp.requests import message_id_for


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_is_allowed_then_requests_come_back_at_the_refill_rate() -> None:
    clock = _Clock()
    limiter = RateLimiter(burst=3, window=3.0, clock=clock)
    assert [limiter.wait(1) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.wait(1) == 1.0
    # Someone else has their own bucket.
    assert limiter.wait(2) == 0.0
    clock.now = 1.0
    assert limiter.wait(1) == 0.0
    assert limiter.wait(1) > 0
    # Long idle, the bucket is full again, no fuller.
    clock.now = 100.0
    assert [limiter.wait(1) for _ in range(4)] == [0.0, 0.0, 0.0, 1.0]


def test_a_refused_request_takes_no_token() -> None:
    clock = _Clock()
    limiter = RateLimiter(burst=1, window=1.0, clock=clock)
    assert limiter.wait(1) == 0.0
    for _ in range(5):
        assert limiter.wait(1) == 1.0
    clock.now = 1.0
    assert limiter.wait(1) == 0.0


def test_a_client_id_is_always_the_same_negative_message_id() -> None:
    ids = {message_id_for(f"client-{n}") for n in range(10_000)}
    assert len(ids) == 10_000
    assert all(-(2**56) <= i < 0 for i in ids)
    assert message_id_for("client-7") == message_id_for("client-7")
