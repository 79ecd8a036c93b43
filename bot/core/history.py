"""A person's training history as the progress, balance and export features read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from bot.core.logparse.reading import LoggedSet


class HistoryEntry(Protocol):
    """One logged exercise on one day (a stored log satisfies this)."""

    @property
    def local_date(self) -> date: ...
    @property
    def exercise_id(self) -> str | None: ...
    @property
    def exercise_name(self) -> str: ...
    @property
    def sets(self) -> tuple[LoggedSet, ...]: ...
    @property
    def bodyweight(self) -> bool: ...
    @property
    def rpe(self) -> float | None: ...


@dataclass(frozen=True, slots=True)
class Entry:
    """A plain history entry, for imports and tests."""

    local_date: date
    exercise_id: str | None
    exercise_name: str
    sets: tuple[LoggedSet, ...]
    bodyweight: bool = False
    rpe: float | None = None
