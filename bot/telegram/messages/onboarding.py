"""The onboarding questions and the /settings screens."""

from __future__ import annotations

from datetime import time

from bot.core.nutrition import ProteinPlan
from bot.core.profile import Equipment, TrainingProfile, Units, Weekday
from bot.telegram.messages.labels import (
    EQUIPMENT_LABELS,
    EXPERIENCE_LABELS,
    GOAL_LABELS,
    WEEKDAY_LABELS,
)

WELCOME = (
    "Hi {name}! I'm Coach 👋 I'll build you a weekly glute and hamstring plan, "
    "remind you to train and track your progress.\n\n"
    "A few quick questions (about a minute). Send /cancel at any time to stop."
)
WELCOME_BACK = (
    "Welcome back, {name}! Your plan is ready: /today for today's session, /plan for the week, "
    "/settings to change your answers."
)
ASK_GOAL = "What's your main goal?"
ASK_EXPERIENCE = "How long have you been training legs consistently?"
ASK_EQUIPMENT = (
    "Which equipment can you use? Tap to select all that apply, then Done.\n"
    "Nothing selected means bodyweight only — that works too."
)
ASK_DAYS_COUNT = "How many days a week do you want to train? (2 to 5)"
ASK_WEEKDAYS_SUGGESTED = (
    "I suggest {days} — workouts spread out so your muscles recover in between.\n"
    "Tap days to change them, then continue."
)
ASK_WEEKDAYS_CUSTOM = "Your training days: {days} ({count} selected). Tap to change, then continue."
WEEKDAYS_IN_A_ROW = (
    "Heads-up: {run} days in a row leaves little time to recover. It works, but spreading "
    "them out is better for growth."
)
WEEKDAYS_WRONG_COUNT = "Pick 2 to 5 days (you have {count})."
WEEKDAYS_COUNT_CHANGED = (
    "You asked for {asked} days a week and {picked} are ticked. Tap a day to untick it, "
    "or tap continue again to train {picked} days."
)
ASK_REMINDER_TIME = (
    "When should I remind you on training days? Tap a time or type one like 18:30 or 6pm."
)
ASK_TIMEZONE = (
    "Which timezone are you in? Tap one, type a name like Europe/Madrid or just a city "
    "(Madrid), or share your location (📎 → Location)."
)
ASK_UNITS = "Do you lift in kilograms or pounds?"
ASK_BODYWEIGHT = (
    "Optional: what's your bodyweight? It lets me set your daily protein target. "
    "Type it like 72 or 160 lb, or tap Skip."
)

HINT_PRESS_BUTTON = "Please tap one of the buttons above 👆 (or /cancel to stop)."
HINT_TIME = "I couldn't read that time. Try 07:00, 18:30 or 6pm — or tap a button above."
HINT_TIMEZONE = (
    "I don't know the timezone “{text}”. Try a name like Europe/Berlin or America/New_York, "
    "a city like Tokyo, or tap a button above."
)
HINT_LOCATION_UNKNOWN = (
    "I couldn't find a timezone for that location (open sea?). Tap a button or type a name."
)
HINT_BODYWEIGHT = "That doesn't look like a bodyweight. Type a number like 72 or 160 lb, or Skip."

CANCELLED_ONBOARDING = "Stopped. Nothing was saved. Send /start whenever you're ready."
CANCELLED_SETTINGS = "Stopped. Your settings are unchanged."
NOTHING_TO_CANCEL = "There's nothing to cancel right now."

PLAN_READY = "All set! Here is your plan 👇"
SETTINGS_SAVED = "Saved ✅ I rebuilt your plan:"
SETTINGS_SAVED_SAME_PLAN = "Saved ✅ Your plan stays the same (/plan shows it)."
PROTEIN_TARGET = (
    "🥚 Your daily protein target: about {daily} g (a good range for you: {low}–{high} g)."
)


# --- Settings -------------------------------------------------------------------------------

SETTINGS_MENU = "Your settings — tap one to change it:\n\n{summary}"
SETTINGS_FIELDS: dict[str, str] = {
    "goal": "Goal",
    "experience": "Experience",
    "equipment": "Equipment",
    "days": "Training days",
    "time": "Reminder time",
    "timezone": "Timezone",
    "units": "Units",
    "bodyweight": "Bodyweight",
}
BODYWEIGHT_NOT_SET = "not set"
BODYWEIGHT_ONLY = "bodyweight only"


def format_time(value: time) -> str:
    return value.strftime("%H:%M")


def format_weekdays(weekdays: tuple[Weekday, ...]) -> str:
    return ", ".join(WEEKDAY_LABELS[day] for day in weekdays)


def format_equipment(equipment: frozenset[Equipment]) -> str:
    if not equipment:
        return BODYWEIGHT_ONLY
    return ", ".join(EQUIPMENT_LABELS[item] for item in Equipment if item in equipment)


def format_bodyweight(kilograms: float | None, units: Units) -> str:
    if kilograms is None:
        return BODYWEIGHT_NOT_SET
    if units is Units.LB:
        return f"{kilograms / 0.45359237:.0f} lb"
    return f"{kilograms:g} kg"


def format_settings_saved(plan_changed: bool, protein: ProteinPlan | None) -> str:
    """What a saved /settings change says: whether the plan changed and, with a new
    bodyweight, the protein target it gives."""
    text = SETTINGS_SAVED if plan_changed else SETTINGS_SAVED_SAME_PLAN
    if protein is not None:
        text += "\n" + PROTEIN_TARGET.format(
            daily=protein.daily_g, low=protein.low_g, high=protein.high_g
        )
    return text


def format_profile(profile: TrainingProfile) -> str:
    rows = (
        ("goal", GOAL_LABELS[profile.goal]),
        ("experience", EXPERIENCE_LABELS[profile.experience]),
        ("equipment", format_equipment(profile.equipment)),
        ("days", format_weekdays(profile.weekdays)),
        ("time", format_time(profile.reminder_time)),
        ("timezone", profile.timezone),
        ("units", profile.units.value),
        ("bodyweight", format_bodyweight(profile.bodyweight_kg, profile.units)),
    )
    return "\n".join(f"{SETTINGS_FIELDS[key]}: {value}" for key, value in rows)
