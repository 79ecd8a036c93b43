"""Every piece of text a person reads, in one place so wording and translations are easy.

All texts are plain text: the bot sends them with no parse mode, so nothing a person typed
(or a name) can break the formatting.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.core.balance import Imbalance, ImbalanceKind
from bot.core.catalogue import MuscleGroup, get_exercise
from bot.core.logparse.reading import LoggedSet, RejectionReason
from bot.core.nutrition import ProteinPlan
from bot.core.planner import DayPlan, PlannedExercise, RecoveryFocus, WeekPlan
from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Units, Weekday
from bot.core.progression import Reason, Target
from bot.core.records import Comparison, Record, RecordKind, SessionResult
from bot.core.reminder_schedule import ReminderKind
from bot.core.stats import Stats, WeeklySummary
from bot.core.transfer.import_csv import ImportFailure, ImportFormat, ImportProblem
from bot.core.workout import load_unit

if TYPE_CHECKING:
    from bot.core.assessment import Logged, Prompt, SessionSummary
    from bot.core.reminder_schedule import ReminderSetting
    from bot.core.workout_log import StoredLog, WorkoutSession
    from bot.services.progress import Imported

# --- Commands -------------------------------------------------------------------------------

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Set up your training plan"),
    ("plan", "Your week of training"),
    ("today", "Today's session or recovery advice"),
    ("swap", "Swap an exercise of today's session"),
    ("done", "Finish today's session"),
    ("undo", "Remove your last log"),
    ("history", "Your recent sessions"),
    ("reminders", "Your reminders: on, off, times"),
    ("pause", "Pause reminders for some days"),
    ("resume", "Turn reminders back on"),
    ("progress", "Charts of your progress"),
    ("stats", "Sessions, streak, volume and records"),
    ("export", "Download your history (CSV; /export json for all)"),
    ("import", "Import a Strong or Hevy CSV"),
    ("delete_me", "Delete everything I store about you"),
    ("settings", "Change your answers and rebuild the plan"),
    ("help", "What Coach can do"),
    ("cancel", "Stop what we are doing"),
)

HELP = (
    "I'm Coach, your glute and hamstring training partner.\n\n"
    "/start – set up your plan (goal, experience, equipment, days)\n"
    "/plan – your week of training\n"
    "/today – today's session, or recovery advice on rest days\n"
    "/swap – swap an exercise of today's session for one that fits your equipment\n"
    "/done – finish today's session with a summary\n"
    "/undo – remove your last log\n"
    "/history [exercise] – your recent sessions\n"
    "/reminders – switch reminders on or off and change their times\n"
    "/pause N – no reminders for N days; /resume to turn them back on\n"
    "/settings – change any answer; the plan is rebuilt\n"
    "/progress [exercise] – charts of your progress; /stats – the numbers\n"
    "/export – your history as CSV (/export json: your whole account); /import – add a "
    "Strong or Hevy CSV\n"
    "/delete_me – delete everything I store about you\n"
    "/cancel – stop the current question\n"
    "/help logging – how to write what you did\n\n"
    "During a workout just reply with what you did: “RDL 80kg 3x8”, “3x10 @ 60” or "
    "“10,10,8 at 50kg”."
)

HELP_LOGGING = (
    "Log a lift the way you'd jot it in a notebook, one exercise per message:\n\n"
    "• Hip thrust 3x10 60kg — 3 sets of 10 at 60 kg (also 3 x 10 @ 60kg, 60kg 3x10, "
    "3 sets of 10)\n"
    "• RDL 100x5 — one set of 5 at 100 (a first number over 10 is the weight)\n"
    "• 60x10x3 — 3 sets of 10 at 60\n"
    "• 10/8/6 @ 60/70/80kg, or 60x10, 70x8, 80x6 (one per line works too) — one set each\n"
    "• Nordics 3x5 bw+10 · Bulgarians 3x12 each leg 12kg dbs · 5x5 @8 (RPE 8) · 3x10 2 rir\n\n"
    "No unit? I use yours. Dumbbells: write the weight of one (2x20kg dbs → 20 kg).\n"
    "A range (8-12) or “planning 3x10 tomorrow” is a plan, so I don't log it yet.\n\n"
    "Numbers only go to the exercise you're on, or to the one whose message you reply to. "
    "Made a typo? Edit your message and I'll update the log, or tap Undo."
)

UNKNOWN_COMMAND = "I don't know that command. /help lists what I can do."
NOT_UNDERSTOOD = "I'm not sure what you mean. /help lists what I can do."
NEED_PROFILE = "Let's set you up first: send /start and answer a few quick questions."
MENU_EXPIRED = "That menu has expired. Send the command again for a fresh one."

# --- Labels ---------------------------------------------------------------------------------

GOAL_LABELS: dict[Goal, str] = {
    Goal.GLUTES: "🍑 Grow glutes",
    Goal.HAMSTRINGS: "🦵 Stronger hamstrings",
    Goal.BALANCED: "⚖️ Balanced legs",
    Goal.STRENGTH: "🏋️ Strength",
    Goal.ATHLETIC: "⚡ Athletic performance",
}

EXPERIENCE_LABELS: dict[Experience, str] = {
    Experience.BEGINNER: "Beginner (under 6 months)",
    Experience.INTERMEDIATE: "Intermediate (6 months – 2 years)",
    Experience.ADVANCED: "Advanced (2+ years)",
}

EQUIPMENT_LABELS: dict[Equipment, str] = {
    Equipment.BANDS: "Resistance bands",
    Equipment.DUMBBELLS: "Dumbbells",
    Equipment.KETTLEBELL: "Kettlebell",
    Equipment.BARBELL: "Barbell with rack",
    Equipment.BENCH: "Bench",
    Equipment.LEG_CURL_MACHINE: "Leg curl machine",
    Equipment.CABLE: "Cable machine",
    Equipment.STABILITY_BALL: "Stability ball",
    Equipment.SLIDERS: "Sliders",
}

WEEKDAY_LABELS: dict[Weekday, str] = {
    Weekday.MON: "Mon",
    Weekday.TUE: "Tue",
    Weekday.WED: "Wed",
    Weekday.THU: "Thu",
    Weekday.FRI: "Fri",
    Weekday.SAT: "Sat",
    Weekday.SUN: "Sun",
}

UNITS_LABELS: dict[Units, str] = {Units.KG: "Kilograms (kg)", Units.LB: "Pounds (lb)"}

CHECKED = "✅"
UNCHECKED = "▫️"
BUTTON_FULL_GYM = "🏢 Full gym (all of it)"
BUTTON_DONE = "Done ➡️"
BUTTON_USE_SUGGESTED = "Use these days ➡️"
BUTTON_SKIP = "Skip"
BUTTON_CANCEL = "Cancel"
BUTTON_DAYS_COUNT = "{count} days"
BUTTON_KEEP = "Keep as is"

# --- Onboarding -----------------------------------------------------------------------------

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


# --- Today and swaps ------------------------------------------------------------------------

TODAY_TITLE = "Today, {weekday}"
SWAP_PICK_EXERCISE = "Which exercise do you want to swap?"
SWAP_PICK_SUBSTITUTE = "Swap {name} for:"
SWAP_NO_SUBSTITUTE = (
    "I have no other {pattern} exercise for your equipment. /settings lets you add equipment."
)
SWAP_RECOVERY_DAY = "Today is a recovery day, so there's nothing to swap. /plan shows the week."
SWAP_DONE = "Swapped: {old} → {new}. Your plan is updated."
SWAP_STALE = "That exercise is no longer in today's session. Send /swap again."

# --- Terminal chat (`coach chat`) ---------------------------------------------------------------

CHAT_BANNER = (
    "Local chat with Coach — no Telegram token set. "
    "Type a message; a number presses that button; Ctrl-D quits."
)
CHAT_BOT_SAYS = "Coach: {text}"
CHAT_BOT_EDITED = "Coach (edited): {text}"
CHAT_PHOTO = "[photo]"
CHAT_DOCUMENT = "[document {name}]"
CHAT_FILE_SAVED = "  (saved to {path})"
CHAT_LINK_BUTTON = "(Button {number} opens {url} — open it in your browser.)"
CHAT_UNPRESSABLE_BUTTON = "(Button {number} can't be pressed in the local chat.)"

# --- Errors ---------------------------------------------------------------------------------

FLOOD_WARNING = (
    "Whoa, that's a lot of messages at once 🙂 Give me a few seconds' pause: "
    "I'll skip what you send until then, so resend anything that still needs an answer."
)
INTERNAL_ERROR = "Sorry, something went wrong on my side. Please try again in a moment."


# --- Plans (weekly plan and recovery-day wording) ---

WEEKDAY_NAMES: dict[Weekday, str] = {
    Weekday.MON: "Monday",
    Weekday.TUE: "Tuesday",
    Weekday.WED: "Wednesday",
    Weekday.THU: "Thursday",
    Weekday.FRI: "Friday",
    Weekday.SAT: "Saturday",
    Weekday.SUN: "Sunday",
}

WEEK_PLAN_HEADER = "Your training week 🍑\nWeekly sets: glutes {glutes}, hamstrings {hamstrings}"
WEEK_PLAN_FOOTER = "/today shows each session with form cues."
WORKOUT_HEADING = "{day} — workout 💪"
WORKOUT_WEEK_HEADING = "{day} — workout"
RECOVERY_DAY_LINE = "Recovery day: {focus}"
RECOVERY_WEEK_LINE = "{day} — recovery: {focus}"
WORKOUT_FOOTER = "Warm up for 5 minutes first, and stop each set 1–2 reps before failure."
EXERCISE_LINE = "{number}. {name} — {sets} × {reps}{side}, rest {rest} s"
PER_SIDE = " per leg"

# The planner gives mobility the day after a session and full rest the day before one,
# and the texts below say so.
RECOVERY_LABELS: dict[RecoveryFocus, str] = {
    RecoveryFocus.WALK: "easy walk",
    RecoveryFocus.MOBILITY: "mobility",
    RecoveryFocus.FULL_REST: "full rest",
}
RECOVERY_GUIDANCE: dict[RecoveryFocus, str] = {
    RecoveryFocus.WALK: (
        "🚶 Take an easy 20–40 minute walk at a chatty pace. "
        "Moving gently helps tired legs recover faster than sitting all day."
    ),
    RecoveryFocus.MOBILITY: (
        "🧘 10–15 minutes of gentle mobility: hip flexor stretch, pigeon pose, "
        "hamstring stretch and a few unweighted glute bridges. "
        "Some soreness after yesterday is normal; keep it easy."
    ),
    RecoveryFocus.FULL_REST: (
        "😴 Full rest today, so you're fresh for tomorrow's session. "
        "Sleep well, drink water and get some protein in."
    ),
}


def format_week_plan(plan: WeekPlan) -> str:
    """The whole week at a glance; form cues are left to the day view to keep it short."""
    sets = plan.weekly_sets()
    header = WEEK_PLAN_HEADER.format(
        glutes=sets[MuscleGroup.GLUTES], hamstrings=sets[MuscleGroup.HAMSTRINGS]
    )
    return "\n\n".join((header, *(_week_day(day) for day in plan.days), WEEK_PLAN_FOOTER))


def _week_day(day: DayPlan) -> str:
    name = WEEKDAY_NAMES[day.weekday]
    if day.recovery is not None:
        return RECOVERY_WEEK_LINE.format(day=name, focus=RECOVERY_LABELS[day.recovery])
    lines = [WORKOUT_WEEK_HEADING.format(day=name)]
    lines += [_exercise_line(n, planned) for n, planned in enumerate(day.exercises, 1)]
    return "\n".join(lines)


def format_day(day: DayPlan, *, title: str | None = None) -> str:
    """One day: a workout with numbered exercises and form cues, or a recovery day's advice."""
    name = WEEKDAY_NAMES[day.weekday]
    if day.recovery is not None:
        focus = RECOVERY_DAY_LINE.format(focus=RECOVERY_LABELS[day.recovery])
        return "\n".join((title or name, focus, RECOVERY_GUIDANCE[day.recovery]))
    lines = [title or WORKOUT_HEADING.format(day=name)]
    for number, planned in enumerate(day.exercises, 1):
        lines.append(_exercise_line(number, planned))
        lines.append("   " + " · ".join(planned.exercise.cues))
    lines.append(WORKOUT_FOOTER)
    return "\n".join(lines)


