"""Inline keyboards: the onboarding and settings questions', and every button's making."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.onboarding import SETTINGS_STEPS
from bot.core.profile import MAX_TRAINING_DAYS, MIN_TRAINING_DAYS, Equipment, Weekday
from bot.telegram import callbacks, messages
from bot.telegram.callbacks import Press

REMINDER_TIMES = tuple(time(hour) for hour in (6, 7, 8, 12, 17, 18, 19, 20))
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


def button(text: str, press: Press) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=press.encode())


def _rows(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def _mark(selected: bool, label: str) -> str:
    return f"{messages.CHECKED if selected else messages.UNCHECKED} {label}"


def goal() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(label, callbacks.GoalChoice(item))]
            for item, label in messages.GOAL_LABELS.items()
        ]
    )


def experience() -> InlineKeyboardMarkup:
    labels = messages.EXPERIENCE_LABELS.items()
    return InlineKeyboardMarkup(
        [[button(label, callbacks.ExperienceChoice(item))] for item, label in labels]
    )


def equipment(selected: Iterable[Equipment]) -> InlineKeyboardMarkup:
    chosen = set(selected)
    toggles = [
        button(_mark(item in chosen, label), callbacks.EquipmentToggle(item))
        for item, label in messages.EQUIPMENT_LABELS.items()
    ]
    return InlineKeyboardMarkup(
        [
            *_rows(toggles, 2),
            [button(messages.BUTTON_FULL_GYM, callbacks.FullGym())],
            [button(messages.BUTTON_DONE, callbacks.EquipmentDone())],
        ]
    )


def days_count() -> InlineKeyboardMarkup:
    counts = range(MIN_TRAINING_DAYS, MAX_TRAINING_DAYS + 1)
    label = messages.BUTTON_DAYS_COUNT.format
    return InlineKeyboardMarkup([[button(label(count=n), callbacks.DaysChoice(n)) for n in counts]])


def weekdays(selected: Iterable[Weekday]) -> InlineKeyboardMarkup:
    chosen = set(selected)
    toggles = [
        button(_mark(day in chosen, label), callbacks.WeekdayToggle(day))
        for day, label in messages.WEEKDAY_LABELS.items()
    ]
    return InlineKeyboardMarkup(
        [*_rows(toggles, 4), [button(messages.BUTTON_USE_SUGGESTED, callbacks.WeekdaysDone())]]
    )


def reminder_time(press: Callable[[time], Press] = callbacks.TimeChoice) -> InlineKeyboardMarkup:
    """The usual times, as onboarding's answer or (with `ReminderAt`) in /reminders."""
    buttons = [button(messages.format_time(at), press(at)) for at in REMINDER_TIMES]
    return InlineKeyboardMarkup(_rows(buttons, 4))


def timezone(default: str) -> InlineKeyboardMarkup:
    zones = [default, *(zone for zone in COMMON_TIMEZONES if zone != default)]
    return InlineKeyboardMarkup(
        _rows([button(zone, callbacks.TimezoneChoice(zone)) for zone in zones], 2)
    )


def units() -> InlineKeyboardMarkup:
    labels = messages.UNITS_LABELS.items()
    return InlineKeyboardMarkup([[button(label, callbacks.UnitsChoice(u)) for u, label in labels]])


def bodyweight() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(messages.BUTTON_SKIP, callbacks.SkipBodyweight())]])


def settings_menu() -> InlineKeyboardMarkup:
    fields = [
        button(label, callbacks.SettingsChoice(SETTINGS_STEPS[key]))
        for key, label in messages.SETTINGS_FIELDS.items()
    ]
    return InlineKeyboardMarkup(
        [*_rows(fields, 2), [button(messages.BUTTON_KEEP, callbacks.KeepSettings())]]
    )
