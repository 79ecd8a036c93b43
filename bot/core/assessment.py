"""What a logged set means: last time's numbers, records, the next target, the next prompt.

The logbook service reads a person's history from storage and hands it here; everything it
answers with after a log, a `/today` or a `/done` is decided by these pure functions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from bot.core.catalogue import get_exercise
from bot.core.loading import estimates_1rm, shown_load
from bot.core.planner import DayPlan, PlannedExercise, WeekPlan, prescribe
from bot.core.prescription import DayPrescription, ExercisePrescription, prescribe_exercise
from bot.core.profile import TrainingProfile, Units
from bot.core.progression import Target, own_target
from bot.core.records import Comparison, Record, SessionResult, compare, find_records
from bot.core.workout import session_result
from bot.core.workout_log import StoredLog, name_key

# Sets asked for of an exercise that is not in today's plan.
_DEFAULT_SETS = 3


@dataclass(frozen=True, slots=True)
class Prompt:
    """The planned exercise the person is on, with last time's numbers (as `told`) and
    today's prescription."""

    position: int
    total: int
    prescription: ExercisePrescription
    last: SessionResult | None

    @property
    def planned(self) -> PlannedExercise:
        return self.prescription.planned


@dataclass(frozen=True, slots=True)
class TodaySession:
    prescription: DayPrescription
    prompt: Prompt | None

    @property
    def day(self) -> DayPlan:
        return self.prescription.day


@dataclass(frozen=True, slots=True)
class NeedExercise:
    """Numbers without an exercise, and nothing to attach them to."""


@dataclass(frozen=True, slots=True)
class SessionComplete:
    """The log finished the last planned exercise of the day."""


@dataclass(frozen=True, slots=True)
class SetsToGo:
    """The log was of the exercise the person is on, whose planned sets are not all done."""

    done: int
    planned: int


# What comes after a log of the exercise the person is on: the next one, the end of the
# day's plan, more sets of it, or nothing to say (another exercise's log, a duplicate).
MoveOn = Prompt | SessionComplete | SetsToGo | None


@dataclass(frozen=True, slots=True)
class OfEstimate:
    """A log written as a percentage of the one-rep max, and the estimate it was weighed
    from (in the person's unit)."""

    percent: float
    estimate: float


@dataclass(frozen=True, slots=True)
class Logged:
    log: StoredLog
    duplicate: bool
    comparison: Comparison | None
    records: tuple[Record, ...]
    target: Target | ExercisePrescription | None
    # What the log leads to: set only for a fresh log of the exercise the person is on.
    following: MoveOn = None
    of_estimate: OfEstimate | None = None  # "5x5 @ 80%": where the weight came from


@dataclass(frozen=True, slots=True)
class ExerciseSummary:
    name: str
    logs: tuple[StoredLog, ...]
    records: tuple[Record, ...]


@dataclass(frozen=True, slots=True)
class SessionSummary:
    local_date: date
    exercises: tuple[ExerciseSummary, ...]
    planned: tuple[str, ...]
    """The ids of the day's planned exercises: none on a rest day."""

    @property
    def planned_done(self) -> int:
        """How many of the planned exercises have a log."""
        done = {log.exercise_id for exercise in self.exercises for log in exercise.logs}
        return len(done & set(self.planned))

    @property
    def extra(self) -> tuple[ExerciseSummary, ...]:
        """The exercises logged that the day's plan does not have."""
        return tuple(e for e in self.exercises if e.logs[0].exercise_id not in self.planned)


def told(result: SessionResult, units: Units) -> SessionResult:
    """A session as told back to the person: loads converted from the other unit rounded
    (`shown_load`), so the same dumbbell in either unit is no change and no record.
    Targets build on the exact loads, which `bot.core.loading` rounds to sizes that exist."""
    shown = [None if s.weight is None else shown_load(s.weight, units) for s in result.sets]
    # Loads typed in `units` show as they are: most of a history, told on every log.
    if all(weight == s.weight for weight, s in zip(shown, result.sets, strict=True)):
        return result
    sets = tuple(
        s if weight == s.weight else replace(s, weight=weight)
        for weight, s in zip(shown, result.sets, strict=True)
    )
    return replace(result, sets=sets)


def past_sessions(logs: Sequence[StoredLog], profile: TrainingProfile) -> list[SessionResult]:
    """One result per workout session the logs belong to, newest first."""
    grouped: dict[int, list[StoredLog]] = defaultdict(list)
    for log in sorted(logs, key=_done_order):
        grouped[log.session_id].append(log)
    results = []
    for entries in grouped.values():
        result = session_result(entries[0].local_date, entries, profile.units)
        if result is not None:
            results.append(result)
    return sorted(results, key=lambda result: result.performed_on, reverse=True)