def _exercise_line(number: int, planned: PlannedExercise) -> str:
    low, high = planned.reps
    return EXERCISE_LINE.format(
        number=number,
        name=planned.exercise.name,
        sets=planned.sets,
        reps=f"{low}-{high}",
        side=PER_SIDE if planned.exercise.per_side else "",
        rest=planned.rest_seconds,
    )


# --- Workout logging --------------------------------------------------------------------------

LOG_EXAMPLES = "For example: “RDL 80kg 3x8” or “3x10 @ 60”."
LOG_REJECTED: dict[RejectionReason, str] = {
    RejectionReason.NOT_A_LOG: "I couldn't read that as a workout log.",
    RejectionReason.PLAN_NOT_LOG: (
        "That looks like a plan rather than what you did — log it after your sets."
    ),
    RejectionReason.NO_REPS: "I couldn't find how many reps you did.",
    RejectionReason.IMPOSSIBLE_REPS: "Reps must be between 1 and 100 per set.",
    RejectionReason.IMPOSSIBLE_SETS: "Sets must be at least 1.",
    RejectionReason.TOO_MANY_SETS: "That's more than 20 sets — please log one exercise at a time.",
    RejectionReason.IMPOSSIBLE_LOAD: "The weight must be more than zero.",
    RejectionReason.TOO_HEAVY: "That weight is above 500 kg / 1100 lb — was it a typo?",
    RejectionReason.IMPOSSIBLE_EFFORT: "RPE goes from 1 to 10 and RIR from 0 to 10.",
    RejectionReason.MISMATCHED_LISTS: "The lists of reps and weights have different lengths.",
    RejectionReason.SEVERAL_EXERCISES: "Please log one exercise per message.",
    RejectionReason.TOO_LONG: "That message is too long to be a log (1,000 characters at most).",
}
LOG_NOT_STORED = "Nothing was saved. {examples}"
NEED_EXERCISE = (
    "Which exercise was that? Name it, like “hip thrust 3x10 @ 60”, or send /today "
    "to start today's session and log numbers only."
)
LOGGED = "✅ {name}: {sets}"
LOGGED_AGAIN = "✅ Already logged — {name}: {sets}"
LAST_TIME = "Last time: {change}"
CHANGE_PARTS = {"reps": "{delta:+d} reps", "load": "{delta:+g} {unit} top weight"}
SAME_AS_LAST_TIME = "same as last time"
RECORD_LINES: dict[RecordKind, str] = {
    RecordKind.E1RM: "🏆 New record: estimated 1RM {value:g} {unit} (was {previous:g})",
    RecordKind.REP_MAX: "🏆 New record: {weight:g} {unit} for {reps} reps (was {previous:g})",
    RecordKind.MOST_REPS: "🏆 New record: {reps} reps in a set (was {previous:g})",
}
NEXT_TIME = "🎯 Next time: {target}"
BUTTON_UNDO = "↩️ Undo"
BUTTON_EDIT = "✏️ Edit"
BUTTON_SKIP_EXERCISE = "Skip ➡️"
BUTTON_FINISH = "Finish ✅"
UNDONE = "↩️ Removed: {line}"
ALREADY_UNDONE = "That log was already removed."
NOTHING_TO_UNDO = "There's nothing to undo."
EDIT_ASK = "Send the corrected numbers for {name} (e.g. 3x8 @ 80), or edit your original message."
UPDATED = "✏️ Updated — {line}"

