"""Local calendar maths: today's weekday where the person lives, runs of training days."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.profile import Weekday
from bot.core.schedule import local_weekday, longest_run

D = Weekday


def test_the_local_weekday_follows_the_persons_timezone() -> None:
    # Monday 23:30 in UTC is already Tuesday in Kolkata (+05:30) and still Monday in New York.
    instant = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    assert local_weekday("UTC", instant) is D.MON
    assert local_weekday("Asia/Kolkata", instant) is D.TUE
    assert local_weekday("America/New_York", instant) is D.MON
    assert local_weekday("Pacific/Chatham", datetime(2026, 11, 30, 10, 0, tzinfo=UTC)) is D.MON
    assert local_weekday("Pacific/Chatham", datetime(2026, 11, 30, 11, 0, tzinfo=UTC)) is D.TUE


@pytest.mark.parametrize(
    ("days", "run"),
    [
        ((D.MON, D.WED, D.FRI), 1),
        ((D.MON, D.TUE, D.THU, D.FRI), 2),
        ((D.MON, D.TUE, D.WED), 3),
        ((D.SAT, D.SUN, D.MON), 3),
        ((D.SUN, D.MON, D.WED, D.THU, D.FRI), 3),
        (tuple(Weekday), 7),
        ((), 0),
    ],
)
def test_longest_run_counts_sunday_to_monday(days: tuple[Weekday, ...], run: int) -> None:
    assert longest_run(days) == run