def assess(
    stored: StoredLog,
    history: Sequence[StoredLog],
    day: DayPlan,
    profile: TrainingProfile,
    *,
    duplicate: bool,
    plan: WeekPlan | None = None,
    lighter_since: date | None = None,
    past: Sequence[SessionResult] | None = None,
) -> Logged:
    """Comparison with last time, records and next target for a stored log.

    `lighter_since`: the log is of a lighter week that began then; the next target builds
    on the sessions before it, as the build week after it will.

    `history` is every log of the stored log's exercise, itself included, newest first.
    `day` is the plan of the log's day; with the week's `plan`, an exercise planned on
    another day gets that day's sets and reps as its next target.

    `past`, when the caller kept it, is `past_sessions` of the history's logs before the
    stored log's day: the same for every log of a day, and most of the work on a long
    history.
    """
    if past is None:
        # A corrected older log is measured against what came before it, not after.
        earlier = [log for log in history if log.local_date < stored.local_date]
        past = past_sessions(earlier, profile)
    before_this = sorted(
        (log for log in history if log.session_id == stored.session_id and log.id < stored.id),
        key=_done_order,
    )
    this_log = session_result(stored.local_date, [stored], profile.units)
    assert this_log is not None
    today_so_far = session_result(stored.local_date, [*before_this, stored], profile.units)
    assert today_so_far is not None
    earlier_today = session_result(stored.local_date, before_this, profile.units)
    before = [*past, *([earlier_today] if earlier_today else [])]
    units = profile.units
    records = find_records(
        [told(r, units) for r in before], told(this_log, units), estimates=_estimates(stored)
    )
    last = past[0] if past else None
    return Logged(
        log=stored,
        duplicate=duplicate,
        comparison=compare(told(last, units), told(today_so_far, units)) if last else None,
        records=tuple(records),
        target=_next_time(stored, day, plan, _built_on(today_so_far, past, lighter_since), profile),
    )


def prompt_at(day: DayPrescription, position: int, units: Units) -> Prompt | None:
    """The prompt for the exercise at `position`, or None past the day's last one."""
    if not 0 <= position < len(day.exercises):
        return None
    prescription = day.exercises[position]
    last = None if prescription.last is None else told(prescription.last, units)
    return Prompt(position + 1, len(day.exercises), prescription, last)


def by_exercise(logs: Sequence[StoredLog]) -> list[list[StoredLog]]:
    """A session's logs grouped by exercise, in the order each was first logged.

    Logs of catalogue exercises group by id; logs of other exercises by their name, as
    storage matches it (case and spacing aside).
    """
    grouped: dict[tuple[str | None, str], list[StoredLog]] = {}
    for log in logs:
        key = (log.exercise_id, name_key(log.exercise_name) if log.exercise_id is None else "")
        grouped.setdefault(key, []).append(log)
    return list(grouped.values())


def exercise_summary(
    logs: Sequence[StoredLog], history: Sequence[StoredLog], profile: TrainingProfile
) -> ExerciseSummary:
    """One exercise of a finished session, with the records it set over `history` (the
    exercise's logs from earlier sessions)."""
    first = logs[0]
    today = session_result(first.local_date, logs, profile.units)
    assert today is not None
    past = [told(result, profile.units) for result in past_sessions(history, profile)]
    records = find_records(past, told(today, profile.units), estimates=_estimates(first))
    return ExerciseSummary(first.exercise_name, tuple(logs), tuple(records))


def _estimates(log: StoredLog) -> bool:
    return estimates_1rm(get_exercise(log.exercise_id) if log.exercise_id else None)


def _next_time(
    stored: StoredLog,
    day: DayPlan,
    plan: WeekPlan | None,
    sessions: list[SessionResult],
    profile: TrainingProfile,
) -> Target | ExercisePrescription:
    """The next build session of the exercise after `sessions` (today's first)."""
    exercise = get_exercise(stored.exercise_id) if stored.exercise_id else None
    if exercise is None:
        return own_target(sessions[0], profile.units)
    planned = _next_planned(exercise.id, day, plan) or prescribe(
        exercise, _DEFAULT_SETS, profile.goal, profile.experience
    )
    taken = (
        frozenset()
        if plan is None
        else frozenset(p.exercise.id for day in plan.days for p in day.exercises)
    )
    return prescribe_exercise(planned, {exercise.id: sessions}, profile, taken=taken)


def _built_on(
    today: SessionResult, past: Sequence[SessionResult], lighter_since: date | None
) -> list[SessionResult]:
    """The sessions the next build session builds on, newest first."""
    if lighter_since is None:
        return [today, *past]
    before = [result for result in past if result.performed_on < lighter_since]
    return before or [today]


def _next_planned(exercise_id: str, day: DayPlan, plan: WeekPlan | None) -> PlannedExercise | None:
    """The exercise as planned on `day`, else on the next day of the week that has it."""
    days = [day]
    if plan is not None:
        days += [plan.days[(day.weekday + n) % len(plan.days)] for n in range(1, len(plan.days))]
    entries = (planned for d in days for planned in d.exercises)
    return next((p for p in entries if p.exercise.id == exercise_id), None)


def _done_order(log: StoredLog) -> tuple[datetime, int]:
    """Logs in the order their sets were done: history arrives newest first."""
    return log.logged_at, log.id
