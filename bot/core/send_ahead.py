"""Sending reminders ahead of a crowded slot, so that they arrive close to their time.

At Telegram's 30 messages a second, 16,000 people who chose 07:00 in one zone take nine
minutes to remind: sent from 07:00 on, the last one is nine minutes late. The best any
schedule can do is half that either way, by starting before 07:00.

The plan keeps the reminders in fire order, sends them one every 1/rate seconds at most,
and chooses each send instant to minimise the largest distance from the fire instant: the
known optimum for one sender at a fixed rate. For fire instants t_0 <= ... <= t_n-1 that
largest distance is at least

    L* = max over i < j of ((j - i) / rate - (t_j - t_i)) / 2

and the plan meets it (for reminders of one kind, with the lead uncapped), block by block:
reminders whose on-time sends would overlap form a block, sent back to back and centred on
their fire instants; a reminder nobody crowds goes at its own time, never early. So each
crowd is spread over a window that starts before it by as little as it needs, whatever is
due around it.

Workout reminders ("time to train") are the ones people act on at once; nutrition, recovery
and the weekly summary are flexible. A flexible reminder counts its distance as
`flexibility` times less, and the flexible reminders due at the same instant as workouts
go half before them and half after (`Lane`): within a crowd the workouts take the seats
nearest the time and the flexible ones yield, earlier or later. Nothing is sent more than
`max_lead` early, whatever the crowd: past that, a reminder is better late than
confusingly early.

Instants are plain seconds from any common origin (e.g. POSIX timestamps).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum

# A flexible reminder tolerates this many times a workout reminder's distance.
FLEXIBILITY = 2.0


class Lane(IntEnum):
    """Where a reminder goes among those due at the same instant, in this order.

    Which half a flexible reminder is in must not depend on what has been sent already,
    or the plan would change its mind at every claim: the caller picks it from something
    fixed (the dispatcher: the parity of the person's id).
    """

    EARLY = 0
    TIMELY = 1
    LATE = 2

    @property
    def flexible(self) -> bool:
        return self is not Lane.TIMELY


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
    """`count` reminders due at `fire_at`, in `lane`."""

    fire_at: float
    lane: Lane
    count: int


@dataclass(frozen=True, slots=True)
class Quota:
    """What to claim now from one lane: its first `count` reminders in fire order, all due
    at or before `until`."""

    count: int
    until: float


Claim = dict[Lane, Quota]


def in_send_order(upcoming: Sequence[Upcoming]) -> list[Upcoming]:
    """Fire order, and lane order among reminders due at the same instant; groups of the
    same instant and lane merged."""
    counts: dict[tuple[float, Lane], int] = {}
    for group in upcoming:
        key = (group.fire_at, group.lane)
        counts[key] = counts.get(key, 0) + group.count
    return [Upcoming(fire_at, lane, count) for (fire_at, lane), count in sorted(counts.items())]


def plan(upcoming: Sequence[Upcoming], start: float, pace: Pace) -> list[tuple[Upcoming, float]]:
    """Each group `in_send_order` with the instant its first reminder goes; the group's
    others follow one every 1/rate seconds. Nothing goes before `start`, when the sender is
    free."""
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
    firsts = [
        max(block.offset, start) + first / pace.rate for block in blocks for first in block.firsts
    ]
    return list(zip(groups, firsts, strict=True))


def claim_now(upcoming: Sequence[Upcoming], start: float, pace: Pace, limit: int) -> Claim:
    """The reminders to claim at `start`, per lane: up to `limit` from the front of the
    plan that go back to back from `start` on, so that each goes no earlier than planned."""
    claim: Claim = {}
    total = 0
    for group, first in plan(upcoming, start, pace):
        # The plan leaves no gap before the group when it goes right after the claimed ones.
        if total >= limit or first > start + total / pace.rate + _TOLERANCE:
            break
        count = min(group.count, limit - total)
        so_far = claim.get(group.lane)
        claim[group.lane] = Quota(count + (so_far.count if so_far else 0), group.fire_at)
        total += count
    return claim


def after_claim(upcoming: Sequence[Upcoming], claim: Claim) -> list[Upcoming]:
    """What is left of `upcoming` once `claim` is taken: each lane's first reminders in
    fire order, so a plan can go on without counting again."""
    left = {lane: quota.count for lane, quota in claim.items()}
    remaining = []
    for group in in_send_order(upcoming):
        taken = min(group.count, left.get(group.lane, 0))
        left[group.lane] = left.get(group.lane, 0) - taken
        if group.count > taken:
            remaining.append(Upcoming(group.fire_at, group.lane, group.count - taken))
    return remaining


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
    offset + k/rate. Per tolerance (0: timely, 1: flexible), the largest and smallest
    t_k - k/rate, whose spread decides the centre."""

    high: list[float]
    low: list[float]
    firsts: list[int] = field(default_factory=list)
    offset: float = 0.0

    @classmethod
    def of(cls, group: Upcoming, index: int, pace: Pace) -> _Block:
        inf = float("inf")
        high, low = [-inf, -inf], [inf, inf]
        kind = int(group.lane.flexible)
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
