"""A person's logbook as the domain sees it: workout sessions, stored logs, what a log says.

Storage reads and writes these; services, handlers and messages work with them without
knowing how they are stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.core.logparse.reading import LoggedSet


@dataclass(frozen=True, slots=True)
class WorkoutSession:
    """A person's workout on one local calendar day."""

    id: int
    user_id: int
    local_date: date
    started_at: datetime
    finished_at: datetime | None
    current_index: int


@dataclass(frozen=True, slots=True)
class LogContent:
    """What one logging message says: what `add_log` writes and `replace_log` overwrites."""

    exercise_id: str | None
    exercise_name: str
    raw_text: str
    sets: Sequence[LoggedSet]
    bodyweight: bool = False
    per_side: bool = False
    rpe: float | None = None
    rir: int | None = None


@dataclass(frozen=True, slots=True)
class StoredLog:
    """One logging message as stored.

    `sets` are the work sets in the order done. Warm-up sets are left out, so records and
    progression never count them (only a later import feature writes any).
    """

    id: int
    user_id: int
    session_id: int
    exercise_id: str | None
    exercise_name: str
    local_date: date
    logged_at: datetime
    source_message_id: int
    raw_text: str
    sets: tuple[LoggedSet, ...]
    bodyweight: bool
    per_side: bool
    rpe: float | None
    rir: int | None


def name_key(name: str) -> str:
    """An exercise name folded for matching: case and runs of spaces do not matter."""
    return " ".join(name.casefold().split())