PROMPT = "{position}/{total} {name} — {plan}"
PROMPT_LAST = "Last time: {sets}"
PROMPT_TARGET = "Aim for: {target}"
PROMPT_HOW = "Reply with what you did, e.g. {example}"
SESSION_COMPLETE = "That's every exercise for today 🎉 Tap Finish or send /done."
NO_MORE_EXERCISES = "That was the last exercise. Tap Finish or send /done."
DELOAD_NOTE = "🪶 You missed a couple of sessions — this week is a lighter one to ease back in."

SUMMARY_TITLE = "Session done, {date} 💪"
SUMMARY_TOTALS = "{exercises} of {planned} planned exercises, {sets} sets."
SUMMARY_RECORDS = "🏆 Records: {count}"
NOTHING_TO_FINISH = "Nothing logged today yet. Reply with what you did, e.g. 3x10 @ 60."

HISTORY_TITLE = "Recent sessions"
HISTORY_TITLE_FOR = "Recent sessions: {name}"
HISTORY_DAY = "{date}"
HISTORY_EMPTY = "No logs yet. During a workout, reply with what you did, e.g. “RDL 80kg 3x8”."

TARGET_REASONS: dict[Reason, str] = {
    Reason.START: "pick a weight that leaves 2 reps in reserve",
    Reason.ADD_LOAD: "add weight 💪",
    Reason.ADD_REPS: "add a rep",
    Reason.HARDER_VARIANT: "time for a harder variant",
    Reason.HARDER_BAND: "use a stronger band",
    Reason.DELOAD: "lighter week",
    Reason.REPEAT: "same again, with a rep in reserve",
}


