"""The local chat's `/clock`: moves forward only, by steps or to a UTC moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.cli.chat_clock import ChatClock, read_move

NOW = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)


def test_steps_add_up_days_hours_and_minutes() -> None:
    assert read_move("+1d", NOW) == NOW + timedelta(days=1)
    assert read_move("+2h30m", NOW) == NOW + timedelta(hours=2, minutes=30)
    assert read_move("+1d1d", NOW) == NOW + timedelta(days=2)


def test_a_moment_is_read_in_utc() -> None:
    assert read_move("2026-12-07 07:55", NOW) == datetime(2026, 12, 7, 7, 55, tzinfo=UTC)


def test_anything_else_is_not_a_move() -> None:
    for text in ("", "1d", "+", "-1d", "+1w", "tomorrow", "2026-12-07", "+1d 2h"):
        assert read_move(text, NOW) is None, text


def test_the_clock_goes_forward_and_never_back() -> None:
    clock = ChatClock()
    ahead = clock() + timedelta(days=3)

    assert clock.move(ahead)
    assert clock() >= ahead
    assert not clock.move(ahead - timedelta(days=1))
    assert clock() >= ahead
