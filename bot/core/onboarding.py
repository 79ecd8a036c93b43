"""The onboarding questionnaire as pure data: which question comes next and what was answered.

The Telegram conversation keeps a `Draft` in the person's (persisted) user data as a plain
JSON-safe dict, so a half-finished onboarding survives a restart of the bot.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import time
from enum import StrEnum
from typing import Any

from bot.core.planner import suggest_weekdays
from bot.core.profile import (
    MAX_TRAINING_DAYS,
    MIN_TRAINING_DAYS,
    Equipment,
    Experience,
    Goal,
    TrainingProfile,
    Units,
    Weekday,
)


class Step(StrEnum):
    GOAL = "goal"
    EXPERIENCE = "experience"
    EQUIPMENT = "equipment"
    DAYS = "days"
    WEEKDAYS = "weekdays"
    TIME = "time"
    TIMEZONE = "timezone"
    UNITS = "units"
    BODYWEIGHT = "bodyweight"


class Mode(StrEnum):
    ONBOARDING = "onboarding"
    SETTINGS = "settings"


ORDER: tuple[Step, ...] = tuple(Step)

# The settings menu offers every question but the weekday picker, which follows the day count.
SETTINGS_STEPS: dict[str, Step] = {
    "goal": Step.GOAL,
    "experience": Step.EXPERIENCE,
    "equipment": Step.EQUIPMENT,
    "days": Step.DAYS,
    "time": Step.TIME,
    "timezone": Step.TIMEZONE,
    "units": Step.UNITS,
    "bodyweight": Step.BODYWEIGHT,
}


class IncompleteDraft(ValueError):
    """The questionnaire was finished before every required answer was given."""


@dataclass(frozen=True, slots=True)
class Draft:
    mode: Mode = Mode.ONBOARDING
    goal: Goal | None = None
    experience: Experience | None = None
    equipment: frozenset[Equipment] = field(default_factory=frozenset)
    weekdays: tuple[Weekday, ...] = ()
    weekdays_suggested: bool = True
    day_count: int | None = None
    """How many days a week the person asked for; None once any count is fine."""
    reminder_time: time | None = None
    timezone: str | None = None
    units: Units = Units.KG
    bodyweight_kg: float | None = None
    message_id: int | None = None

    def next_step(self, answered: Step) -> Step | None:
        """The question after `answered`, or None when it is time to save."""
        if answered is Step.DAYS:
            return Step.WEEKDAYS
        if self.mode is Mode.SETTINGS:
            return None
        position = ORDER.index(answered) + 1
        return ORDER[position] if position < len(ORDER) else None

    def toggle_equipment(self, item: Equipment) -> Draft:
        return replace(self, equipment=self.equipment ^ {item})

    def with_day_count(self, count: int) -> Draft:
        if not MIN_TRAINING_DAYS <= count <= MAX_TRAINING_DAYS:
            raise ValueError(f"training days must be {MIN_TRAINING_DAYS} to {MAX_TRAINING_DAYS}")
        return replace(self, weekdays=_suggestion(count), weekdays_suggested=True, day_count=count)

    def toggle_weekday(self, day: Weekday) -> Draft:
        chosen = tuple(sorted(set(self.weekdays) ^ {day}))
        suggested = len(chosen) >= MIN_TRAINING_DAYS and chosen == _suggestion(len(chosen))
        return replace(self, weekdays=chosen, weekdays_suggested=suggested)

    @property
    def weekdays_valid(self) -> bool:
        return MIN_TRAINING_DAYS <= len(self.weekdays) <= MAX_TRAINING_DAYS

    @property
    def count_changed(self) -> bool:
        """The days picked are not as many as the person asked for: tapping a day to move a
        session adds one, and that should be asked about, not taken as the new count."""
        return self.day_count is not None and len(self.weekdays) != self.day_count

    def keep_picked_count(self) -> Draft:
        """Take the days picked as they are, however many (the person confirmed it)."""
        return replace(self, day_count=None)

    def to_profile(self) -> TrainingProfile:
        if (
            self.goal is None
            or self.experience is None
            or self.reminder_time is None
            or self.timezone is None
            or not self.weekdays_valid
        ):
            raise IncompleteDraft("the questionnaire is not complete")
        return TrainingProfile(
            goal=self.goal,
            experience=self.experience,
            equipment=self.equipment,
            weekdays=self.weekdays,
            reminder_time=self.reminder_time,
            timezone=self.timezone,
            units=self.units,
            bodyweight_kg=self.bodyweight_kg,
            weekdays_suggested=self.weekdays_suggested,
        )

    @classmethod
    def from_profile(cls, profile: TrainingProfile) -> Draft:
        return cls(
            mode=Mode.SETTINGS,
            goal=profile.goal,
            experience=profile.experience,
            equipment=profile.equipment,
            weekdays=profile.weekdays,
            weekdays_suggested=profile.weekdays_suggested,
            reminder_time=profile.reminder_time,
            timezone=profile.timezone,
            units=profile.units,
            bodyweight_kg=profile.bodyweight_kg,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode.value,
            "goal": self.goal and self.goal.value,
            "experience": self.experience and self.experience.value,
            "equipment": sorted(item.value for item in self.equipment),
            "weekdays": [day.short for day in self.weekdays],
            "weekdays_suggested": self.weekdays_suggested,
            "day_count": self.day_count,
            "reminder_time": self.reminder_time and self.reminder_time.strftime("%H:%M"),
            "timezone": self.timezone,
            "units": self.units.value,
            "bodyweight_kg": self.bodyweight_kg,
            "message_id": self.message_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Draft:
        goal, experience, reminder = (
            data.get("goal"),
            data.get("experience"),
            data.get("reminder_time"),
        )
        return cls(
            mode=Mode(data.get("mode", Mode.ONBOARDING)),
            goal=Goal(goal) if goal else None,
            experience=Experience(experience) if experience else None,
            equipment=frozenset(Equipment(item) for item in data.get("equipment", ())),
            weekdays=tuple(Weekday.from_short(day) for day in data.get("weekdays", ())),
            weekdays_suggested=bool(data.get("weekdays_suggested", True)),
            day_count=data.get("day_count"),
            reminder_time=time.fromisoformat(reminder) if reminder else None,
            timezone=data.get("timezone"),
            units=Units(data.get("units", Units.KG)),
            bodyweight_kg=data.get("bodyweight_kg"),
            message_id=data.get("message_id"),
        )


def _suggestion(count: int) -> tuple[Weekday, ...]:
    if not MIN_TRAINING_DAYS <= count <= MAX_TRAINING_DAYS:
        return ()
    return tuple(sorted(suggest_weekdays(count)))
