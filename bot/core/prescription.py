"""Today's prescription for each planned exercise: which variant, sets, reps, load, warm-up.

Built on the programme's week (build, lighter, restart) and the exercise's history:

* Build weeks use double progression: reps rise to the top of the range, then the load
  goes up about 2.5%, or 5% when every set was done at RPE 8 or easier (2 reps or more in
  reserve), always by at least one real step and never above 10% unless the smallest step
  is more than that; a set at failure holds.
* No gain in the last three sessions at a load, or reps below the range twice in a row, is
  a stall: the load drops about 10% and builds again (ACSM: reduce and rebuild rather than
  grind).
* Bodyweight work climbs its ladder of harder variants (`Exercise.harder`) once every set
  reaches the top of the range; past the last rung, and for a person at their heaviest
  dumbbell, the lift gets harder by tempo, pauses, 1½ reps and then a longer range.
* Lighter and restart weeks scale from the last session before the week began, so a load
  is never cut twice in one week; sessions of a lighter week count for nothing after it.
* How the person is today (`bot.core.readiness`) can hold loads, cut sets and swap
  exercises that load a painful region for pain-free ones, for that day only.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from itertools import takewhile

from bot.core.catalogue import Exercise, get_exercise
from bot.core.catalogue import harder_variant as catalogue_harder
from bot.core.dumbbell_set import OwnWeights, own_sizes
from bot.core.loading import Sizes, load_sizes, same_load
from bot.core.planner import DayPlan, PlannedExercise, WeekPlan, prescribe
from bot.core.profile import Equipment, Experience, TrainingProfile, Units, Weekday
from bot.core.programme import Phase, ProgrammeWeek, monday_of, programme_weeks
from bot.core.progression import reps_per_set, working_sets
from bot.core.readiness import (
    Note,
    PainRegion,
    Readiness,
    avoid_notes,
    day_notes,
    fewer_sets,
    loads,
    pain_free,
)
from bot.core.records import SessionResult, WorkSet
from bot.core.reschedule import SoreMove, sore_week
from bot.core.warmup import WarmupSet, warmup_sets

LIGHTER_FACTOR = 0.9
REDUCE_FACTOR = 0.9
# A step this far above the load is too big for one session (ACSM: 2-10% increases).
MAX_STEP = 0.10
NORMAL_STEP = 0.025
BIG_STEP = 0.05
STALL_SESSIONS = 3
EASY_RPE = 8.0
WANTED_IN_RESERVE = 2
_SLACK = 1e-6
# Loaded by plates or a stack, not by the person's own dumbbells or kettlebells.
_RACKED = frozenset({Equipment.BARBELL, Equipment.CABLE, Equipment.LEG_CURL_MACHINE})


class Decision(StrEnum):
    START = "start"
    PROGRESS = "progress"
    HOLD = "hold"
    REDUCE = "reduce"
    DELOAD = "deload"
    RESTART = "restart"
    VARIANT = "variant"


class Why(StrEnum):
    """The one-line reason shown with a prescription; the words live in the messages."""

    FIND_LOAD = "find_load"
    FIRST_REPS = "first_reps"
    FIRST_BAND = "first_band"
    ADD_REPS = "add_reps"
    ADD_LOAD = "add_load"
    EASY_STEP = "easy_step"
    AT_FAILURE = "at_failure"
    STRONGER_BAND = "stronger_band"
    TEMPO = "tempo"
    PAUSE = "pause"
    ONE_AND_A_HALF = "one_and_a_half"
    LONGER_RANGE = "longer_range"
    OUTGROWN = "outgrown"
    HEAVIEST_OWNED = "heaviest_owned"
    STALLED = "stalled"
    BELOW_RANGE = "below_range"
    LIGHTER_WEEK = "lighter_week"
    RESTART = "restart"
    NEW_VARIANT = "new_variant"
    HELD = "held"


# Past the top of a ladder, the same exercise gets harder in these steps, one per session
# at the top of the range.
_INTENSIFIERS = (Why.TEMPO, Why.PAUSE, Why.ONE_AND_A_HALF, Why.LONGER_RANGE)
_NORDIC_INTENSIFIERS = (Why.TEMPO,)


@dataclass(frozen=True, slots=True)
class ExercisePrescription:
    """One exercise as prescribed for a day.

    `planned` holds the exercise to do (a harder variant may stand in for the planned one,
    whose id is then `replaces`; an exercise standing in for today's pain has the planned
    one's id in `instead_of`) with this session's sets, rep range and rest; `reps` is the
    target of each work set and `load` the working weight in the person's unit (None:
    bodyweight, a band, or a first session where the person finds their weight)."""

    planned: PlannedExercise
    reps: tuple[int, ...]
    load: float | None
    warmup: tuple[WarmupSet, ...]
    decision: Decision
    why: Why
    last: SessionResult | None
    # The sets the programme plans, before a lighter week or how the person is today took
    # some off: the next build session has them all again.
    planned_sets: int
    replaces: str | None = None
    variant_of: str | None = None
    instead_of: str | None = None


@dataclass(frozen=True, slots=True)
class DayPrescription:
    """The day `on` as prescribed; `sore_moves` are the heavy hamstring work that left this
    day for a very sore person, or came to it from an earlier very sore day."""

    on: date
    week: ProgrammeWeek
    day: DayPlan
    exercises: tuple[ExercisePrescription, ...]
    notes: tuple[Note, ...] = ()
    sore_moves: tuple[SoreMove, ...] = ()
    # Its hash walks every set of every exercise, and a crowded minute's reminders look the
    # same few days up once per person (bot.telegram.reminder_content): kept once worked
    # out, on first use, as most prescriptions are never hashed.
    _hash: int | None = field(default=None, init=False, repr=False, compare=False)

    def __hash__(self) -> int:
        found = self._hash
        if found is None:
            fields = (self.on, self.week, self.day, self.exercises, self.notes, self.sore_moves)
            found = hash(fields)
            object.__setattr__(self, "_hash", found)
        return found

    def of(self, exercise_id: str) -> ExercisePrescription | None:
        return next((p for p in self.exercises if p.planned.exercise.id == exercise_id), None)

    @property
    def as_planned(self) -> DayPlan:
        """Today's exercises with the sets the programme plans for them: what "next time"
        after a log builds on, whatever took sets off today."""
        if not self.exercises:
            return self.day
        planned = tuple(replace(p.planned, sets=p.planned_sets) for p in self.exercises)
        return replace(self.day, exercises=planned)


History = Mapping[str, Sequence[SessionResult]]
"""Each exercise's past sessions, newest first, loads in the person's unit."""

# An exercise of the day as planned, and as prescribed.
_Pair = tuple[PlannedExercise, ExercisePrescription]


def prescribe_day(
    day: DayPlan,
    week: ProgrammeWeek,
    on: date,
    history: History,
    profile: TrainingProfile,
    taken: frozenset[str] = frozenset(),
    readiness: Readiness | None = None,
    *,
    avoid: PainRegion | None = None,
) -> DayPrescription:
    """Every exercise of `day` as prescribed `on`; `taken` are the exercises the plan has in
    their own right, which no easier one climbs onto; `readiness` how the person is today
    (None: not asked, nothing changes); `avoid` a region the plan leaves out every day."""
    if not day.is_workout:
        return DayPrescription(on, week, day, ())
    pairs = [
        (planned, prescribe_exercise(planned, history, profile, week, taken, readiness))
        for planned in day.exercises
    ]
    notes: list[Note] = []
    sparing = _Sparing(history, profile, week, taken, readiness)
    if avoid is not None:
        pairs = sparing.spared(pairs, {avoid})
        notes += avoid_notes(avoid)
    if readiness is not None:
        pain = readiness.pain
        # A stand-in for today's pain must not load the region avoided either.
        spare = {region for region in (pain, avoid) if region is not None}
        spared = pairs if pain is None else sparing.spared(pairs, spare)
        done = [p.planned.exercise for _, p in spared]
        notes += day_notes(readiness, done, spared=spared != pairs)
        pairs = spared
    exercises = tuple(p for _, p in pairs)
    prescribed = replace(day, exercises=tuple(p.planned for p in exercises))
    return DayPrescription(on, week, prescribed, exercises, tuple(notes))


@dataclass(frozen=True, slots=True)
class _Sparing:
    """What a stand-in for work that loads a region is prescribed from."""

    history: History
    profile: TrainingProfile
    week: ProgrammeWeek
    taken: frozenset[str]
    readiness: Readiness | None

    def spared(self, pairs: list[_Pair], regions: Collection[PainRegion]) -> list[_Pair]:
        """The day with each exercise that loads one of `regions` replaced by one that
        spares them all, prescribed from its own history (dropped when there is none). A
        stand-in does not climb to a harder variant: it is there for the day, not for the
        programme."""
        profile = self.profile

        def hurts(exercise: Exercise) -> bool:
            return any(loads(exercise, region) for region in regions)

        today = [p.planned.exercise for _, p in pairs if not hurts(p.planned.exercise)]
        spared = []
        for planned, prescribed in pairs:
            if not hurts(prescribed.planned.exercise):
                spared.append((planned, prescribed))
                continue
            stand_in = pain_free(
                prescribed.planned.exercise, regions, profile.equipment, profile.experience, today
            )
            if stand_in is None:
                continue
            today.append(stand_in)
            fresh = prescribe(stand_in, planned.sets, profile.goal, profile.experience)
            own = prescribe_exercise(
                replace(fresh, climbs=False),
                self.history,
                profile,
                self.week,
                self.taken,
                self.readiness,
            )
            spared.append((planned, replace(own, instead_of=planned.exercise.id)))
        return spared


def prescribe_exercise(
    planned: PlannedExercise,
    history: History,
    profile: TrainingProfile,
    week: ProgrammeWeek | None = None,
    taken: frozenset[str] = frozenset(),
    readiness: Readiness | None = None,
) -> ExercisePrescription:
    """The planned exercise, or the harder variant it has led to, as prescribed in `week`
    (None: the next build session, as "next time" after a log says) for a person as ready
    as `readiness` says (None: as usual)."""
    phase = Phase.BUILD if week is None else week.phase
    exercise = planned.exercise
    if planned.climbs:
        mastery = phase is Phase.BUILD and (readiness is None or readiness.climbs)
        exercise = climb(exercise, history, profile, mastery=mastery, taken=taken)
    replaces = None
    if exercise is not planned.exercise:
        replaces = planned.exercise.id
        planned = prescribe(exercise, planned.sets, profile.goal, profile.experience)
    hold = readiness is not None and readiness.holds(exercise)
    sessions = list(history.get(exercise.id, ()))
    if week is not None and phase is not Phase.BUILD:
        sessions = [s for s in sessions if s.performed_on < week.starts]
    last = sessions[0] if sessions else None
    sizes = _sizes(exercise, last, profile)
    if last is None:
        result = _first(planned, sizes, variant=replaces is not None)
    elif phase is not Phase.BUILD:
        result = _lighter(planned, phase, last, sizes)
    else:
        result = _build(planned, sessions, sizes, profile.units, hold=hold)
    if readiness is not None and readiness.cuts(exercise):
        # Cut from the week's own sets: a lighter week's halving must not swallow the cut.
        reps = result.reps[: fewer_sets(len(result.reps))]
        result = _result(result.planned, reps, result.load, result.decision, result.why)
    warmup = _warmup(exercise, result.load, sizes, profile)
    return replace(result, last=last, warmup=warmup, replaces=replaces, planned_sets=planned.sets)


def climb(
    exercise: Exercise,
    history: History,
    profile: TrainingProfile,
    *,
    mastery: bool = True,
    taken: frozenset[str] = frozenset(),
) -> Exercise:
    """The rung of the exercise's ladder of harder bodyweight variants the person is on.

    They move up a rung once every set of their last session of it reached the top of its
    range without a load, or when they have since done the harder one (so a person who
    goes back down with `/swap` and does the easier one stays there until they master it
    again). Without `mastery` (a lighter or restart week) only the second counts: a new,
    harder exercise waits for a build week rather than start at full sets in a light one."""
    while (harder := harder_variant(exercise, profile)) is not None and harder.id not in taken:
        own = history.get(exercise.id, ())
        above = history.get(harder.id, ())
        mastered = mastery and _mastered(own, exercise.rep_range)
        moved_on = bool(above) and (not own or above[0].performed_on > own[0].performed_on)
        if not (mastered or moved_on):
            break
        exercise = harder
    return exercise


def ladder(exercise: Exercise) -> list[str]:
    """The ids of the exercise and every harder variant above it."""
    ids = [exercise.id]
    while (harder := get_exercise(exercise.harder) if exercise.harder else None) is not None:
        ids.append(harder.id)
        exercise = harder
    return ids


def harder_variant(exercise: Exercise, profile: TrainingProfile) -> Exercise | None:
    """The next rung up the person can do; only bodyweight work climbs (loaded work adds
    load instead). Mastering the rung below earns one difficulty level above the person's
    own (so never an advanced-only exercise for a beginner)."""
    if load_sizes(exercise, profile.units, profile.equipment, loaded=False) is not None:
        return None
    levels = list(Experience)
    earned = levels[min(profile.experience.rank + 1, len(levels) - 1)]
    return catalogue_harder(exercise, profile.equipment, earned)


def _mastered(sessions: Sequence[SessionResult], rep_range: tuple[int, int]) -> bool:
    """Bodyweight work owned: the last session at the top of the range without a load."""
    return bool(sessions) and sessions[0].top_weight is None and _owned(sessions, rep_range[1])


def _at_top(session: SessionResult, high: int) -> bool:
    return all(s.reps >= high for s in working_sets(session))


def _owned(sessions: Sequence[SessionResult], high: int) -> bool:
    """The top of the range reached with something left, or reached twice in a row: a
    set at failure is held once, not forever."""
    if not sessions or not _at_top(sessions[0], high):
        return False
    at_failure = any(s.at_failure for s in working_sets(sessions[0]))
    return not at_failure or (len(sessions) > 1 and _at_top(sessions[1], high))


def _sizes(
    exercise: Exercise, last: SessionResult | None, profile: TrainingProfile
) -> Sizes | None:
    """What the exercise is loaded with: the person's own dumbbells or kettlebells when
    they told Coach which they have, else the sizes sold (`bot.core.loading`)."""
    loaded = last is not None and last.top_weight is not None
    sizes = load_sizes(exercise, profile.units, profile.equipment, loaded=loaded)
    if sizes is None or not profile.own_weights or exercise.equipment & _RACKED:
        return sizes
    return own_sizes(OwnWeights(profile.own_weights, profile.units), profile.units)


def _result(
    planned: PlannedExercise,
    reps: tuple[int, ...],
    load: float | None,
    decision: Decision,
    why: Why,
) -> ExercisePrescription:
    if len(reps) != planned.sets:
        planned = replace(planned, sets=len(reps))
    return ExercisePrescription(planned, reps, load, (), decision, why, None, planned.sets)


def _first(planned: PlannedExercise, sizes: Sizes | None, *, variant: bool) -> ExercisePrescription:
    low, high = planned.reps
    if variant:
        return _result(planned, (low,) * planned.sets, None, Decision.VARIANT, Why.NEW_VARIANT)
    if sizes is not None:
        return _result(planned, (high,) * planned.sets, None, Decision.START, Why.FIND_LOAD)
    why = Why.FIRST_BAND if Equipment.BANDS in planned.exercise.equipment else Why.FIRST_REPS
    return _result(planned, (low,) * planned.sets, None, Decision.START, why)


def _lighter(
    planned: PlannedExercise, phase: Phase, last: SessionResult, sizes: Sizes | None
) -> ExercisePrescription:
    """A lighter or restart week: fewer sets at the bottom of the range, at most 90% of the
    last load before the week."""
    sets = max(1, (planned.sets + 1) // 2) if phase is Phase.DELOAD else max(1, planned.sets - 1)
    load = None
    done = last.top_weight
    if done is not None and sizes is not None:
        index = sizes.index_at_or_below(done * LIGHTER_FACTOR + _SLACK)
        load = sizes.size(index) if index >= 0 else None
    decision, why = (
        (Decision.DELOAD, Why.LIGHTER_WEEK)
        if phase is Phase.DELOAD
        else (Decision.RESTART, Why.RESTART)
    )
    return _result(planned, (planned.reps[0],) * sets, load, decision, why)


def _build(
    planned: PlannedExercise,
    sessions: Sequence[SessionResult],
    sizes: Sizes | None,
    units: Units,
    *,
    hold: bool = False,
) -> ExercisePrescription:
    """The next build session; with `hold`, a heavier load or stronger band waits for
    another day and the person repeats their last session."""
    low, high = planned.reps
    last = sessions[0]
    working = working_sets(last)
    done = working[0].weight
    load = None if done is None or sizes is None else same_load(done, sizes, units)
    reps = reps_per_set(working, planned.sets, planned.reps, extra=_extra_reps(working))
    if _below_range_twice(sessions, low) or (
        any(s.reps < high for s in working) and _stalled(sessions)
    ):
        why = Why.BELOW_RANGE if _below_range_twice(sessions, low) else Why.STALLED
        if done is not None and sizes is not None:
            lighter = _reduced(done, sizes)
            if lighter is not None:
                return _result(planned, (low,) * planned.sets, lighter, Decision.REDUCE, why)
        return _result(planned, (low,) * planned.sets, load, Decision.HOLD, why)
    if any(s.reps < high for s in working):
        return _result(planned, reps, load, Decision.PROGRESS, Why.ADD_REPS)
    if not _owned(sessions, high):
        return _result(planned, (high,) * planned.sets, load, Decision.HOLD, Why.AT_FAILURE)
    if done is not None and sizes is not None:
        heavier = step_up(done, sizes, big=all(_easy(s) for s in working))
        if heavier is not None:
            if hold:
                return _result(planned, (high,) * planned.sets, load, Decision.HOLD, Why.HELD)
            usual = step_up(done, sizes, big=False)
            why = Why.EASY_STEP if usual is not None and heavier > usual else Why.ADD_LOAD
            return _result(planned, (low,) * planned.sets, heavier, Decision.PROGRESS, why)
        why = Why.HEAVIEST_OWNED
    elif Equipment.BANDS in planned.exercise.equipment:
        if hold:
            return _result(planned, (high,) * planned.sets, None, Decision.HOLD, Why.HELD)
        return _result(planned, (low,) * planned.sets, None, Decision.PROGRESS, Why.STRONGER_BAND)
    else:
        why = _intensifier(planned.exercise, sessions, high)
        if why is Why.OUTGROWN:
            return _result(planned, (high,) * planned.sets, None, Decision.HOLD, why)
    return _result(planned, (high,) * planned.sets, load, Decision.PROGRESS, why)


def _extra_reps(working: Sequence[WorkSet]) -> int:
    """One more rep a set; more when every set was reported with reps to spare beyond the
    two a set should leave (RPE 7 or easier): as many as it takes to leave two."""
    spare = [_reps_in_reserve(s) for s in working]
    if not spare or any(r is None for r in spare):
        return 1
    return max(1, min(r for r in spare if r is not None) - WANTED_IN_RESERVE)


def _reps_in_reserve(work_set: WorkSet) -> int | None:
    if work_set.rir is not None:
        return work_set.rir
    return None if work_set.rpe is None else int(10 - work_set.rpe)


def step_up(weight: float, sizes: Sizes, *, big: bool) -> float | None:
    """The next working load: about 2.5% heavier (5% after an easy session), at least one
    real size up and at most 10% unless one size is more; None when nothing is heavier."""
    if not sizes.has_heavier(weight):
        return None
    smallest = sizes.above(sizes.nearest(weight))
    wanted = weight * (1 + (BIG_STEP if big else NORMAL_STEP))
    index = sizes.index_at_or_below(min(wanted, weight * (1 + MAX_STEP)) + _SLACK)
    return max(smallest, sizes.size(index)) if index >= 0 else smallest


def _reduced(weight: float, sizes: Sizes) -> float | None:
    """About 10% lighter, and between 5% and 15% when the sizes allow; the next size down
    when they do not; None below the lightest."""
    below = sizes.below(weight)
    if below is None:
        return None
    wanted = sizes.nearest(weight * REDUCE_FACTOR)
    return wanted if wanted < weight - _SLACK else below


def _easy(work_set: WorkSet) -> bool:
    if work_set.rpe is not None:
        return work_set.rpe <= EASY_RPE
    return work_set.rir is not None and work_set.rir >= 10 - EASY_RPE


def _since_lighter(sessions: Sequence[SessionResult]) -> list[SessionResult]:
    """The newest sessions back to the last time the load went down (a reduction, a
    lighter week), newest first: a stall is judged on one load's climb."""
    kept = [sessions[0]]
    for older in sessions[1:]:
        if _load(older) > _load(kept[-1]) + _SLACK:
            break
        kept.append(older)
    return kept


