"""The onboarding questions and the /settings screens."""

from __future__ import annotations

from datetime import time

from babel.dates import format_time as babel_format_time

from bot.core.nutrition import ProteinPlan
from bot.core.profile import Equipment, TrainingProfile, Units, Weekday
from bot.telegram.i18n import speaking, tr
from bot.telegram.messages.formats import format_load, unit_word
from bot.telegram.messages.labels import (
    equipment_labels,
    experience_labels,
    goal_labels,
    weekday_labels,
)

# --- Settings -------------------------------------------------------------------------------


def settings_fields() -> dict[str, str]:
    return {
        "goal": tr("onboarding.settings_fields.goal"),
        "experience": tr("onboarding.settings_fields.experience"),
        "equipment": tr("onboarding.settings_fields.equipment"),
        "days": tr("onboarding.settings_fields.days"),
        "time": tr("onboarding.settings_fields.time"),
        "timezone": tr("onboarding.settings_fields.timezone"),
        "units": tr("onboarding.settings_fields.units"),
        "bodyweight": tr("onboarding.settings_fields.bodyweight"),
    }


def format_time(value: time) -> str:
    """A time of day: "07:30"."""
    return babel_format_time(value, tr("formats.time"), locale=speaking().locale)


def format_weekdays(weekdays: tuple[Weekday, ...]) -> str:
    return ", ".join(weekday_labels()[day] for day in weekdays)


def format_equipment(equipment: frozenset[Equipment]) -> str:
    if not equipment:
        return tr("onboarding.bodyweight_only")
    return ", ".join(equipment_labels()[item] for item in Equipment if item in equipment)


def format_bodyweight(kilograms: float | None, units: Units) -> str:
    if kilograms is None:
        return tr("onboarding.bodyweight_not_set")
    if units is Units.LB:
        return format_load(round(kilograms / 0.45359237), units)
    return format_load(kilograms, units)


def format_settings_saved(plan_changed: bool, protein: ProteinPlan | None) -> str:
    """What a saved /settings change says: whether the plan changed and, with a new
    bodyweight, the protein target it gives."""
    text = (
        tr("onboarding.settings_saved")
        if plan_changed
        else tr("onboarding.settings_saved_same_plan")
    )
    if protein is not None:
        text += "\n" + tr(
            "onboarding.protein_target",
            daily=protein.daily_g,
            low=protein.low_g,
            high=protein.high_g,
        )
    return text


def format_profile(profile: TrainingProfile) -> str:
    rows = (
        ("goal", goal_labels()[profile.goal]),
        ("experience", experience_labels()[profile.experience]),
        ("equipment", format_equipment(profile.equipment)),
        ("days", format_weekdays(profile.weekdays)),
        ("time", format_time(profile.reminder_time)),
        ("timezone", profile.timezone),
        ("units", unit_word(profile.units)),
        ("bodyweight", format_bodyweight(profile.bodyweight_kg, profile.units)),
    )
    return "\n".join(f"{settings_fields()[key]}: {value}" for key, value in rows)
