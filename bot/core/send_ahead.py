"""Sending reminders ahead of a crowded slot, so that they arrive close to their time.

At Telegram's 30 messages a second, 16,000 people who chose 07:00 in one zone take nine
minutes to remind: sent from 07:00 on, the last one is nine minutes late. The best any
schedule can do is half that either way, by starting before 07:00.

The plan keeps the reminders in fire order (workouts first among those due at the same
instant), sends them one every 1/rate seconds at most, and chooses each send instant to
minimise the largest distance from the fire instant: the known optimum for one sender at a
fixed rate. For fire instants t_0 <= ... <= t_n-1 that largest distance is at least

    L* = max over i < j of ((j - i) / rate - (t_j - t_i)) / 2

and the plan meets it, block by block: reminders whose on-time sends would overlap form a
block, sent back to back and centred on their fire instants; a reminder nobody crowds goes
at its own time, never early. So each crowd is spread over a window that starts before it
by as little as it needs, whatever is due around it.

Workout reminders ("time to train") are the ones people act on at once; nutrition, recovery
and the weekly summary are flexible. A flexible reminder counts its distance as
`flexibility` times less, so within a crowd the workouts take the seats nearest the time
and the flexible ones yield. Nothing is sent more than `max_lead` early, whatever the
crowd: past that, a reminder is better late than confusingly early.

Instants are plain seconds from any common origin (e.g. POSIX timestamps).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

# A flexible reminder tolerates this many times a workout reminder's distance.
FLEXIBILITY = 2.0


@dataclass(frozen=True, slots=True)
class Pace:
    """How fast reminders may go out and how early one may go."""

    rate: float
    """Messages per second."""
    max_lead: float
    """Seconds a reminder may go before its fire instant; 0 sends nothing early."""
    flexibility: float = FLEXIBILITY

    def __post_init__(self) -> None:
        if self.rate <= 0 or self.max_lead < 0 or self.flexibility < 1:
            raise ValueError(f"rate > 0, max_lead >= 0 and flexibility >= 1, not {self}")


@dataclass(frozen=True, slots=True)
class Upcoming:
    """`count` reminders due at `fire_at`, flexible (not a workout) or not."""

    fire_at: float
    flexible: bool
    count: int


@dataclass(frozen=True, slots=True)
class Quota:
    """What to claim now, per kind of reminder: the first `count` reminders in fire order
    that are due at or before `until` (None: nothing of that kind)."""

    count: int = 0
    until: float | None = None

    def take(self, count: int, fire_at: float) -> Quota:
        return Quota(self.count + count, fire_at)


@dataclass(frozen=True, slots=True)
class Claim:
    timely: Quota = Quota()
    flexible: Quota = Quota()

    @property
    def total(self) -> int:
        return self.timely.count + self.flexible.count


def in_send_order(upcoming: Sequence[Upcoming]) -> list[Upcoming]:
    """Fire order, workouts first among reminders due at the same instant."""
    return sorted(upcoming, key=lambda group: (group.fire_at, group.flexible))


def plan(upcoming: Sequence[Upcoming], start: float, pace: Pace) -> list[float]:
    """The instant the first reminder of each group goes, for groups `in_send_order`; the
    group's others follow one every 1/rate seconds. Nothing goes before `start`, when the
    sender is free."""
    groups = in_send_order(upcoming)
    blocks: list[_Block] = []
    index = 0
    for group in groups:
        block = _Block.of(group, index, pace)
        index += group.count
        # Each block's sends start no earlier than the previous block's end: while they
        # would not, the two are one crowd and are centred together.
        while blocks and blocks[-1].offset > block.offset:
            block = blocks.pop().merged(block, pace)
        blocks.append(block)
    firsts: list[float] = []
    for block in blocks:
        offset = max(block.offset, start)
        firsts.extend(offset + first / pace.rate for first in block.firsts)
    return firsts


def claim_now(upcoming: Sequence[Upcoming], start: float, pace: Pace, limit: int) -> Claim:
    """The reminders to claim at `start`: up to `limit` from the front of the plan that
    go back to back from `start` on, so that each goes no earlier than planned."""
    groups = in_send_order(upcoming)
    claim = Claim()
    for group, first in zip(groups, plan(groups, start, pace), strict=True):
        # The plan leaves no gap before the group when it goes right after the claimed ones.
        if claim.total >= limit or first > start + claim.total / pace.rate + _TOLERANCE:
            break
        count = min(group.count, limit - claim.total)
        if group.flexible:
            claim = Claim(claim.timely, claim.flexible.take(count, group.fire_at))
        else:
            claim = Claim(claim.timely.take(count, group.fire_at), claim.flexible)
    return claim


def best_bound(fire_at: Sequence[float], rate: float) -> float:
    """L*: the largest distance from fire instant to send instant that no schedule at
    `rate` can avoid for these fire instants (sorted or not), in seconds."""
    best = 0.0
    # max over i < j of (j/rate - t_j) - (i/rate - t_i): the largest rise of a_k = k/rate - t_k.
    lowest = float("inf")
    for k, fire in enumerate(sorted(fire_at)):
        a = k / rate - fire
        best = max(best, (a - lowest) / 2)
        lowest = min(lowest, a)
    return best


# Float noise in comparing planned instants, in seconds.
_TOLERANCE = 1e-6


@dataclass(slots=True)
class _Block:
    """Reminders sent back to back: the k-th (counted over the whole plan) at
    offset + k/rate. Per kind (0: timely, 1: flexible), the largest and smallest
    t_k - k/rate, whose spread decides the centre."""

    high: list[float]
    low: list[float]
    firsts: list[int] = field(default_factory=list)
    offset: float = 0.0

    @classmethod
    def of(cls, group: Upcoming, index: int, pace: Pace) -> _Block:
        inf = float("inf")
        high, low = [-inf, -inf], [inf, inf]
        kind = int(group.flexible)
        high[kind] = group.fire_at - index / pace.rate
        low[kind] = group.fire_at - (index + group.count - 1) / pace.rate
        block = cls(high, low, [index])
        block.offset = block._centre(pace)
        return block

    def merged(self, later: _Block, pace: Pace) -> _Block:
        block = _Block(
            [max(a, b) for a, b in zip(self.high, later.high, strict=True)],
            [min(a, b) for a, b in zip(self.low, later.low, strict=True)],
            self.firsts + later.firsts,
        )
        block.offset = block._centre(pace)
        return block

    def _centre(self, pace: Pace) -> float:
        """The offset minimising the largest weighted distance, as late as `max_lead` needs.

        A reminder k goes at offset + k/rate, at distance |offset - (t_k - k/rate)|, which
        may be `tolerance` times larger for a flexible one. The least largest distance L
        makes every high - L*tolerance <= every low + L*tolerance.
        """
        tolerance = (1.0, pace.flexibility)
        kinds = [k for k in (0, 1) if self.high[k] > float("-inf")]
        worst = max(
            max(0.0, (self.high[a] - self.low[b]) / (tolerance[a] + tolerance[b]))
            for a in kinds
            for b in kinds
        )
        earliest = max(self.high[k] - worst * tolerance[k] for k in kinds)
        latest = min(self.low[k] + worst * tolerance[k] for k in kinds)
        return max((earliest + latest) / 2, max(self.high[k] for k in kinds) - pace.max_lead)