def _load(session: SessionResult) -> float:
    return session.top_weight or 0.0


def _better(newer: SessionResult, older: SessionResult) -> bool:
    if _load(newer) > _load(older) + _SLACK:
        return True
    same = abs(_load(newer) - _load(older)) <= _SLACK
    return same and _work_reps(newer) > _work_reps(older)


def _work_reps(session: SessionResult) -> int:
    return sum(s.reps for s in working_sets(session))


def _stalled(sessions: Sequence[SessionResult]) -> bool:
    """No more load and no more reps in the last three sessions at one load."""
    climb = _since_lighter(sessions)
    if len(climb) < STALL_SESSIONS:
        return False
    oldest = climb[STALL_SESSIONS - 1]
    return not any(_better(newer, oldest) for newer in climb[: STALL_SESSIONS - 1])


def _below_range_twice(sessions: Sequence[SessionResult], low: int) -> bool:
    if len(sessions) < 2:
        return False
    newest, before = sessions[0], sessions[1]
    short = all(any(s.reps < low for s in working_sets(x)) for x in (newest, before))
    return short and _load(newest) >= _load(before) - _SLACK


def _intensifier(exercise: Exercise, sessions: Sequence[SessionResult], high: int) -> Why:
    """Tempo, then pauses, 1½ reps and a longer range, one step per session at the top of
    the range since it was owned (see `_owned`); then the person has outgrown the exercise
    with what they own. A Nordic can only be lowered more slowly: its range is the whole
    way down already."""
    steps = _NORDIC_INTENSIFIERS if exercise.nordic else _INTENSIFIERS
    run = list(takewhile(lambda session: _at_top(session, high), sessions))
    first_failed = any(s.at_failure for s in working_sets(run[-1]))
    done = len(run) - (2 if first_failed and len(run) > 1 else 1)
    return steps[done] if done < len(steps) else Why.OUTGROWN