def format_weight(weight: float, unit: str) -> str:
    return f"{weight:g} {unit}"


def _load(weight: float | None, unit: str | None, bodyweight: bool) -> str:
    if weight is None:
        return " bodyweight" if bodyweight else ""
    load = format_weight(weight, unit or "")
    return f" @ bodyweight + {load}" if bodyweight else f" @ {load}"


def format_sets(
    sets: Sequence[LoggedSet], *, bodyweight: bool = False, per_side: bool = False
) -> str:
    """`3 × 8 @ 80 kg`, `10, 10, 8 @ 50 kg` or `10 @ 60 kg, 8 @ 70 kg`, as compact as it gets."""
    loads = {(s.weight, s.unit) for s in sets}
    if len(loads) == 1:
        weight, unit = next(iter(loads))
        reps = [s.reps for s in sets]
        counted = f"{len(reps)} × {reps[0]}" if len(set(reps)) == 1 else ", ".join(map(str, reps))
        text = counted + _load(weight, unit, bodyweight)
    else:
        text = ", ".join(f"{s.reps}{_load(s.weight, s.unit, bodyweight)}" for s in sets)
    return text + (PER_SIDE if per_side else "")


def format_target(target: Target, units: Units) -> str:
    reps = target.reps
    counted = f"{len(reps)} × {reps[0]}" if len(set(reps)) == 1 else ", ".join(map(str, reps))
    load = f" @ {format_weight(target.weight, units.value)}" if target.weight is not None else ""
    name = ""
    if target.reason is Reason.HARDER_VARIANT and (harder := get_exercise(target.exercise_id)):
        name = f"{harder.name} "
    return f"{name}{counted}{load} ({TARGET_REASONS[target.reason]})"


