"""Calendar maths in the person's own timezone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.core.profile import Weekday


def local_weekday(timezone: str, now: datetime | None = None) -> Weekday:
    """The weekday it is right now where the person lives."""
    instant = now if now is not None else datetime.now(UTC)
    return Weekday(instant.astimezone(ZoneInfo(timezone)).weekday())


def longest_run(weekdays: tuple[Weekday, ...]) -> int:
    """The most training days in a row, counting Sunday to Monday as consecutive."""
    chosen = set(weekdays)
    if len(chosen) == len(Weekday):
        return len(Weekday)
    best = 0
    for start in chosen - {Weekday((day + 1) % 7) for day in chosen}:
        run = 0
        while Weekday((start + run) % 7) in chosen:
            run += 1
        best = max(best, run)
    return best


def local_date(timezone: str, now: datetime | None = None) -> date:
    """The calendar day it is right now where the person lives."""
    instant = now if now is not None else datetime.now(UTC)
    return instant.astimezone(ZoneInfo(timezone)).date()
