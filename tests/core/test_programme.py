"""The programme's weeks: build weeks, a planned lighter week, a gentle restart after a break."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.core.profile import Experience, Weekday
from bot.core.programme import BLOCK_WEEKS, Phase, programme_week

MON_WED_FRI = (Weekday.MON, Weekday.WED, Weekday.FRI)
# A Wednesday: programmes run Monday to Sunday, whatever day they start on.
START = date(2026, 1, 7)


def _sessions(weekdays: tuple[Weekday, ...], first: date, last: date) -> list[date]:
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() in weekdays]


@pytest.mark.parametrize("experience", list(Experience))
def test_a_person_who_trains_every_planned_day_gets_a_lighter_week_every_block(
    experience: Experience,
) -> None:
    length = BLOCK_WEEKS[experience]
    logged = _sessions(MON_WED_FRI, START, START + timedelta(weeks=3 * length + 2))
    phases = []
    for n in range(3 * length):
        on = START + timedelta(weeks=n)
        week = programme_week(START, on, MON_WED_FRI, logged, experience)
        phases.append(week.phase)
        assert week.of == length
        assert week.index == n % length + 1
        assert week.starts.weekday() == Weekday.MON
        assert week.starts <= on < week.starts + timedelta(days=7)
    assert 4 <= length <= 6
    assert phases == ([Phase.BUILD] * (length - 1) + [Phase.DELOAD]) * 3


def test_the_lighter_week_is_announced_on_its_first_training_day() -> None:
    logged = _sessions(MON_WED_FRI, START, START + timedelta(weeks=20))
    deloads = set()
    for n in range(12):
        on = START + timedelta(weeks=n)
        week = programme_week(START, on, MON_WED_FRI, logged, Experience.INTERMEDIATE)
        lighter = programme_week(
            START, week.lighter_day, MON_WED_FRI, logged, Experience.INTERMEDIATE
        )
        assert lighter.phase is Phase.DELOAD
        assert week.lighter_day.weekday() == Weekday.MON
        assert week.lighter_day >= week.starts
        deloads.add(week.lighter_day)
    assert len(deloads) == 3


def test_weeks_before_the_first_session_do_not_count() -> None:
    first = START + timedelta(weeks=3)
    logged = _sessions(MON_WED_FRI, first, first + timedelta(weeks=2))
    before = programme_week(START, first - timedelta(days=2), MON_WED_FRI, [], Experience.BEGINNER)
    assert (before.index, before.phase) == (1, Phase.BUILD)
    on_first = programme_week(START, first, MON_WED_FRI, logged, Experience.BEGINNER)
    assert (on_first.index, on_first.phase) == (1, Phase.BUILD)
    week_after = programme_week(
        START, first + timedelta(weeks=1), MON_WED_FRI, logged, Experience.BEGINNER
    )
    assert (week_after.index, week_after.phase) == (2, Phase.BUILD)


def test_missing_two_sessions_in_a_week_restarts_the_block_gently() -> None:
    logged = _sessions(MON_WED_FRI, START, START + timedelta(weeks=6))
    # Week 3 (from Monday 19 Jan) only had its Monday session.
    week3 = date(2026, 1, 19)
    logged = [d for d in logged if not week3 < d < week3 + timedelta(days=7)]
    week4 = programme_week(
        START, week3 + timedelta(weeks=1), MON_WED_FRI, logged, Experience.ADVANCED
    )
    assert (week4.index, week4.phase) == (1, Phase.RESTART)
    week5 = programme_week(
        START, week3 + timedelta(weeks=2), MON_WED_FRI, logged, Experience.ADVANCED
    )
    assert (week5.index, week5.phase) == (2, Phase.BUILD)


def test_one_missed_session_or_a_late_one_keeps_the_block_going() -> None:
    logged = _sessions(MON_WED_FRI, START, START + timedelta(weeks=4))
    week2 = date(2026, 1, 12)
    # Wednesday moved to Thursday, Friday missed: one miss.
    logged = [d for d in logged if d not in (week2 + timedelta(days=2), week2 + timedelta(days=4))]
    logged.append(week2 + timedelta(days=3))
    week3 = programme_week(
        START, week2 + timedelta(weeks=1), MON_WED_FRI, logged, Experience.BEGINNER
    )
    assert (week3.index, week3.phase) == (3, Phase.BUILD)


def test_a_two_week_break_restarts_the_block_and_moves_the_lighter_week() -> None:
    last_before = date(2026, 1, 23)
    back = date(2026, 2, 9)
    logged = _sessions(MON_WED_FRI, START, last_before) + _sessions(
        MON_WED_FRI, back, back + timedelta(weeks=3)
    )
    was = programme_week(START, last_before, MON_WED_FRI, logged, Experience.INTERMEDIATE)
    now = programme_week(START, back, MON_WED_FRI, logged, Experience.INTERMEDIATE)
    assert now.phase is Phase.RESTART
    assert now.index == 1
    assert now.lighter_day > was.lighter_day
    assert now.lighter_day == back + timedelta(weeks=now.of - 1)
