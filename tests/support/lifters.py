"""Synthetic lifters replayed through the programme core day by day, with no I/O.

A lifter has a capacity for each exercise: an estimated one-rep max for a loaded one, the
most reps in a set for bodyweight or band work. Capacity changes by `weekly_change` each
week (growing, flat or falling). On each planned day the lifter asks `prescribe_on` for the
day, does what it says as far as capacity allows (reps at a load from Epley's formula turned
around, never more than the target), and logs it. On a first session without a load the
lifter picks one that exists: the bar and plates, a dumbbell that is sold, or one of their
own.

The loads that exist are worked out here from what is sold, not taken from
`bot.core.loading`, so the tests can hold the core's loads to them.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from bot.core.catalogue import Exercise, Pattern
from bot.core.planner import WeekPlan, build_plan
from bot.core.prescription import DayPrescription, ExercisePrescription, Why, prescribe_on
from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Units, Weekday
from bot.core.records import SessionResult, WorkSet

LB_PER_KG = 2.20462
BAR = {Units.KG: 20.0, Units.LB: 45.0}
_KETTLEBELLS = {
    Units.KG: (4, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 36, 40, 48, 56, 64, 72, 80),
    Units.LB: (9, 13, 18, 22, 26, 31, 35, 44, 53, 62, 70, 80, 88, 106, 124, 142, 160),
}
# Heaviest load a simulated lifter could ask for: no lifter here gets near it.
_TOP = 600.0
# What share of a lifter's hip-thrust-strength each kind of lift carries (per hand for
# hand-held loads), so one `strength` gives plausible loads across a whole plan.
_PATTERN_SHARE = {
    Pattern.BRIDGE_THRUST: 1.3,
    Pattern.HIP_HINGE: 1.0,
    Pattern.SQUAT: 0.9,
    Pattern.LUNGE: 0.5,
    Pattern.HIP_EXTENSION: 0.4,
    Pattern.KNEE_FLEXION: 0.35,
    Pattern.HIP_ABDUCTION: 0.25,
}
_HAND_HELD_SHARE = 0.35
# A harder bodyweight variant or a stronger band: this share of the reps of the one before.
_HARDER_SHARE = 0.7


def real_loads(exercise: Exercise, profile: TrainingProfile) -> tuple[float, ...] | None:
    """Every load the person can put on the exercise, lightest first; None when they have
    nothing to load it with (bodyweight, a band)."""
    units, have = profile.units, profile.equipment
    if Equipment.BARBELL in exercise.equipment and Equipment.BARBELL in have:
        step = 2.5 if units is Units.KG else 5.0
        return _stepped(step, step, _TOP)
    if Equipment.LEG_CURL_MACHINE in exercise.equipment & have or (
        Equipment.CABLE in exercise.equipment & have
    ):
        step = 5.0 if units is Units.KG else 10.0
        return _stepped(step, step, _TOP)
    hand_held = exercise.equipment & have & {Equipment.DUMBBELLS, Equipment.KETTLEBELL}
    if not hand_held:
        return None
    if profile.own_weights:
        return tuple(sorted(profile.own_weights))
    if Equipment.DUMBBELLS in hand_held:
        if units is Units.LB:
            return _stepped(5.0, 5.0, _TOP)
        return (
            *map(float, range(1, 11)),
            *map(float, range(12, 51, 2)),
            *_stepped(52.5, 2.5, _TOP),
        )
    return tuple(map(float, _KETTLEBELLS[units]))


def _stepped(first: float, step: float, last: float) -> tuple[float, ...]:
    return tuple(round(first + n * step, 2) for n in range(int((last - first) / step) + 1))


def starting_loads(exercise: Exercise, profile: TrainingProfile) -> tuple[float, ...] | None:
    """The loads a person picks for a first session: on a barbell, the empty bar or more."""
    loads = real_loads(exercise, profile)
    if loads is None or Equipment.BARBELL not in exercise.equipment & profile.equipment:
        return loads
    return tuple(load for load in loads if load >= BAR[profile.units])


def reps_at(one_rep_max: float, load: float) -> int:
    """Reps to failure at `load` for a lifter with `one_rep_max`: Epley's formula,
    `1RM = w (1 + r / 30)`, turned around."""
    return max(0, math.floor(30 * (one_rep_max / load - 1) + 1e-9))


@dataclass
class Lifter:
    """A simulated person; `strength` is their hip-thrust one-rep max in kg, `reps` the
    share of a bodyweight exercise's top of range they can do on day one."""

    profile: TrainingProfile
    start: date
    strength: float = 80.0
    reps: float = 1.2
    weekly_change: float = 0.0
    # Reps lost on each further set of a session.
    fatigue: int = 0
    reports_rpe: bool = True
    days_off: frozenset[date] = frozenset()
    plan: WeekPlan = field(init=False)
    history: dict[str, list[SessionResult]] = field(default_factory=dict)
    logged: set[date] = field(default_factory=set)
    # Bodyweight or band exercises made harder by a stronger band, counted per exercise.
    bands: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        profile = self.profile
        self.plan = build_plan(
            profile.goal,
            profile.experience,
            profile.equipment,
            len(profile.weekdays),
            profile.weekdays,
        )

    def growth(self, day: date) -> float:
        """How much stronger (or weaker) than at the start the lifter is on `day`."""
        return math.pow(1 + self.weekly_change, (day - self.start).days / 7)

    def one_rep_max(self, exercise: Exercise, day: date) -> float:
        share = _PATTERN_SHARE[exercise.pattern]
        if not exercise.equipment & {Equipment.BARBELL}:
            share *= _HAND_HELD_SHARE if self._hand_held(exercise) else 1.0
        kg = self.strength * share * self.growth(day)
        return kg * (LB_PER_KG if self.profile.units is Units.LB else 1.0)

    def _hand_held(self, exercise: Exercise) -> bool:
        return bool(exercise.equipment & {Equipment.DUMBBELLS, Equipment.KETTLEBELL})

    def max_reps(self, prescription: ExercisePrescription, day: date) -> int:
        """Most reps in a set without a load: harder variants and stronger bands take a
        share of what the easier one allowed."""
        exercise = prescription.planned.exercise
        rungs = self.bands.get(exercise.id, 0) + (prescription.replaces is not None)
        reps = exercise.rep_range[1] * self.reps * _HARDER_SHARE**rungs
        return math.floor(reps * self.growth(day))

    def perform(self, prescription: ExercisePrescription, day: date) -> SessionResult:
        exercise = prescription.planned.exercise
        if prescription.why is Why.STRONGER_BAND:
            self.bands[exercise.id] = self.bands.get(exercise.id, 0) + 1
        loads = starting_loads(exercise, self.profile)
        load = prescription.load
        if loads is not None and load is None:
            load = self.pick_load(exercise, prescription.planned.reps[1], loads, day)
        if load is None:
            capacity = self.max_reps(prescription, day)
        else:
            capacity = reps_at(self.one_rep_max(exercise, day), load)
        sets = []
        for n, target in enumerate(prescription.reps):
            can = capacity - n * self.fatigue
            done = max(1, min(target, can))
            rpe = float(min(10, max(5, 10 - (can - done)))) if self.reports_rpe else None
            sets.append(WorkSet(done, load, rpe))
        return SessionResult(day, tuple(sets))

    def pick_load(self, exercise: Exercise, top: int, loads: tuple[float, ...], day: date) -> float:
        """A first load: the heaviest the lifter can do `top` reps with, two to spare."""
        one_rep_max = self.one_rep_max(exercise, day)
        fits = [load for load in loads if reps_at(one_rep_max, load) >= top + 2]
        return fits[-1] if fits else loads[0]

    def train(self, day: date) -> tuple[DayPrescription, dict[str, SessionResult]]:
        """The day as prescribed, and what the lifter logged for it."""
        prescribed = prescribe_on(
            self.plan, self.profile, self.start, day, self.history, self.logged
        )
        done = {}
        for prescription in prescribed.exercises:
            session = self.perform(prescription, day)
            exercise_id = prescription.planned.exercise.id
            self.history.setdefault(exercise_id, []).insert(0, session)
            done[exercise_id] = session
        if done:
            self.logged.add(day)
        return prescribed, done