def _warmup(
    exercise: Exercise, load: float | None, sizes: Sizes | None, profile: TrainingProfile
) -> tuple[WarmupSet, ...]:
    if load is None or sizes is None:
        return ()
    return warmup_sets(exercise, load, profile.units, sizes)


def prescribe_on(
    plan: WeekPlan,
    profile: TrainingProfile,
    start: date,
    on: date,
    history: History,
    logged: Collection[date],
    readiness: Readiness | None = None,
    *,
    week_answers: Mapping[date, Readiness] | None = None,
    avoid: PainRegion | None = None,
) -> DayPrescription:
    """The day `on` of the person's programme: its week (from the days any session was
    `logged`), and the day's exercises from their sessions before `on` in `history`, for a
    person as ready as `readiness` says (None: as `week_answers` says of `on`, else not
    asked), with the heavy hamstring work of the week's very sore days up to `on` moved
    (`week_answers`: how the person was on those days), and without work that loads the
    region to `avoid`.

    Sessions of earlier lighter weeks are left out: they were light on purpose, so the
    weeks after one build on the last build week's loads."""
    weeks = programme_weeks(start, on, profile.weekdays, logged, profile.experience)
    week = weeks[-1]
    deloads = {w.starts for w in weeks[:-1] if w.phase is Phase.DELOAD}
    earlier = {
        exercise_id: [
            s for s in sessions if s.performed_on < on and monday_of(s.performed_on) not in deloads
        ]
        for exercise_id, sessions in history.items()
    }
    taken = frozenset(p.exercise.id for day in plan.days for p in day.exercises)
    answers = dict(week_answers or {})
    if readiness is not None:
        answers[on] = readiness
    moved, moves = sore_week(plan, on, answers)
    day = moved.day(Weekday(on.weekday()))
    prescribed = prescribe_day(day, week, on, earlier, profile, taken, answers.get(on), avoid=avoid)
    touching = tuple(move for move in moves if on in (move.left, move.to))
    return replace(prescribed, sore_moves=touching)