def _result_sets(result: SessionResult, units: Units) -> str:
    unit = load_unit(units)
    return format_sets([LoggedSet(s.reps, s.weight, unit) for s in result.sets])


def format_prompt(prompt: Prompt, units: Units) -> str:
    planned = prompt.planned
    low, high = planned.reps
    plan = f"{planned.sets} × {low}-{high}" + (PER_SIDE if planned.exercise.per_side else "")
    lines = [
        PROMPT.format(
            position=prompt.position, total=prompt.total, name=planned.exercise.name, plan=plan
        )
    ]
    if prompt.last is not None:
        lines.append(PROMPT_LAST.format(sets=_result_sets(prompt.last, units)))
    lines.append(PROMPT_TARGET.format(target=format_target(prompt.target, units)))
    example = f"{planned.sets}x{prompt.target.reps[0]}"
    if prompt.target.weight is not None:
        example += f" @ {prompt.target.weight:g}"
    lines.append(PROMPT_HOW.format(example=example))
    return "\n".join(lines)


def _change(comparison: Comparison, units: Units) -> str:
    parts = []
    if comparison.top_weight_delta:
        parts.append(CHANGE_PARTS["load"].format(delta=comparison.top_weight_delta, unit=units))
    if comparison.total_reps_delta:
        parts.append(CHANGE_PARTS["reps"].format(delta=comparison.total_reps_delta))
    return ", ".join(parts) or SAME_AS_LAST_TIME


