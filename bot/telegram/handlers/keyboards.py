"""Inline keyboards: the onboarding and settings questions', and every button's making."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, time
from typing import TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from bot.core.coaching_switches import CoachingSwitches
from bot.core.onboarding import SETTINGS_STEPS
from bot.core.profile import MAX_TRAINING_DAYS, MIN_TRAINING_DAYS, Equipment, Weekday
from bot.core.readiness import PainRegion
from bot.telegram import callbacks, messages
from bot.telegram.callbacks import Press
from bot.telegram.i18n import LANGUAGE_NAMES, Translator, tr

C = TypeVar("C")

# A weekend, a work trip, a week, a long holiday, a fortnight; other lengths are typed.
TRAVEL_DAY_COUNTS = (3, 5, 7, 10, 14)
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


def start_workout(webapp_url: str) -> InlineKeyboardButton:
    """The button that opens today's session in the Mini App."""
    return InlineKeyboardButton(tr("webapp.button_start_workout"), web_app=WebAppInfo(webapp_url))


def _rows(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def _mark(selected: bool, label: str) -> str:
    return f"{tr('labels.checked') if selected else tr('labels.unchecked')} {label}"


def _one_per_row(labels: Mapping[C, str], press: Callable[[C], Press]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(label, press(item))] for item, label in labels.items()])


def goal() -> InlineKeyboardMarkup:
    return _one_per_row(messages.goal_labels(), callbacks.GoalChoice)


def experience() -> InlineKeyboardMarkup:
    return _one_per_row(messages.experience_labels(), callbacks.ExperienceChoice)


def _toggles(
    labels: Mapping[C, str], selected: Iterable[C], press: Callable[[C], Press], width: int
) -> list[list[InlineKeyboardButton]]:
    """One button per label, marked when selected; a press switches it."""
    chosen = set(selected)
    marked = [button(_mark(item in chosen, label), press(item)) for item, label in labels.items()]
    return _rows(marked, width)


def equipment(selected: Iterable[Equipment]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            *_toggles(messages.equipment_labels(), selected, callbacks.EquipmentToggle, 2),
            [button(tr("labels.button_full_gym"), callbacks.FullGym())],
            [button(tr("labels.button_done"), callbacks.EquipmentDone())],
        ]
    )


def travel_menu(selected: Iterable[Equipment]) -> InlineKeyboardMarkup:
    """/travel: the onboarding's equipment toggles, then the number of days, which starts it."""
    label = tr("away.button_travel_days").format
    return InlineKeyboardMarkup(
        [
            *_toggles(messages.equipment_labels(), selected, callbacks.TravelToggle, 2),
            [button(label(days=n), callbacks.TravelDays(n)) for n in TRAVEL_DAY_COUNTS],
        ]
    )


def back_home(until: date) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(tr("away.button_back_home"), callbacks.TravelBackHome(until))]]
    )


def days_count() -> InlineKeyboardMarkup:
    counts = range(MIN_TRAINING_DAYS, MAX_TRAINING_DAYS + 1)
    label = tr("labels.button_days_count").format
    return InlineKeyboardMarkup([[button(label(count=n), callbacks.DaysChoice(n)) for n in counts]])


def weekdays(selected: Iterable[Weekday]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            *_toggles(messages.weekday_labels(), selected, callbacks.WeekdayToggle, 4),
            [button(tr("labels.button_use_suggested"), callbacks.WeekdaysDone())],
        ]
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
    labels = messages.units_labels().items()
    return InlineKeyboardMarkup([[button(label, callbacks.UnitsChoice(u)) for u, label in labels]])


def bodyweight() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(tr("labels.button_skip"), callbacks.SkipBodyweight())]])


def settings_menu(speaks: Translator) -> InlineKeyboardMarkup:
    fields = [
        button(label, callbacks.SettingsChoice(SETTINGS_STEPS[key]))
        for key, label in messages.settings_fields().items()
    ]
    return InlineKeyboardMarkup(
        [
            *_rows(fields, 2),
            [button(tr("coaching.button_coaching"), callbacks.OpenCoaching())],
            [button(speaks.text("settings.language"), callbacks.OpenLanguages())],
            [button(tr("labels.button_keep"), callbacks.KeepSettings())],
        ]
    )


def languages(current: str) -> InlineKeyboardMarkup:
    """Each language named in itself, two a row, the person's own marked."""
    choices = [
        button(
            f"{tr('labels.checked')} {name}" if locale == current else name,
            callbacks.LanguageChoice(locale),
        )
        for locale, name in LANGUAGE_NAMES.items()
    ]
    return InlineKeyboardMarkup(_rows(choices, 2))


def coaching_menu(switches: CoachingSwitches, *, app: bool) -> InlineKeyboardMarkup:
    """One row per switch, marked when on, each setting the other value (the Mini App's only
    where the bot serves the `app`); and the region left out of the plan, if any, with the
    button that brings it back."""
    rows = [
        [_switch(label, bool(getattr(switches, name)), name)]
        for name, label in messages.coaching_switch_labels().items()
        if app or name != "app_set_messages"
    ]
    region = switches.avoid
    if region is not None and region in messages.avoidable():
        rows.append([button(messages.format_fine_button(region), callbacks.RegionFine(region))])
    return InlineKeyboardMarkup(rows)


def _switch(label: str, on: bool, name: str) -> InlineKeyboardButton:
    return button(_mark(on, label), callbacks.CoachingSwitchTo(name, not on))


def avoid(region: PainRegion) -> InlineKeyboardMarkup:
    label = tr("coaching.button_avoid", region=messages.avoidable()[region])
    return InlineKeyboardMarkup([[button(label, callbacks.AvoidRegion(region))]])
