"""Every piece of text a person reads, in one place so wording and translations are easy.

All texts are plain text: the bot sends them with no parse mode, so nothing a person typed
(or a name) can break the formatting.
"""

from __future__ import annotations

from datetime import time

from bot.core.catalogue import MuscleGroup
from bot.core.planner import DayPlan, PlannedExercise, RecoveryFocus, WeekPlan
from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Units, Weekday

# --- Commands -------------------------------------------------------------------------------

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Set up your training plan"),
    ("plan", "Your week of training"),
    ("today", "Today's session or recovery advice"),
    ("swap", "Swap an exercise of today's session"),
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
    "/settings – change any answer; the plan is rebuilt\n"
    "/cancel – stop the current question\n"
    "/help – this list"
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