def format_record(record: Record, units: Units) -> str:
    return RECORD_LINES[record.kind].format(
        value=round(record.value, 1),
        previous=round(record.previous, 1),
        reps=record.reps,
        weight=record.weight or 0,
        unit=units.value,
    )


def format_logged(outcome: Logged, units: Units) -> str:
    log = outcome.log
    sets = format_sets(log.sets, bodyweight=log.bodyweight, per_side=log.per_side)
    template = LOGGED_AGAIN if outcome.duplicate else LOGGED
    lines = [template.format(name=log.exercise_name, sets=sets)]
    if outcome.comparison is not None:
        lines.append(LAST_TIME.format(change=_change(outcome.comparison, units)))
    lines += [format_record(record, units) for record in outcome.records]
    if outcome.target is not None:
        lines.append(NEXT_TIME.format(target=format_target(outcome.target, units)))
    return "\n".join(lines)


def format_log_line(log: StoredLog) -> str:
    sets = format_sets(log.sets, bodyweight=log.bodyweight, per_side=log.per_side)
    return f"{log.exercise_name}: {sets}"


def format_summary(summary: SessionSummary) -> str:
    lines = [SUMMARY_TITLE.format(date=summary.local_date.strftime("%a %d %b"))]
    for exercise in summary.exercises:
        for log in exercise.logs:
            lines.append(f"• {format_log_line(log)}")
    sets = sum(len(log.sets) for exercise in summary.exercises for log in exercise.logs)
    lines.append(
        SUMMARY_TOTALS.format(exercises=len(summary.exercises), planned=summary.planned, sets=sets)
    )
    records = sum(len(exercise.records) for exercise in summary.exercises)
    if records:
        lines.append(SUMMARY_RECORDS.format(count=records))
    return "\n".join(lines)


def format_history(
    sessions: Sequence[tuple[WorkoutSession, Sequence[StoredLog]]], name: str | None
) -> str:
    if not sessions:
        return HISTORY_EMPTY
    lines = [HISTORY_TITLE_FOR.format(name=name) if name else HISTORY_TITLE]
    for workout, logs in sessions:
        lines.append("")
        lines.append(HISTORY_DAY.format(date=workout.local_date.strftime("%a %d %b %Y")))
        lines += [f"• {format_log_line(log)}" for log in logs]
    return "\n".join(lines)


# --- Reminders --------------------------------------------------------------------------------

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
    "Did you train yesterday? If so, reply with what you did (e.g. “hip thrust 3x10 @ 60”) "
    "so your progress stays complete."
)
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


def format_workout_reminder(day: DayPlan, targets: Mapping[str, Target], units: Units) -> str:
    lines = [WORKOUT_REMINDER_TITLE]
    for planned in day.exercises:
        low, high = planned.reps
        line = WORKOUT_REMINDER_LINE.format(
            name=planned.exercise.name, sets=planned.sets, low=low, high=high
        )
        target = targets.get(planned.exercise.id)
        if target is not None:
            line += WORKOUT_REMINDER_TARGET.format(target=format_target(target, units))
        lines.append(line)
    lines.append(WORKOUT_REMINDER_FOOTER)
    return "\n".join(lines)


def format_recovery_reminder(focus: RecoveryFocus, *, ask_to_log: bool) -> str:
    parts = [RECOVERY_REMINDER_TITLE, RECOVERY_GUIDANCE[focus]]
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


# --- Your data ----------------------------------------------------------------------------------

DELETE_CONFIRM = (
    "This deletes everything I store about you: your answers, plan, workout logs and "
    "reminders. It can't be undone. Want a copy first? /export sends your history.\n\n"
    "Delete everything?"
)
BUTTON_DELETE_EVERYTHING = "🗑 Yes, delete everything"
BUTTON_KEEP_MY_DATA = "No, keep my data"
DELETED = "Done — everything is deleted and your reminders are off. /start if you come back."
NOT_DELETED = "Nothing was deleted."


# --- Progress ------------------------------------------------------------------------------------