@dataclass(frozen=True)
class Step:
    """One training day: what was prescribed, what was done, and the history before it."""

    day: date
    prescribed: DayPrescription
    done: dict[str, SessionResult]
    before: dict[str, list[SessionResult]]
    logged_before: frozenset[date]


def replay(lifter: Lifter, weeks: int) -> list[Step]:
    """Every planned day the lifter trains in `weeks` weeks from their start."""
    steps = []
    for day in _days(lifter.start, weeks):
        if day.weekday() not in lifter.profile.weekdays or day in lifter.days_off:
            continue
        before = {key: list(sessions) for key, sessions in lifter.history.items()}
        logged = frozenset(lifter.logged)
        prescribed, done = lifter.train(day)
        steps.append(Step(day, prescribed, done, before, logged))
    return steps


def _days(start: date, weeks: int) -> Iterator[date]:
    return (start + timedelta(days=n) for n in range(7 * weeks))


def lifter_profile(
    equipment: frozenset[Equipment],
    *,
    experience: Experience = Experience.INTERMEDIATE,
    goal: Goal = Goal.GLUTES,
    weekdays: tuple[Weekday, ...] = (Weekday.MON, Weekday.WED, Weekday.FRI),
    units: Units = Units.KG,
    own_weights: tuple[float, ...] = (),
    start: date | None = None,
) -> TrainingProfile:
    return TrainingProfile(
        goal,
        experience,
        equipment,
        weekdays,
        time(18),
        "UTC",
        units,
        programme_start=start,
        own_weights=own_weights,
    )
