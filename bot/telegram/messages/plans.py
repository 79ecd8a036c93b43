"""The weekly plan, a day's session, recovery days and /swap."""

from __future__ import annotations

from bot.core.catalogue import MuscleGroup, Pattern
from bot.core.planner import DayPlan, PlannedExercise, RecoveryFocus, WeekPlan
from bot.core.profile import Weekday
from bot.telegram.i18n import tr
from bot.telegram.messages.exercises import exercise_cues, exercise_name

# --- Plans (weekly plan and recovery-day wording) ---


def weekday_names() -> dict[Weekday, str]:
    return {
        Weekday.MON: tr("plans.weekday_names.mon"),
        Weekday.TUE: tr("plans.weekday_names.tue"),
        Weekday.WED: tr("plans.weekday_names.wed"),
        Weekday.THU: tr("plans.weekday_names.thu"),
        Weekday.FRI: tr("plans.weekday_names.fri"),
        Weekday.SAT: tr("plans.weekday_names.sat"),
        Weekday.SUN: tr("plans.weekday_names.sun"),
    }


# The planner gives mobility the day after a session and full rest the day before one,
# and the texts below say so.
def recovery_labels() -> dict[RecoveryFocus, str]:
    return {
        RecoveryFocus.WALK: tr("plans.recovery_labels.walk"),
        RecoveryFocus.MOBILITY: tr("plans.recovery_labels.mobility"),
        RecoveryFocus.FULL_REST: tr("plans.recovery_labels.full_rest"),
    }


def recovery_guidance() -> dict[RecoveryFocus, str]:
    return {
        RecoveryFocus.WALK: tr("plans.recovery_guidance.walk"),
        RecoveryFocus.MOBILITY: tr("plans.recovery_guidance.mobility"),
        RecoveryFocus.FULL_REST: tr("plans.recovery_guidance.full_rest"),
    }


def format_week_plan(plan: WeekPlan) -> str:
    """The whole week at a glance; form cues are left to the day view to keep it short."""
    sets = plan.weekly_sets()
    header = tr(
        "plans.week_plan_header",
        glutes=sets[MuscleGroup.GLUTES],
        hamstrings=sets[MuscleGroup.HAMSTRINGS],
    )
    return "\n\n".join(
        (header, *(_week_day(day) for day in plan.days), tr("plans.week_plan_footer"))
    )


def _week_day(day: DayPlan) -> str:
    name = weekday_names()[day.weekday]
    if day.recovery is not None:
        return tr("plans.recovery_week_line", day=name, focus=recovery_labels()[day.recovery])
    lines = [tr("plans.workout_week_heading", day=name)]
    lines += [_exercise_line(n, planned) for n, planned in enumerate(day.exercises, 1)]
    return "\n".join(lines)


def recovery_advice(focus: RecoveryFocus, *, trained_yesterday: bool) -> str:
    """A rest day's advice; soreness is mentioned only after a workout the day before."""
    advice = recovery_guidance()[focus]
    return f"{advice} {tr('plans.soreness_note')}" if trained_yesterday else advice


def format_day(day: DayPlan, *, title: str | None = None, trained_yesterday: bool = False) -> str:
    """One day: a workout with numbered exercises and form cues, or a recovery day's advice
    (`trained_yesterday`: a workout was logged the day before)."""
    name = weekday_names()[day.weekday]
    if day.recovery is not None:
        focus = tr("plans.recovery_day_line", focus=recovery_labels()[day.recovery])
        advice = recovery_advice(day.recovery, trained_yesterday=trained_yesterday)
        return "\n".join((title or name, focus, advice))
    lines = [title or tr("plans.workout_heading", day=name)]
    for number, planned in enumerate(day.exercises, 1):
        lines.append(_exercise_line(number, planned))
        lines.append("   " + " · ".join(exercise_cues(planned.exercise)))
    lines.append(tr("plans.workout_footer"))
    return "\n".join(lines)


def _exercise_line(number: int, planned: PlannedExercise) -> str:
    low, high = planned.reps
    return tr(
        "plans.exercise_line",
        number=number,
        name=exercise_name(planned.exercise.id),
        sets=planned.sets,
        reps=f"{low}-{high}",
        side=tr("plans.per_side") if planned.exercise.per_side else "",
        rest=planned.rest_seconds,
    )


def pattern_name(pattern: Pattern) -> str:
    """A kind of exercise (hinge, squat, …), as the swap menu names it."""
    return tr(f"plans.pattern.{pattern.value}")