PROGRESS_EMPTY = (
    "No charts yet: log a few sessions first. During a workout, reply with what you did, "
    "like “hip thrust 3x10 @ 60”."
)
PROGRESS_EXERCISE_EMPTY = (
    "I have no logs of “{name}” yet. Check the name, or log it like “{name} 3x10 @ 40”."
)
PROGRESS_CAPTION = "Your progress 📈 /progress EXERCISE shows one lift in detail."
PROGRESS_EXERCISE_CAPTION = "{name}: load, reps and estimated 1RM"

IMBALANCE_LINES: dict[ImbalanceKind, str] = {
    ImbalanceKind.HAMSTRINGS_LAG: "Your hamstrings got under two-thirds of your glute sets "
    "two weeks running.",
    ImbalanceKind.GLUTES_LAG: "Your glutes got under two-thirds of your hamstring sets "
    "two weeks running.",
    ImbalanceKind.NO_HIP_HINGE: "No hip hinge (RDLs, good mornings) for two weeks.",
    ImbalanceKind.NO_KNEE_FLEXION: "No hamstring curls for two weeks — they protect your knees.",
    ImbalanceKind.NO_BRIDGE_THRUST: "No bridges or hip thrusts for two weeks.",
    ImbalanceKind.NO_SQUAT_LUNGE: "No squats or lunges for two weeks.",
}
IMBALANCE_SUGGESTION = "Try adding {name}."

STATS_EMPTY = "No stats yet: log your first session and they'll appear here."
STATS = (
    "📊 Your stats\n"
    "Sessions this week: {week}\n"
    "Sessions this month: {month}\n"
    "Streak of planned sessions done: {streak}\n"
    "Total: {sets} sets, {volume} {unit} lifted"
)
STATS_RECORDS_TITLE = "Latest records:"
STATS_RECORD_LINE = "• {date} {name}: {record}"

WEEKLY_TITLE = "📈 Your week: {done} of {planned} planned sessions done."
WEEKLY_RECORDS = "🏆 Records this week: {records}"
WEEKLY_FOCUS = "Next week's focus: {name}."
WEEKLY_KEEP_GOING = "Next week: keep the same plan and add a rep or a little weight where you can."


def format_imbalances(imbalances: Sequence[Imbalance]) -> list[str]:
    lines, suggested = [], set()
    for imbalance in imbalances:
        line = IMBALANCE_LINES[imbalance.kind]
        suggestion = imbalance.suggestion
        if suggestion is not None and suggestion.id not in suggested:
            suggested.add(suggestion.id)
            line += " " + IMBALANCE_SUGGESTION.format(name=suggestion.name)
        lines.append(line)
    return lines


def _record_text(record: Record, units: Units) -> str:
    return format_record(record, units).removeprefix("🏆 New record: ")


def format_stats(stats: Stats, units: Units) -> str:
    if stats.total_sets == 0:
        return STATS_EMPTY
    lines = [
        STATS.format(
            week=stats.sessions_this_week,
            month=stats.sessions_this_month,
            streak=stats.streak,
            sets=stats.total_sets,
            volume=f"{stats.total_volume:,.0f}",
            unit=units.value,
        )
    ]
    if stats.latest_records:
        lines.append(STATS_RECORDS_TITLE)
        lines += [
            STATS_RECORD_LINE.format(
                date=dated.performed_on.strftime("%d %b"),
                name=dated.exercise_name,
                record=_record_text(dated.record, units),
            )
            for dated in stats.latest_records
        ]
    return "\n".join(lines)


def format_weekly_summary(summary: WeeklySummary, units: Units) -> str:
    lines = [WEEKLY_TITLE.format(done=summary.sessions_done, planned=summary.sessions_planned)]
    if summary.records:
        records = ", ".join(
            f"{dated.exercise_name} {_record_text(dated.record, units)}"
            for dated in summary.records
        )
        lines.append(WEEKLY_RECORDS.format(records=records))
    lines += format_imbalances(summary.imbalances)
    if summary.focus is not None:
        lines.append(WEEKLY_FOCUS.format(name=summary.focus.name))
    else:
        lines.append(WEEKLY_KEEP_GOING)
    return "\n".join(lines)


# --- Export and import ---------------------------------------------------------------------------

