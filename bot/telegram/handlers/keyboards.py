"""Inline keyboards of the onboarding and settings questions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.profile import (
    MAX_TRAINING_DAYS,
    MIN_TRAINING_DAYS,
    Equipment,
    Experience,
    Goal,
    Units,
    Weekday,
)
from bot.telegram import messages

PREFIX = "ob"
REMINDER_TIMES = ("06:00", "07:00", "08:00", "12:00", "17:00", "18:00", "19:00", "20:00")
COMMON_TIMEZONES = (
    "Europe/London",
    "Europe/Berlin",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "UTC",
)


def data(step: str, value: str) -> str:
    return f"{PREFIX}:{step}:{value}"


# What each question's buttons may carry: forged callback data matches none of these, so it
# falls through to the "menu expired" answer instead of reaching a handler.
_VALUES: dict[str, str] = {
    "goal": "|".join(Goal),
    "exp": "|".join(Experience),
    "eq": "|".join([*Equipment, "gym", "done"]),
    "days": "|".join(str(n) for n in range(MIN_TRAINING_DAYS, MAX_TRAINING_DAYS + 1)),
    "wd": "|".join([*(day.short for day in Weekday), "done"]),
    "time": r"(?:[01]\d|2[0-3]):[0-5]\d",
    "tz": r"[A-Za-z0-9_+\-/]{1,60}",
    "units": "|".join(Units),
    "bw": "skip",
    "menu": "|".join([*messages.SETTINGS_FIELDS, "keep"]),
}


def pattern(step: str) -> str:
    return f"^{PREFIX}:{step}:(?:{_VALUES[step]})$"


def value_of(callback_data: str) -> str:
    return callback_data.split(":", 2)[2]


def _button(text: str, step: str, value: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data(step, value))


def _rows(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def _mark(selected: bool, label: str) -> str:
    return f"{messages.CHECKED if selected else messages.UNCHECKED} {label}"


def goal() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(label, "goal", item.value)] for item, label in messages.GOAL_LABELS.items()]
    )


def experience() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(label, "exp", item.value)] for item, label in messages.EXPERIENCE_LABELS.items()]
    )


def equipment(selected: Iterable[Equipment]) -> InlineKeyboardMarkup:
    chosen = set(selected)
    toggles = [
        _button(_mark(item in chosen, label), "eq", item.value)
        for item, label in messages.EQUIPMENT_LABELS.items()
    ]
    return InlineKeyboardMarkup(
        [
            *_rows(toggles, 2),
            [_button(messages.BUTTON_FULL_GYM, "eq", "gym")],
            [_button(messages.BUTTON_DONE, "eq", "done")],
        ]
    )


def days_count() -> InlineKeyboardMarkup:
    counts = range(MIN_TRAINING_DAYS, MAX_TRAINING_DAYS + 1)
    return InlineKeyboardMarkup(
        [[_button(messages.BUTTON_DAYS_COUNT.format(count=n), "days", str(n)) for n in counts]]
    )


def weekdays(selected: Iterable[Weekday]) -> InlineKeyboardMarkup:
    chosen = set(selected)
    toggles = [
        _button(_mark(day in chosen, label), "wd", day.short)
        for day, label in messages.WEEKDAY_LABELS.items()
    ]
    return InlineKeyboardMarkup(
        [*_rows(toggles, 4), [_button(messages.BUTTON_USE_SUGGESTED, "wd", "done")]]
    )


def reminder_time() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(_rows([_button(t, "time", t) for t in REMINDER_TIMES], 4))


def timezone(default: str) -> InlineKeyboardMarkup:
    zones = [default, *(zone for zone in COMMON_TIMEZONES if zone != default)]
    return InlineKeyboardMarkup(_rows([_button(zone, "tz", zone) for zone in zones], 2))


def units() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(label, "units", item.value) for item, label in messages.UNITS_LABELS.items()]]
    )


def bodyweight() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(messages.BUTTON_SKIP, "bw", "skip")]])


def settings_menu() -> InlineKeyboardMarkup:
    fields = [_button(label, "menu", key) for key, label in messages.SETTINGS_FIELDS.items()]
    return InlineKeyboardMarkup(
        [*_rows(fields, 2), [_button(messages.BUTTON_KEEP, "menu", "keep")]]
    )
