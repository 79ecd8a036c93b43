"""A day written before a log dates it: yesterday, N days ago, a weekday."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.logparse.backdating import days_ago

WEDNESDAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("text", "back", "rest"),
    [
        ("yesterday: RDL 3x8 60", 1, "RDL 3x8 60"),
        ("Yesterday RDL 3x8 60", 1, "RDL 3x8 60"),
        ("2 days ago - 3x10", 2, "3x10"),
        ("mon: 3x10", 2, "3x10"),
        ("Monday, 3x10", 2, "3x10"),
        ("wed: 3x10", 0, "3x10"),
        ("thu: 3x10", 6, "3x10"),
        # Not a day: kept as written.
        ("monster walk 3x10", 0, "monster walk 3x10"),
        ("30 days ago: 3x10", 0, "30 days ago: 3x10"),
        ("3x10 yesterday", 0, "3x10 yesterday"),
    ],
)
def test_the_day_is_counted_back_from_today(text: str, back: int, rest: str) -> None:
    assert days_ago(text, WEDNESDAY) == (back, rest)
