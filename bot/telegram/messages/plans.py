"""The weekly plan, a day's session, recovery days and /swap."""

from __future__ import annotations

from bot.core.catalogue import MuscleGroup
from bot.core.planner import DayPlan, PlannedExercise, RecoveryFocus, WeekPlan
from bot.core.profile import Weekday

TODAY_TITLE = "Today, {weekday}"
SWAP_PICK_EXERCISE = "Which exercise do you want to swap?"
SWAP_PICK_SUBSTITUTE = "Swap {name} for:"
SWAP_NO_SUBSTITUTE = (
    "I have no other {pattern} exercise for your equipment. /settings lets you add equipment."
)
SWAP_RECOVERY_DAY = "Today is a recovery day, so there's nothing to swap. /plan shows the week."
SWAP_DONE = "Swapped: {old} → {new}. Your plan is updated."
SWAP_STALE = "That exercise is no longer in today's session. Send /swap again."
SWAP_NOT_OFFERED = "{new} can't replace {old} in your plan. Send /swap to see what can."


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
SORENESS_NOTE = "Some soreness after yesterday's workout is normal; keep it easy."
RECOVERY_GUIDANCE: dict[RecoveryFocus, str] = {
    RecoveryFocus.WALK: (
        "🚶 Take an easy 20–40 minute walk at a chatty pace. "
        "Moving gently helps tired legs recover faster than sitting all day."
    ),
    RecoveryFocus.MOBILITY: (
        "🧘 10–15 minutes of gentle mobility: hip flexor stretch, pigeon pose, "
        "hamstring stretch and a few unweighted glute bridges."
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


def recovery_advice(focus: RecoveryFocus, *, trained_yesterday: bool) -> str:
    """A rest day's advice; soreness is mentioned only after a workout the day before."""
    advice = RECOVERY_GUIDANCE[focus]
    return f"{advice} {SORENESS_NOTE}" if trained_yesterday else advice


def format_day(day: DayPlan, *, title: str | None = None, trained_yesterday: bool = False) -> str:
    """One day: a workout with numbered exercises and form cues, or a recovery day's advice
    (`trained_yesterday`: a workout was logged the day before)."""
    name = WEEKDAY_NAMES[day.weekday]
    if day.recovery is not None:
        focus = RECOVERY_DAY_LINE.format(focus=RECOVERY_LABELS[day.recovery])
        advice = recovery_advice(day.recovery, trained_yesterday=trained_yesterday)
        return "\n".join((title or name, focus, advice))
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
