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
from bot.telegram.messages.plans import PER_SIDE
from bot.telegram.messages.programme import (
    LOAD,
    format_load,
    format_prescribed_target,
    format_warmup,
    format_why,
)

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
    RejectionReason.IMPOSSIBLE_PERCENT: "A percentage of your 1RM goes above 0 and up to 100%.",
    RejectionReason.PERCENT_WITHOUT_EXERCISE: (
        "A percentage of which exercise's 1RM? Name it, like “RDL 5x5 @ 80%”."
    ),
    RejectionReason.NO_ESTIMATE: (
        "I don't have a 1RM estimate for that exercise yet — please send the weight instead."
    ),
}
NO_ESTIMATE = (
    "I don't have a 1RM estimate for {name} yet, so I can't turn a percentage into a weight — "
    "nothing was saved. Please send it again with the weight, like “5x5 @ 80kg”: once you've "
    "logged a few weighted sets, percentages will work too."
)
OF_ESTIMATE = " ({percent:g}% of your {estimate} estimate)"
LOG_NOT_STORED = "Nothing was saved. {examples}"
NEED_EXERCISE = (
    "Which exercise was that? Name it, like “hip thrust 3x10 @ 60”, or send /today "
    "to start today's session and log numbers only."
)
CHOOSE_READING = (
    "I can read that two ways — which did you do? Nothing is saved until you tap one, and "
    "I'll remember your answer for {name}."
)
CHOOSE_EXERCISE = (
    "I don't know “{typed}” — which exercise was it? Nothing is saved until you tap one."
)
BUTTON_KEEP_NAME = "Keep “{typed}” as my own exercise"
ANSWER_EXPIRED = "That question has expired — please send your log again."
SETS_TO_GO = "{done} of {planned} planned sets done: send the next, or tap Next ➡️ to move on."
BUTTON_NEXT = "Next ➡️"
BUTTON_REST_TIMER = "⏱ Rest timer"
BUTTON_REST_TIMER_OFF = "🔕 Timer off"
REST = "⏱ Rest {left} — next: set {number} of {sets}, {set}"
REST_OVER = "🔔 Time for set {number} of {sets}: {set}"
REST_BEFORE_NEXT_EXERCISE = "⏱ Rest {left} — next: {set}"
REST_OVER_NEXT_EXERCISE = "🔔 Time for {set}"
REST_SET_REPS = "{name} {reps} reps{side}"
REST_TIMER_OFF = "🔕 Rest timer off. Tap ⏱ Rest timer on a logged set to turn it back on."
REST_TIMER_ON_NO_REST = (
    "⏱ Rest timer on from your next set. There's no rest to time after this one any more: "
    "a later set, /done or another day came since."
)
REST_ALREADY_RUNNING = "⏱ The rest timer is already running for this set."
_REST_TIMER_UNDO_OFF = "To stop it, say “timer off” or tap 🔕 Timer off under a rest."
_REST_TIMER_UNDO_ON = "To turn it on, say “rest timer on” or tap ⏱ Rest timer under a logged set."
REST_TIMER_SAID_ON = (
    "⏱ Rest timer on: from your next set, I'll tell you your rest and ping you once when it's "
    f"over. {_REST_TIMER_UNDO_OFF}"
)
REST_TIMER_ALREADY_ON = f"⏱ The rest timer is already on. {_REST_TIMER_UNDO_OFF}"
REST_TIMER_SAID_OFF = f"🔕 Rest timer off: no more rests timed or pinged. {_REST_TIMER_UNDO_ON}"
REST_TIMER_ALREADY_OFF = f"🔕 The rest timer is already off. {_REST_TIMER_UNDO_ON}"
EFFORT_RPE = "RPE {rpe:g}"
EFFORT_RIR = "{rir} RIR"
NOTE = "📝 {note}"
LOGGED = "✅ {name}: {sets}"
LOGGED_AGAIN = "✅ Already logged — {name}: {sets}"
LOGGED_ON = "📅 Logged for {date}"
LAST_TIME = "Last time: {change}"
CHANGE_PARTS = {"reps": "{delta:+d} reps", "load": "{delta:+g} {unit} top weight"}
SAME_AS_LAST_TIME = "same as last time"
RECORD_LINES: dict[RecordKind, str] = {
    RecordKind.E1RM: "🏆 New record: estimated 1RM {value:g} {unit} (was {previous:g})",
    RecordKind.REP_MAX: "🏆 New record: {weight:g} {unit} for {reps} reps (was {previous:g})",
    RecordKind.REPS_AT_LOAD: "🏆 New record: {reps} reps at {weight:g} {unit} (was {previous:g})",
    RecordKind.HEAVIEST: "🏆 New record: heaviest yet, {weight:g} {unit} (was {previous:g})",
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
LOGGING_EARLIER_DAY = (
    "📅 Logging {date}: send what you did, one exercise per message (e.g. "
    "“hip thrust 3x10 @ 60”, then numbers alone like “12 @ 60” for more sets). "
    "/done when you're finished, or /today to go back to today."
)
EARLIER_DAY_TOO_OLD = (
    "That day is too long ago for this button: start your log with its day, like “mon: 3x10”."
)
EARLIER_DAY_DONE = "📅 Done logging {date} ✅ Your next logs are for today."
SESSION_COMPLETE = "That's every exercise for today 🎉 Tap Finish or send /done."
NO_MORE_EXERCISES = "That was the last exercise. Tap Finish or send /done."

SUMMARY_TITLE = "Session done, {date} 💪"
SUMMARY_TOTALS = "{done} of {planned} planned exercises, {sets} sets."
SUMMARY_EXTRA = "Plus {extra} extra: {names}."
SUMMARY_EXTRA_WORKOUT = "An extra workout on a rest day. Exercises: {exercises}, sets: {sets}."
SUMMARY_RECORDS = "🏆 Records: {count}"
NOTHING_TO_FINISH = "Nothing logged today yet. Reply with what you did, e.g. 3x10 @ 60."

HISTORY_TITLE = "Recent sessions"
HISTORY_TITLE_FOR = "Recent sessions: {name}"
HISTORY_DAY = "{date}"
HISTORY_EMPTY = "No logs yet. During a workout, reply with what you did, e.g. “RDL 80kg 3x8”."
HISTORY_MORE = "… and {count:,} earlier sets: /export for everything"
# One imported exercise can hold thousands of sets: its line is cut at this length.
HISTORY_LINE_CHARS = 500

TARGET_REASONS: dict[Reason, str] = {
    Reason.ADD_LOAD: "add weight 💪",
    Reason.ADD_REPS: "add a rep",
    Reason.REPEAT: "same again, with a rep in reserve",
}


def format_short_date(day: date) -> str:
    return day.strftime("%a %d %b")


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
        parts.append(EFFORT_RPE.format(rpe=rpe))
    if rir is not None:
        parts.append(EFFORT_RIR.format(rir=rir))
    return ", ".join(parts)


def format_reading(reading: LogReading) -> str:
    """A reading offered on a button: what would be stored."""
    return format_details(
        reading.sets,
        bodyweight=reading.bodyweight,
        per_side=reading.per_side,
        rpe=reading.rpe,
        rir=reading.rir,
    )


def _log_details(log: StoredLog) -> str:
    return format_details(
        log.sets, bodyweight=log.bodyweight, per_side=log.per_side, rpe=log.rpe, rir=log.rir
    )


def format_target(target: Target, units: Units) -> str:
    reps = target.reps
    counted = f"{len(reps)} × {reps[0]}" if len(set(reps)) == 1 else ", ".join(map(str, reps))
    load = f" @ {format_weight(target.weight, units.value)}" if target.weight is not None else ""
    return f"{counted}{load} ({TARGET_REASONS[target.reason]})"


def _result_sets(result: SessionResult, units: Units) -> str:
    unit = load_unit(units)
    return format_sets([LoggedSet(s.reps, s.weight, unit) for s in result.sets])


def format_prompt(prompt: Prompt, units: Units) -> str:
    prescription = prompt.prescription
    planned = prescription.planned
    low, high = planned.reps
    plan = f"{planned.sets} × {low}-{high}" + (PER_SIDE if planned.exercise.per_side else "")
    lines = [
        PROMPT.format(
            position=prompt.position, total=prompt.total, name=planned.exercise.name, plan=plan
        )
    ]
    if prompt.last is not None:
        lines.append(PROMPT_LAST.format(sets=_result_sets(prompt.last, units)))
    if prescription.warmup:
        lines.append(format_warmup(prescription.warmup, units).strip())
    target = format_prescribed_target(prescription, units)
    lines.append(PROMPT_TARGET.format(target=f"{target} — {format_why(prescription)}"))
    example = f"{planned.sets}x{prescription.reps[0]}"
    if prescription.load is not None:
        example += f" @ {prescription.load:g}"
    lines.append(PROMPT_HOW.format(example=example))
    return "\n".join(lines)


def format_next_session(prescription: ExercisePrescription, units: Units) -> str:
    name = f"{prescription.planned.exercise.name} " if prescription.replaces else ""
    target = format_prescribed_target(prescription, units)
    return f"{name}{target} — {format_why(prescription)}"


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


def format_rejection(rejection: Rejection) -> str:
    """Why a message was not stored: for a percentage with no estimate, of which exercise."""
    exercise = get_exercise(rejection.exercise_id) if rejection.exercise_id else None
    if rejection.reason is RejectionReason.NO_ESTIMATE and exercise is not None:
        return NO_ESTIMATE.format(name=exercise.name)
    reason = LOG_REJECTED[rejection.reason]
    return f"{reason} {LOG_NOT_STORED.format(examples=LOG_EXAMPLES)}"


def format_logged(outcome: Logged, units: Units, today: date | None = None) -> str:
    """What was stored, and what it means; a log of a day before `today` says which."""
    log = outcome.log
    template = LOGGED_AGAIN if outcome.duplicate else LOGGED
    lines = [template.format(name=log.exercise_name, sets=_log_details(log))]
    if (of := outcome.of_estimate) is not None:
        estimate = format_weight(shown_load(of.estimate, units), units.value)
        lines[0] += OF_ESTIMATE.format(percent=of.percent, estimate=estimate)
    if today is not None and log.local_date != today:
        lines.append(LOGGED_ON.format(date=format_short_date(log.local_date)))
    if note := note_of(log.raw_text):
        lines.append(NOTE.format(note=note))
    if outcome.comparison is not None:
        lines.append(LAST_TIME.format(change=_change(outcome.comparison, units)))
    lines += [format_record(record, units) for record in outcome.records]
    if isinstance(outcome.following, SetsToGo):
        # Next time waits for the last set: after one set of three, "every set reached 12"
        # would judge the exercise on a third of it.
        lines.append(
            SETS_TO_GO.format(done=outcome.following.done, planned=outcome.following.planned)
        )
    elif isinstance(outcome.target, Target):
        lines.append(NEXT_TIME.format(target=format_target(outcome.target, units)))
    elif outcome.target is not None:
        lines.append(NEXT_TIME.format(target=format_next_session(outcome.target, units)))
    return "\n".join(lines)


def format_log_line(log: StoredLog) -> str:
    note = f" ({remark})" if (remark := note_of(log.raw_text)) else ""
    return f"{log.exercise_name}: {_log_details(log)}{note}"


def _summary_totals(summary: SessionSummary, sets: int) -> str:
    if not summary.planned:
        return SUMMARY_EXTRA_WORKOUT.format(exercises=len(summary.exercises), sets=sets)
    totals = SUMMARY_TOTALS.format(
        done=summary.planned_done, planned=len(summary.planned), sets=sets
    )
    if summary.extra:
        names = ", ".join(exercise.name for exercise in summary.extra)
        totals += " " + SUMMARY_EXTRA.format(extra=len(summary.extra), names=names)
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
        return [f"{last.exercise_name}: {details}" + (f" ({notes})" if notes else "")]
    return [format_log_line(log) for log in logs]


def _one_way(logs: Sequence[StoredLog]) -> bool:
    kinds = {(log.bodyweight, log.per_side, s.weight, s.unit) for log in logs for s in log.sets}
    efforts = [log for log in logs[:-1] if log.rpe is not None or log.rir is not None]
    return len(kinds) == 1 and not efforts


def format_summary(summary: SessionSummary) -> str:
    lines = [SUMMARY_TITLE.format(date=format_short_date(summary.local_date))]
    for exercise in summary.exercises:
        lines += [f"• {line}" for line in _exercise_lines(exercise.logs)]
    sets = sum(len(log.sets) for exercise in summary.exercises for log in exercise.logs)
    lines.append(_summary_totals(summary, sets))
    records = sum(len(exercise.records) for exercise in summary.exercises)
    if records:
        lines.append(SUMMARY_RECORDS.format(count=records))
    return "\n".join(lines)


def format_history(
    sessions: Sequence[tuple[WorkoutSession, Sequence[StoredLog]]], name: str | None
) -> str:
    """The sessions, newest first, each with its logs in the order logged: as many of the
    newest logs as fit in one message, and how many sets did not."""
    if not sessions:
        return HISTORY_EMPTY
    title = HISTORY_TITLE_FOR.format(name=name) if name else HISTORY_TITLE
    hidden = sum(len(log.sets) for _, logs in sessions for log in logs)
    room = MAX_MESSAGE_CHARS - message_length(title + "\n\n" + HISTORY_MORE.format(count=hidden))
    days: list[list[str]] = []
    for workout, logs in sessions:
        day = HISTORY_DAY.format(date=workout.local_date.strftime("%a %d %b %Y"))
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
        body += ["", HISTORY_MORE.format(count=hidden)]
    return "\n".join(body)


def format_rest(rest: Rest, left: timedelta, units: Units) -> str:
    """The rest left and the next set: "⏱ Rest 2:30 — next: set 2 of 3, RDL 8 @ 80 kg", or
    before the next exercise "⏱ Rest 2:30 — next: Hip Thrust 10 @ 60 kg"."""
    seconds = math.ceil(left.total_seconds())
    text = REST_BEFORE_NEXT_EXERCISE if rest.moves_on else REST
    return text.format(
        left=f"{seconds // 60}:{seconds % 60:02d}",
        number=rest.number,
        sets=rest.sets,
        set=_next_set(rest, units),
    )


def format_rest_over(rest: Rest, units: Units) -> str:
    text = REST_OVER_NEXT_EXERCISE if rest.moves_on else REST_OVER
    return text.format(number=rest.number, sets=rest.sets, set=_next_set(rest, units))


def _next_set(rest: Rest, units: Units) -> str:
    """The exercise and the next set's target: "Romanian Deadlift 8 @ 80 kg"."""
    prescription = rest.prescription
    exercise = prescription.planned.exercise
    side = PER_SIDE if exercise.per_side else ""
    if prescription.load is None:  # bodyweight, or a weight the person finds today
        return REST_SET_REPS.format(name=exercise.name, reps=rest.reps, side=side)
    load = LOAD.format(load=format_load(prescription.load, units))
    return f"{exercise.name} {rest.reps}{side}{load}"
