"""Builders shared by the core tests."""

from __future__ import annotations

from datetime import time

from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Units, Weekday

MON_WED_FRI = (Weekday.MON, Weekday.WED, Weekday.FRI)


def profile(
    equipment: frozenset[Equipment] = frozenset(),
    weekdays: tuple[Weekday, ...] = MON_WED_FRI,
    units: Units = Units.KG,
    *,
    goal: Goal = Goal.BALANCED,
    experience: Experience = Experience.BEGINNER,
) -> TrainingProfile:
    """A finished onboarding; only what the test names matters, the rest is any valid answer."""
    return TrainingProfile(goal, experience, equipment, weekdays, time(18), "Europe/Berlin", units)
