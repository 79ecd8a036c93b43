"""Logging a workout: confirmations, targets, records, prompts, summaries, history."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from bot.core.assessment import Logged, Prompt, SessionSummary, SetsToGo
from bot.core.catalogue import get_exercise
from bot.core.loading import shown_load
from bot.core.logparse.in_context import note_of
from bot.core.logparse.reading import LoggedSet, LogReading, Rejection, RejectionReason
from bot.core.message_length import MAX_MESSAGE_CHARS, cut_to_fit, message_length
from bot.core.prescription import ExercisePrescription
from bot.core.profile import Units
from bot.core.progression import Reason, Target
from bot.core.records import Comparison, Record, RecordKind, SessionResult
from bot.core.rest import Rest
from bot.core.workout import load_unit
from bot.core.workout_log import StoredLog, WorkoutSession
from bot.telegram.i18n import tr, tr_count
from bot.telegram.messages.exercises import exercise_name, logged_name
from bot.telegram.messages.formats import format_date, format_load, unit_word
from bot.telegram.messages.programme import (
    format_prescribed_target,
    format_warmup,
    format_why,
)


def log_rejected() -> dict[RejectionReason, str]:
    return {
        RejectionReason.NOT_A_LOG: tr("workouts.log_rejected.not_a_log"),
        RejectionReason.PLAN_NOT_LOG: tr("workouts.log_rejected.plan_not_log"),
        RejectionReason.NO_REPS: tr("workouts.log_rejected.no_reps"),
        RejectionReason.IMPOSSIBLE_REPS: tr("workouts.log_rejected.impossible_reps"),
        RejectionReason.IMPOSSIBLE_SETS: tr("workouts.log_rejected.impossible_sets"),
        RejectionReason.TOO_MANY_SETS: tr("workouts.log_rejected.too_many_sets"),
        RejectionReason.IMPOSSIBLE_LOAD: tr("workouts.log_rejected.impossible_load"),
        RejectionReason.TOO_HEAVY: tr("workouts.log_rejected.too_heavy"),
        RejectionReason.IMPOSSIBLE_EFFORT: tr("workouts.log_rejected.impossible_effort"),
        RejectionReason.MISMATCHED_LISTS: tr("workouts.log_rejected.mismatched_lists"),
        RejectionReason.SEVERAL_EXERCISES: tr("workouts.log_rejected.several_exercises"),
        RejectionReason.TOO_LONG: tr("workouts.log_rejected.too_long"),
        RejectionReason.IMPOSSIBLE_PERCENT: tr("workouts.log_rejected.impossible_percent"),
        RejectionReason.PERCENT_WITHOUT_EXERCISE: tr(
            "workouts.log_rejected.percent_without_exercise"
        ),
        RejectionReason.NO_ESTIMATE: tr("workouts.log_rejected.no_estimate"),
    }


# Keys rather than texts: a record's numbers are filled in by `tr`, in the person's language.
RECORD_LINES: dict[RecordKind, str] = {
    RecordKind.E1RM: "workouts.record_lines.e1rm",
    RecordKind.REP_MAX: "workouts.record_lines.rep_max",
    RecordKind.REPS_AT_LOAD: "workouts.record_lines.reps_at_load",
    RecordKind.HEAVIEST: "workouts.record_lines.heaviest",
    RecordKind.MOST_REPS: "workouts.record_lines.most_reps",
}


# One imported exercise can hold thousands of sets: its line is cut at this length.
HISTORY_LINE_CHARS = 500


def target_reasons() -> dict[Reason, str]:
    return {
        Reason.ADD_LOAD: tr("workouts.target_reasons.add_load"),
        Reason.ADD_REPS: tr("workouts.target_reasons.add_reps"),
        Reason.REPEAT: tr("workouts.target_reasons.repeat"),
    }


def format_short_date(day: date) -> str:
    return format_date(day, "formats.date_log")


def _with_load(done: str | int, weight: float | None, unit: str | None, bodyweight: bool) -> str:
    """`done` ("3 × 8", or one set's reps) with what it was lifted with: "3 × 8 @ 80 kg",
    "8 bodyweight", "8 @ bodyweight + 10 kg"."""
    if weight is None:
        return tr("formats.sets_bodyweight", sets=done) if bodyweight else str(done)
    load = format_load(weight, unit or "")
    key = "formats.sets_at_bodyweight_plus" if bodyweight else "formats.sets_at_load"
    return tr(key, sets=done, load=load)


def format_sets(
    sets: Sequence[LoggedSet], *, bodyweight: bool = False, per_side: bool = False
) -> str:
    """`3 × 8 @ 80 kg`, `10, 10, 8 @ 50 kg` or `10 @ 60 kg, 8 @ 70 kg`, as compact as it gets."""
    loads = {(s.weight, s.unit) for s in sets}
    if len(loads) == 1:
        weight, unit = next(iter(loads))
        reps = [s.reps for s in sets]
        counted = f"{len(reps)} × {reps[0]}" if len(set(reps)) == 1 else ", ".join(map(str, reps))
        text = _with_load(counted, weight, unit, bodyweight)
    else:
        text = ", ".join(_with_load(s.reps, s.weight, s.unit, bodyweight) for s in sets)
    return text + (tr("plans.per_side") if per_side else "")


def format_details(
    sets: Sequence[LoggedSet],
    *,
    bodyweight: bool,
    per_side: bool,
    rpe: float | None,
    rir: int | None,
) -> str:
    """Everything read of a log but its note: `3 × 12 @ 10 kg, each leg, RPE 8`."""
    parts = [format_sets(sets, bodyweight=bodyweight, per_side=per_side)]
    if rpe is not None:
        parts.append(tr("workouts.effort_rpe", rpe=rpe))
    if rir is not None:
        parts.append(tr("workouts.effort_rir", rir=rir))
    return ", ".join(parts)


def format_reading(reading: LogReading) -> str:
    """A reading offered on a button: what would be stored, and whether the load is that of
    each of a pair of dumbbells (which tells it from the reading of "2x24" as sets)."""
    details = format_details(
        reading.sets,
        bodyweight=reading.bodyweight,
        per_side=reading.per_side,
        rpe=reading.rpe,
        rir=reading.rir,
    )
    return tr("parser.pair_reading", details=details) if reading.pair else details


def _log_details(log: StoredLog) -> str:
    return format_details(
        log.sets, bodyweight=log.bodyweight, per_side=log.per_side, rpe=log.rpe, rir=log.rir
    )


def format_target(target: Target, units: Units) -> str:
    reps = target.reps
    counted = f"{len(reps)} × {reps[0]}" if len(set(reps)) == 1 else ", ".join(map(str, reps))
    load = (
        tr("programme.load", load=format_load(target.weight, units))
        if target.weight is not None
        else ""
    )
    return f"{counted}{load} ({target_reasons()[target.reason]})"


def _result_sets(result: SessionResult, units: Units) -> str:
    unit = load_unit(units)
    return format_sets([LoggedSet(s.reps, s.weight, unit) for s in result.sets])


def format_prompt(prompt: Prompt, units: Units) -> str:
    prescription = prompt.prescription
    planned = prescription.planned
    low, high = planned.reps
    plan = f"{planned.sets} × {low}-{high}" + (
        tr("plans.per_side") if planned.exercise.per_side else ""
    )
    lines = [
        tr(
            "workouts.prompt",
            position=prompt.position,
            total=prompt.total,
            name=exercise_name(planned.exercise.id),
            plan=plan,
        )
    ]
    if prompt.last is not None:
        lines.append(tr("workouts.prompt_last", sets=_result_sets(prompt.last, units)))
    if prescription.warmup:
        lines.append(format_warmup(prescription.warmup, units).strip())
    target = format_prescribed_target(prescription, units)
    lines.append(tr("workouts.prompt_target", target=f"{target} — {format_why(prescription)}"))
    example = f"{planned.sets}x{prescription.reps[0]}"
    if prescription.load is not None:
        example += f" @ {prescription.load:g}"
    lines.append(tr("workouts.prompt_how", example=example))
    return "\n".join(lines)


def format_next_session(prescription: ExercisePrescription, units: Units) -> str:
    name = f"{exercise_name(prescription.planned.exercise.id)} " if prescription.replaces else ""
    target = format_prescribed_target(prescription, units)
    return f"{name}{target} — {format_why(prescription)}"


def _change(comparison: Comparison, units: Units) -> str:
    parts = []
    if comparison.top_weight_delta:
        parts.append(
            tr(
                "workouts.change_parts.load",
                delta=comparison.top_weight_delta,
                unit=unit_word(units),
            )
        )
    if comparison.total_reps_delta:
        parts.append(tr("workouts.change_parts.reps", delta=comparison.total_reps_delta))
    return ", ".join(parts) or tr("workouts.same_as_last_time")


def format_record(record: Record, units: Units) -> str:
    return tr(
        RECORD_LINES[record.kind],
        value=round(record.value, 1),
        previous=round(record.previous, 1),
        reps=record.reps,
        weight=record.weight or 0,
        unit=unit_word(units),
    )


def format_rejection(rejection: Rejection) -> str:
    """Why a message was not stored: for a percentage with no estimate, of which exercise."""
    exercise = get_exercise(rejection.exercise_id) if rejection.exercise_id else None
    if rejection.reason is RejectionReason.NO_ESTIMATE and exercise is not None:
        return tr("workouts.no_estimate", name=exercise_name(exercise.id))
    reason = log_rejected()[rejection.reason]
    return f"{reason} {tr('workouts.log_not_stored', examples=tr('workouts.log_examples'))}"


def format_logged(outcome: Logged, units: Units, today: date | None = None) -> str:
    """What was stored, and what it means; a log of a day before `today` says which."""
    log = outcome.log
    template = tr("workouts.logged_again") if outcome.duplicate else tr("workouts.logged")
    lines = [template.format(name=logged_name(log), sets=_log_details(log))]
    if (of := outcome.of_estimate) is not None:
        estimate = format_load(shown_load(of.estimate, units), units)
        lines[0] += tr("workouts.of_estimate", percent=of.percent, estimate=estimate)
    if today is not None and log.local_date != today:
        lines.append(tr("workouts.logged_on", date=format_short_date(log.local_date)))
    if note := note_of(log.raw_text):
        lines.append(tr("workouts.note", note=note))
    if outcome.comparison is not None:
        lines.append(tr("workouts.last_time", change=_change(outcome.comparison, units)))
    lines += [format_record(record, units) for record in outcome.records]
    if isinstance(outcome.following, SetsToGo):
        # Next time waits for the last set: after one set of three, "every set reached 12"
        # would judge the exercise on a third of it.
        lines.append(
            tr(
                "workouts.sets_to_go",
                done=outcome.following.done,
                planned=outcome.following.planned,
            )
        )
    elif isinstance(outcome.target, Target):
        lines.append(tr("workouts.next_time", target=format_target(outcome.target, units)))
    elif outcome.target is not None:
        lines.append(tr("workouts.next_time", target=format_next_session(outcome.target, units)))
    return "\n".join(lines)


def format_log_line(log: StoredLog) -> str:
    note = f" ({remark})" if (remark := note_of(log.raw_text)) else ""
    return f"{logged_name(log)}: {_log_details(log)}{note}"


def _summary_totals(summary: SessionSummary, sets: int) -> str:
    if not summary.planned:
        return tr("workouts.summary_extra_workout", exercises=len(summary.exercises), sets=sets)
    totals = tr_count(
        "workouts.summary_totals", sets, done=summary.planned_done, planned=len(summary.planned)
    )
    if summary.extra:
        names = ", ".join(logged_name(exercise.logs[0]) for exercise in summary.extra)
        totals += " " + tr("workouts.summary_extra", extra=len(summary.extra), names=names)
    return totals


def _exercise_lines(logs: Sequence[StoredLog]) -> list[str]:
    """An exercise's logs of a session: one line for sets logged one by one ("12, 12, 10 @
    60 kg") when they share a load; a line each when they do not (another load, bodyweight
    and loaded, or an effort said for more than the last)."""
    if len(logs) > 1 and _one_way(logs):
        last = logs[-1]
        sets = [logged for log in logs for logged in log.sets]
        details = format_details(
            sets, bodyweight=last.bodyweight, per_side=last.per_side, rpe=last.rpe, rir=last.rir
        )
        notes = "; ".join(note for log in logs if (note := note_of(log.raw_text)))
        return [f"{logged_name(last)}: {details}" + (f" ({notes})" if notes else "")]
    return [format_log_line(log) for log in logs]


def _one_way(logs: Sequence[StoredLog]) -> bool:
    kinds = {(log.bodyweight, log.per_side, s.weight, s.unit) for log in logs for s in log.sets}
    efforts = [log for log in logs[:-1] if log.rpe is not None or log.rir is not None]
    return len(kinds) == 1 and not efforts


def format_summary(summary: SessionSummary) -> str:
    lines = [tr("workouts.summary_title", date=format_short_date(summary.local_date))]
    for exercise in summary.exercises:
        lines += [f"• {line}" for line in _exercise_lines(exercise.logs)]
    sets = sum(len(log.sets) for exercise in summary.exercises for log in exercise.logs)
    lines.append(_summary_totals(summary, sets))
    records = sum(len(exercise.records) for exercise in summary.exercises)
    if records:
        lines.append(tr("workouts.summary_records", count=records))
    return "\n".join(lines)


def format_history(
    sessions: Sequence[tuple[WorkoutSession, Sequence[StoredLog]]], name: str | None
) -> str:
    """The sessions, newest first, each with its logs in the order logged: as many of the
    newest logs as fit in one message, and how many sets did not."""
    if not sessions:
        return tr("workouts.history_empty")
    title = tr("workouts.history_title_for", name=name) if name else tr("workouts.history_title")
    hidden = sum(len(log.sets) for _, logs in sessions for log in logs)
    room = MAX_MESSAGE_CHARS - message_length(
        title + "\n\n" + tr("workouts.history_more", count=hidden)
    )
    days: list[list[str]] = []
    for workout, logs in sessions:
        day = tr(
            "workouts.history_day", date=format_date(workout.local_date, "formats.date_history")
        )
        lines: list[str] = []
        for log in reversed(logs):
            line = "• " + cut_to_fit(format_log_line(log), HISTORY_LINE_CHARS)
            # A line costs its line break; the first of a day also the day's blank line.
            cost = 1 + message_length(line) + (0 if lines else 2 + message_length(day))
            if cost > room:
                break
            room -= cost
            hidden -= len(log.sets)
            lines.append(line)
        if lines:
            days.append([day, *reversed(lines)])
        if len(lines) < len(logs):
            break
    body = [title]
    for shown in days:
        body += ["", *shown]
    if hidden:
        body += ["", tr("workouts.history_more", count=hidden)]
    return "\n".join(body)


def format_rest(rest: Rest, left: timedelta, units: Units) -> str:
    """The rest left and the next set: "⏱ Rest 2:30 — next: set 2 of 3, RDL 8 @ 80 kg", or
    before the next exercise "⏱ Rest 2:30 — next: Hip Thrust 10 @ 60 kg"."""
    seconds = math.ceil(left.total_seconds())
    text = tr("workouts.rest_before_next_exercise") if rest.moves_on else tr("workouts.rest")
    return text.format(
        left=f"{seconds // 60}:{seconds % 60:02d}",
        number=rest.number,
        sets=rest.sets,
        set=_next_set(rest, units),
    )


def format_rest_over(rest: Rest, units: Units) -> str:
    text = tr("workouts.rest_over_next_exercise") if rest.moves_on else tr("workouts.rest_over")
    return text.format(number=rest.number, sets=rest.sets, set=_next_set(rest, units))


def _next_set(rest: Rest, units: Units) -> str:
    """The exercise and the next set's target: "Romanian Deadlift 8 @ 80 kg"."""
    prescription = rest.prescription
    exercise = prescription.planned.exercise
    name = exercise_name(exercise.id)
    side = tr("plans.per_side") if exercise.per_side else ""
    if prescription.load is None:  # bodyweight, or a weight the person finds today
        return tr("workouts.rest_set_reps", name=name, reps=rest.reps, side=side)
    load = tr("programme.load", load=format_load(prescription.load, units))
    return f"{name} {rest.reps}{side}{load}"
