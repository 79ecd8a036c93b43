"""Reminders, their settings, and what each reminder says."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from bot.core.nutrition import ProteinPlan
from bot.core.planner import RecoveryFocus
from bot.core.prescription import DayPrescription
from bot.core.profile import Units
from bot.core.reminder_schedule import ReminderKind, ReminderSetting
from bot.telegram.i18n import speaking, tr
from bot.telegram.messages.exercises import exercise_name
from bot.telegram.messages.onboarding import format_time
from bot.telegram.messages.plans import recovery_advice
from bot.telegram.messages.programme import format_prescribed_target, format_week


def reminder_labels() -> dict[ReminderKind, str]:
    return {
        ReminderKind.WORKOUT: tr("reminders.reminder_labels.workout"),
        ReminderKind.RECOVERY: tr("reminders.reminder_labels.recovery"),
        ReminderKind.NUTRITION: tr("reminders.reminder_labels.nutrition"),
        ReminderKind.WEEKLY_SUMMARY: tr("reminders.reminder_labels.weekly_summary"),
    }


def format_workout_reminder(day: DayPrescription, units: Units) -> str:
    lines = [tr("reminders.workout_reminder_title"), format_week(day.week)]
    for prescription in day.exercises:
        planned = prescription.planned
        low, high = planned.reps
        line = tr(
            "reminders.workout_reminder_line",
            name=exercise_name(planned.exercise.id),
            sets=planned.sets,
            low=low,
            high=high,
        )
        if prescription.last is not None:
            line += tr(
                "reminders.workout_reminder_target",
                target=format_prescribed_target(prescription, units),
            )
        lines.append(line)
    lines.append(tr("reminders.workout_reminder_footer"))
    return "\n".join(lines)


def format_recovery_reminder(
    focus: RecoveryFocus, *, ask_to_log: bool, trained_yesterday: bool
) -> str:
    parts = [
        tr("reminders.recovery_reminder_title"),
        recovery_advice(focus, trained_yesterday=trained_yesterday),
    ]
    if ask_to_log:
        parts.append(tr("reminders.recovery_ask_to_log"))
    return "\n\n".join(parts)


def format_protein(plan: ProteinPlan) -> str:
    return "\n".join(
        (
            tr("reminders.nutrition_title", daily=plan.daily_g, low=plan.low_g, high=plan.high_g),
            tr("reminders.nutrition_split", per_meal=plan.per_meal_g, meals=plan.meals),
        )
    )


def format_reminders(settings: Sequence[ReminderSetting], timezone: str) -> str:
    if not settings:
        return tr("reminders.reminders_none")
    lines = [tr("reminders.reminders_title", timezone=timezone)]
    for setting in settings:
        lines.append(
            tr(
                "reminders.reminder_row",
                label=reminder_labels()[ReminderKind(setting.kind)],
                time=format_time(setting.local_time),
                state=tr("reminders.reminder_on")
                if setting.enabled
                else tr("reminders.reminder_off"),
            )
        )
    paused = max((s.paused_until for s in settings if s.paused_until), default=None)
    if paused is not None:
        lines.append(tr("reminders.reminders_paused", until=format_instant(paused, timezone)))
    lines.append(tr("reminders.reminders_hint"))
    return "\n".join(lines)


def format_instant(instant: datetime, timezone: str) -> str:
    """A moment in the person's time zone, day and time: "Mon 07 Dec, 18:30"."""
    return format_datetime(
        instant, tr("formats.moment"), tzinfo=ZoneInfo(timezone), locale=speaking().locale
    )
