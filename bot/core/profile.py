"""What a person tells Coach about themselves, as plain domain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from enum import IntEnum, StrEnum


class Goal(StrEnum):
    GLUTES = "glutes"
    HAMSTRINGS = "hamstrings"
    BALANCED = "balanced"
    STRENGTH = "strength"
    ATHLETIC = "athletic"


class Experience(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"

    @property
    def rank(self) -> int:
        return list(Experience).index(self)


class Equipment(StrEnum):
    """Equipment a person may own; bodyweight is always available and has no token."""

    BANDS = "bands"
    DUMBBELLS = "dumbbells"
    KETTLEBELL = "kettlebell"
    BARBELL = "barbell"
    BENCH = "bench"
    LEG_CURL_MACHINE = "leg_curl_machine"
    CABLE = "cable"
    STABILITY_BALL = "stability_ball"
    SLIDERS = "sliders"


FULL_GYM: frozenset[Equipment] = frozenset(Equipment)


class Weekday(IntEnum):
    """Monday is 0, as in `datetime.date.weekday()`."""

    MON = 0
    TUE = 1
    WED = 2
    THU = 3
    FRI = 4
    SAT = 5
    SUN = 6

    @property
    def short(self) -> str:
        return self.name.lower()

    @classmethod
    def from_short(cls, text: str) -> Weekday:
        return cls[text.strip().upper()[:3]]


class Units(StrEnum):
    KG = "kg"
    LB = "lb"


MIN_TRAINING_DAYS = 2
MAX_TRAINING_DAYS = 5


@dataclass(frozen=True, slots=True)
class TrainingProfile:
    """Everything the onboarding conversation collects."""

    goal: Goal
    experience: Experience
    equipment: frozenset[Equipment]
    weekdays: tuple[Weekday, ...]
    reminder_time: time
    timezone: str
    units: Units = Units.KG
    bodyweight_kg: float | None = None
    weekdays_suggested: bool = True
    # Set by Coach, not asked in onboarding: the Monday-first programme runs from this day,
    # and the dumbbells or kettlebells the person said they own (in `units`, lightest first).
    programme_start: date | None = None
    own_weights: tuple[float, ...] = ()