EXPORT_CAPTION = (
    "Your whole history, one row per set, in Strong's CSV format (weights in {unit}). "
    "/export json sends your whole account."
)
EXPORT_JSON_CAPTION = "Your whole account: profile, plan, logs and reminder settings."
EXPORT_EMPTY = "There's nothing to export yet: your history is empty."
IMPORT_ASK = (
    "Send me a CSV file exported from Strong or Hevy (as a file, up to 10 MB) and I'll add "
    "its workouts to your history. Importing the same file twice adds nothing."
)
IMPORT_NOT_CSV = (
    "That file isn't a CSV. Export your workouts from Strong or Hevy as CSV and send that."
)
IMPORT_TOO_BIG = "That file is over 10 MB, too big to import. Nothing was imported."
IMPORT_DONE = "✅ Imported {sessions} sessions and {sets} sets ({format})."
IMPORT_NOTHING_NEW = "Everything in that file was imported before — nothing new to add."
IMPORT_ALREADY = "{count} exercises were already imported and were skipped."
IMPORT_UNMATCHED = "Kept as your own exercises (no match in my catalogue): {names}"
IMPORT_FAILED = "I couldn't import that file: {problem}{where}. Nothing was imported."
IMPORT_WHERE_LINE = " (line {line}{column})"
IMPORT_WHERE_COLUMN = ", column “{column}”"
IMPORT_FORMATS: dict[ImportFormat, str] = {
    ImportFormat.STRONG: "Strong",
    ImportFormat.STRONG_WITH_UNITS: "Strong",
    ImportFormat.STRONG_SEMICOLON: "Strong for Android",
    ImportFormat.HEVY_KG: "Hevy",
    ImportFormat.HEVY_LB: "Hevy",
}
IMPORT_PROBLEMS: dict[ImportProblem, str] = {
    ImportProblem.TOO_LARGE: "it is over 10 MB",
    ImportProblem.EMPTY: "it is empty",
    ImportProblem.NOT_UTF8: "it isn't a text (UTF-8) file",
    ImportProblem.UNKNOWN_FORMAT: "I don't recognise its columns as a Strong or Hevy export",
    ImportProblem.BAD_CSV: "it isn't valid CSV",
    ImportProblem.WRONG_COLUMN_COUNT: "a row has the wrong number of columns",
    ImportProblem.BAD_DATE: "a date I can't read",
    ImportProblem.NOT_A_NUMBER: "a number I can't read",
    ImportProblem.IMPOSSIBLE_REPS: "an impossible number of reps",
    ImportProblem.IMPOSSIBLE_LOAD: "an impossible weight",
    ImportProblem.IMPOSSIBLE_EFFORT: "an RPE outside 1–10",
    ImportProblem.UNKNOWN_UNIT: "a weight unit I don't know",
    ImportProblem.NO_EXERCISE_NAME: "a row without an exercise name",
    ImportProblem.NAME_TOO_LONG: "an exercise name that is too long",
}


def format_import_failure(failure: ImportFailure) -> str:
    where = ""
    if failure.line is not None:
        column = IMPORT_WHERE_COLUMN.format(column=failure.column) if failure.column else ""
        where = IMPORT_WHERE_LINE.format(line=failure.line, column=column)
    return IMPORT_FAILED.format(problem=IMPORT_PROBLEMS[failure.reason], where=where)


def format_import_done(imported: Imported) -> str:
    counts, result = imported.counts, imported.result
    if counts.exercises == 0:
        return IMPORT_NOTHING_NEW
    lines = [
        IMPORT_DONE.format(
            sessions=counts.sessions, sets=counts.sets, format=IMPORT_FORMATS[result.format]
        )
    ]
    if counts.already_imported:
        lines.append(IMPORT_ALREADY.format(count=counts.already_imported))
    if result.unmatched_names:
        lines.append(IMPORT_UNMATCHED.format(names=", ".join(result.unmatched_names[:20])))
    return "\n".join(lines)


# --- Admin ---------------------------------------------------------------------------------------

ADMIN_USAGE = "Admin commands: /admin stats"
ADMIN_STATS = (
    "📊 Coach stats\n"
    "People: {users}\n"
    "Active in the last 7 days: {active_this_week}\n"
    "Reminders sent in the last 24 h: {reminders_sent_today}\n"
    "Logs in the last 24 h: {logs_today}\n"
    "Errors since start: {errors}"
)
