"""Send-ahead planning: a crowded slot is spread around its time, no earlier than it needs,
never earlier than the cap, in order, meeting the best bound any schedule can."""

from __future__ import annotations

import itertools
import random

import pytest

from bot.core.send_ahead import Lane, Pace, Upcoming, after_claim, best_bound, claim_now, plan

RATE = 30.0
PACE = Pace(RATE, max_lead=900)
SPACING = 1 / RATE


def _sends(upcoming: list[Upcoming], pace: Pace = PACE, start: float = -1e9) -> list[float]:
    """Every reminder's send instant, in plan order."""
    return [
        first + k / pace.rate
        for group, first in plan(upcoming, start, pace)
        for k in range(group.count)
    ]


def _fires(upcoming: list[Upcoming]) -> list[float]:
    return [group.fire_at for group, _ in plan(upcoming, 0, PACE) for _ in range(group.count)]


def _worst(upcoming: list[Upcoming], pace: Pace = PACE) -> float:
    sends = _sends(upcoming, pace)
    return max(abs(s - t) for s, t in zip(sends, _fires(upcoming), strict=True))


def test_a_lone_reminder_goes_at_its_time() -> None:
    assert _sends([Upcoming(600, Lane.TIMELY, 1)]) == [600]


def test_reminders_spaced_wider_than_the_rate_all_go_on_time() -> None:
    upcoming = [Upcoming(60 * minute, Lane.TIMELY, 30) for minute in range(1, 6)]
    sends = _sends(upcoming)
    fires = _fires(upcoming)
    # Each minute's 30 take one second: centred, half a second either way at most.
    assert max(abs(s - t) for s, t in zip(sends, fires, strict=True)) <= 0.5


def test_a_crowd_is_centred_on_its_time() -> None:
    crowd = [Upcoming(3600, Lane.TIMELY, 18_000)]  # ten minutes of sending at 30/s
    sends = _sends(crowd)
    assert sends[0] == pytest.approx(3600 - 300, abs=0.1)
    assert sends[-1] == pytest.approx(3600 + 300, abs=0.1)


def test_the_bound_is_met() -> None:
    rng = random.Random(7)
    for _ in range(50):
        upcoming = [
            Upcoming(rng.choice(range(0, 3600, 60)), Lane.TIMELY, rng.randint(1, 5000))
            for _ in range(rng.randint(1, 12))
        ]
        bound = best_bound(_fires(upcoming), RATE)
        unlimited = Pace(RATE, max_lead=float("inf"))
        assert _worst(upcoming, unlimited) == pytest.approx(bound, abs=1e-6)


def test_sends_keep_order_and_the_rate() -> None:
    rng = random.Random(11)
    upcoming = [
        Upcoming(rng.choice(range(0, 3600, 60)), rng.choice(list(Lane)), rng.randint(1, 3000))
        for _ in range(40)
    ]
    sends = _sends(upcoming)
    fires = _fires(upcoming)
    assert fires == sorted(fires)
    assert all(b - a >= SPACING - 1e-9 for a, b in itertools.pairwise(sends))


def test_nothing_goes_earlier_than_the_cap() -> None:
    # An hour of sending at 30/s: the best plan would start 30 minutes early.
    crowd = [Upcoming(7200, Lane.TIMELY, 108_000)]
    sends = _sends(crowd, Pace(RATE, max_lead=600))
    assert sends[0] == pytest.approx(7200 - 600)
    assert sends[-1] == pytest.approx(7200 - 600 + 107_999 / RATE)


def test_a_reminder_before_a_capped_crowd_is_not_pushed_early() -> None:
    # The crowd cannot start more than ten minutes early, so a reminder half an hour
    # before it has no reason to move.
    upcoming = [Upcoming(5400, Lane.TIMELY, 1), Upcoming(7200, Lane.TIMELY, 108_000)]
    assert _sends(upcoming, Pace(RATE, max_lead=600))[0] == 5400


