"""Reminders, their settings, and what each reminder says."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.nutrition import ProteinPlan
from bot.core.planner import RecoveryFocus
from bot.core.prescription import DayPrescription
from bot.core.profile import Units
from bot.core.reminder_schedule import ReminderKind, ReminderSetting
from bot.telegram.messages.onboarding import format_time
from bot.telegram.messages.plans import recovery_advice
from bot.telegram.messages.programme import format_prescribed_target, format_week

BUTTON_START = "▶️ Start"
BUTTON_ADD_BODYWEIGHT = "Add my bodyweight"
WORKOUT_REMINDER_TITLE = "🏋️ Training day! Today's session:"
WORKOUT_REMINDER_LINE = "• {name} — {sets} × {low}-{high}"
WORKOUT_REMINDER_TARGET = "\n   🎯 {target}"
WORKOUT_REMINDER_FOOTER = "Tap Start when you're warmed up, then reply with what you did."
RECOVERY_REMINDER_TITLE = (
    "🌿 Rest day. Muscles grow while you recover, not while you train — today is part of the plan."
)
RECOVERY_ASK_TO_LOG = (
    "Did you train yesterday? If so, tap the button below and send what you did (e.g. "
    "“hip thrust 3x10 @ 60”), so your progress stays complete."
)
BUTTON_LOG_YESTERDAY = "📝 Log yesterday's workout"
WORKOUT_REMINDER_MISSED = "No log for {date}'s session: if you trained, tap 📝 to add it."
BUTTON_LOG_MISSED = "📝 Log {date}'s workout"
NUTRITION_TITLE = "🥚 Protein today: about {daily} g (a good range for you: {low}–{high} g)."
NUTRITION_SPLIT = "Spread it out: at least {per_meal} g at each of {meals} meals."
NUTRITION_GENERAL = (
    "🥚 Protein helps your muscles rebuild: aim for a palm-sized portion of protein at every "
    "meal (meat, fish, eggs, dairy, tofu, beans). Add your bodyweight and I'll give you a "
    "daily target in grams."
)

REMINDER_LABELS: dict[ReminderKind, str] = {
    ReminderKind.WORKOUT: "🏋️ Workout (training days)",
    ReminderKind.RECOVERY: "🌿 Recovery (rest days)",
    ReminderKind.NUTRITION: "🥚 Nutrition (daily)",
    ReminderKind.WEEKLY_SUMMARY: "📈 Weekly summary (Sundays)",
}
REMINDERS_TITLE = "⏰ Your reminders (times are in {timezone}):"
REMINDER_ROW = "{label}: {time}, {state}"
REMINDER_ON = "on"
REMINDER_OFF = "off"
REMINDERS_PAUSED = "⏸ Paused until {until}. /resume to start again."
REMINDERS_HINT = "Tap a reminder to switch it on or off, or 🕐 to change its time."
REMINDERS_NONE = "You have no reminders yet: /start sets up your plan and its reminders."
REMINDER_ASK_TIME = "New time for {label}? Tap one or type it, like 18:30 or 6pm."
REMINDER_TIME_SET = "✅ {label}: now at {time}."
BUTTON_CHANGE_TIME = "🕐 {label}"
BUTTON_CLOSE = "Close"
REMINDERS_CLOSED = "Reminders saved ✅"
PAUSED = "⏸ Reminders paused until {until}. /resume whenever you're ready."
PAUSE_USAGE = "Send /pause followed by a number of days, like /pause 7 (1 to 60 days)."
RESUMED = "▶️ Reminders are back on."
NOT_PAUSED = "▶️ Your reminders weren't paused: they're on as set in /reminders."


def format_workout_reminder(day: DayPrescription, units: Units) -> str:
    lines = [WORKOUT_REMINDER_TITLE, format_week(day.week)]
    for prescription in day.exercises:
        planned = prescription.planned
        low, high = planned.reps
        line = WORKOUT_REMINDER_LINE.format(
            name=planned.exercise.name, sets=planned.sets, low=low, high=high
        )
        if prescription.last is not None:
            line += WORKOUT_REMINDER_TARGET.format(
                target=format_prescribed_target(prescription, units)
            )
        lines.append(line)
    lines.append(WORKOUT_REMINDER_FOOTER)
    return "\n".join(lines)


def format_recovery_reminder(
    focus: RecoveryFocus, *, ask_to_log: bool, trained_yesterday: bool
) -> str:
    parts = [RECOVERY_REMINDER_TITLE, recovery_advice(focus, trained_yesterday=trained_yesterday)]
    if ask_to_log:
        parts.append(RECOVERY_ASK_TO_LOG)
    return "\n\n".join(parts)


def format_protein(plan: ProteinPlan) -> str:
    return "\n".join(
        (
            NUTRITION_TITLE.format(daily=plan.daily_g, low=plan.low_g, high=plan.high_g),
            NUTRITION_SPLIT.format(per_meal=plan.per_meal_g, meals=plan.meals),
        )
    )


def format_reminders(settings: Sequence[ReminderSetting], timezone: str) -> str:
    if not settings:
        return REMINDERS_NONE
    lines = [REMINDERS_TITLE.format(timezone=timezone)]
    for setting in settings:
        lines.append(
            REMINDER_ROW.format(
                label=REMINDER_LABELS[ReminderKind(setting.kind)],
                time=format_time(setting.local_time),
                state=REMINDER_ON if setting.enabled else REMINDER_OFF,
            )
        )
    paused = max((s.paused_until for s in settings if s.paused_until), default=None)
    if paused is not None:
        lines.append(REMINDERS_PAUSED.format(until=format_instant(paused, timezone)))
    lines.append(REMINDERS_HINT)
    return "\n".join(lines)


def format_instant(instant: datetime, timezone: str) -> str:
    return instant.astimezone(ZoneInfo(timezone)).strftime("%a %d %b, %H:%M")
