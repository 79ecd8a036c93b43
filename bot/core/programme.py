"""The programme: weeks that build, a planned lighter week, a gentle restart after a break.

A programme runs in Monday-to-Sunday weeks from the person's start. Weeks come in blocks:
build weeks, where load or reps rise, then one lighter week (sets about halved, loads at
most 90% of the last build week, no records asked for). Beginners recover from a block
easily and build for five weeks, advanced lifters for three (ACSM's progression model:
more experienced lifters need variation and planned recovery sooner).

A week after one where two or more planned sessions were missed, or after 14 days without
training, is a restart: loads at least 10% lower and a set fewer, and the block starts over
from there. Weeks before the first session logged on or after the start do not count: a
programme starts when the person does.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.core.profile import Experience, Weekday

BLOCK_WEEKS: dict[Experience, int] = {
    Experience.BEGINNER: 6,
    Experience.INTERMEDIATE: 5,
    Experience.ADVANCED: 4,
}
MISSED_FOR_RESTART = 2
DAYS_OFF_FOR_RESTART = 14


class Phase(StrEnum):
    BUILD = "build"
    DELOAD = "deload"
    RESTART = "restart"


@dataclass(frozen=True, slots=True)
class ProgrammeWeek:
    """Where a day falls: week `index` of a block of `of`, starting on Monday `starts`.

    `lighter_day` is the first training day of the block's lighter week: this one during
    it, the next one otherwise (it moves when a restart starts the block over)."""

    index: int
    of: int
    phase: Phase
    starts: date
    lighter_day: date

    @property
    def lighter(self) -> bool:
        return self.phase is not Phase.BUILD


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def programme_week(
    start: date,
    on: date,
    weekdays: Collection[Weekday],
    logged: Collection[date],
    experience: Experience,
) -> ProgrammeWeek:
    """The programme week `on` falls in, from the days sessions were `logged` on."""
    return programme_weeks(start, on, weekdays, logged, experience)[-1]


def programme_weeks(
    start: date,
    on: date,
    weekdays: Collection[Weekday],
    logged: Collection[date],
    experience: Experience,
) -> list[ProgrammeWeek]:
    """Every programme week from the start's to the one `on` falls in, oldest first."""
    length = BLOCK_WEEKS[experience]
    done = sorted({day for day in logged if start <= day <= on})
    first = done[0] if done else None
    monday = monday_of(start)
    index = 1
    weeks: list[tuple[int, Phase, date]] = []
    while True:
        if first is None or monday <= first:
            index, phase = 1, Phase.BUILD
        elif _restarts(monday, first, weekdays, done):
            index, phase = 1, Phase.RESTART
        else:
            phase = Phase.DELOAD if index == length else Phase.BUILD
        weeks.append((index, phase, monday))
        if monday + timedelta(days=7) > on:
            break
        index = 1 if phase is Phase.DELOAD else index + 1
        monday += timedelta(days=7)
    return [_week(index, length, phase, monday, weekdays) for index, phase, monday in weeks]


def _week(
    index: int, length: int, phase: Phase, monday: date, weekdays: Collection[Weekday]
) -> ProgrammeWeek:
    lighter = monday if phase is Phase.DELOAD else monday + timedelta(weeks=length - index)
    return ProgrammeWeek(index, length, phase, monday, first_training_day(lighter, weekdays))


def _restarts(
    monday: date, first: date, weekdays: Collection[Weekday], done: Sequence[date]
) -> bool:
    """Whether the week of `monday` starts over: two planned sessions of the week before
    were missed (counting from the person's first session), or none was done for 14 days."""
    week_before = [monday - timedelta(days=n) for n in range(7, 0, -1)]
    planned = sum(day >= first and day.weekday() in weekdays for day in week_before)
    trained = sum(week_before[0] <= day < monday for day in done)
    last = max((day for day in done if day < monday), default=first)
    return planned - trained >= MISSED_FOR_RESTART or (monday - last).days >= DAYS_OFF_FOR_RESTART


def first_training_day(monday: date, weekdays: Collection[Weekday]) -> date:
    """The first planned day of the week of `monday` (the Monday itself without any)."""
    days = (monday + timedelta(days=n) for n in range(7))
    return next((day for day in days if day.weekday() in weekdays), monday)