def test_a_reminder_crowded_by_the_one_after_goes_no_earlier_than_needed() -> None:
    # 30 at 10:00:00 and 3,000 at 10:01:00: the 3,000 take 100 s, so they start 50 s early,
    # and the 30 must be out by then: sent in the second before, not centred on 10:00.
    upcoming = [Upcoming(0, Lane.TIMELY, 30), Upcoming(60, Lane.TIMELY, 3000)]
    sends = _sends(upcoming)
    assert max(sends[:30]) < 10
    assert _worst(upcoming) == pytest.approx(best_bound(_fires(upcoming), RATE), abs=1e-6)


def test_nothing_goes_before_the_sender_is_free() -> None:
    sends = _sends([Upcoming(0, Lane.TIMELY, 100)], start=50)
    assert sends[0] == 50


def test_workouts_take_the_seats_nearest_the_time() -> None:
    crowd = [
        Upcoming(1800, Lane.EARLY, 3000),
        Upcoming(1800, Lane.TIMELY, 3000),
        Upcoming(1800, Lane.LATE, 3000),
    ]
    lanes = [group.lane for group, _ in plan(crowd, 0, PACE) for _ in range(group.count)]
    pairs = list(zip(_sends(crowd), lanes, strict=True))
    workouts = [abs(s - 1800) for s, lane in pairs if lane is Lane.TIMELY]
    flexible = [abs(s - 1800) for s, lane in pairs if lane.flexible]
    assert max(workouts) <= 3000 / RATE / 2 + 1
    assert max(flexible) == pytest.approx(9000 / RATE / 2, abs=1)


def test_flexible_reminders_yield_to_workouts_nearby() -> None:
    # Workouts at 07:00 and nutrition at 07:01, too many to send on time: the workouts
    # stay closer to their time than they would if all were alike.
    upcoming = [Upcoming(0, Lane.TIMELY, 6000), Upcoming(60, Lane.LATE, 6000)]
    sends = _sends(upcoming)
    alike = _sends(upcoming, Pace(RATE, max_lead=900, flexibility=1))
    assert max(abs(s) for s in sends[:6000]) < max(abs(s) for s in alike[:6000])


def test_claim_now_waits_until_the_crowd_is_due_to_start() -> None:
    crowd = [Upcoming(300, Lane.TIMELY, 6000)]  # 200 s of sending: starts ~100 s early
    assert claim_now(crowd, 0, PACE, 100) == {}
    assert claim_now(crowd, 199.9, PACE, 100) == {}
    claim = claim_now(crowd, 200.1, PACE, 100)
    assert claim[Lane.TIMELY].count == 100
    assert claim[Lane.TIMELY].until == 300


def test_claim_now_takes_what_goes_back_to_back_by_lane() -> None:
    upcoming = [
        Upcoming(0, Lane.EARLY, 20),
        Upcoming(0, Lane.TIMELY, 20),
        Upcoming(0, Lane.LATE, 20),
        Upcoming(600, Lane.TIMELY, 5),  # far enough to wait for its own time
    ]
    claim = claim_now(upcoming, 0, PACE, 100)
    assert {lane: quota.count for lane, quota in claim.items()} == {
        Lane.EARLY: 20,
        Lane.TIMELY: 20,
        Lane.LATE: 20,
    }
    assert claim_now(upcoming, 0, PACE, 30)[Lane.TIMELY].count == 10


def test_the_pace_must_make_sense() -> None:
    with pytest.raises(ValueError, match="rate > 0"):
        Pace(0, 600)
    with pytest.raises(ValueError, match="max_lead >= 0"):
        Pace(30, -1)


def test_what_is_left_after_a_claim_plans_as_a_fresh_count_would() -> None:
    upcoming = [
        Upcoming(0, Lane.EARLY, 200),
        Upcoming(0, Lane.TIMELY, 300),
        Upcoming(0, Lane.LATE, 200),
        Upcoming(30, Lane.TIMELY, 100),
    ]
    claim = claim_now(upcoming, 0, PACE, 250)
    counts = {lane: quota.count for lane, quota in claim.items()}
    assert counts == {Lane.EARLY: 200, Lane.TIMELY: 50}
    left = after_claim(upcoming, claim)
    assert left == [
        Upcoming(0, Lane.TIMELY, 250),
        Upcoming(0, Lane.LATE, 200),
        Upcoming(30, Lane.TIMELY, 100),
    ]
