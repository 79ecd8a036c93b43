"""Weekly glute and hamstring plans from a person's goal, level, equipment and days."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from typing import NamedTuple

from bot.core.catalogue import (
    CATALOGUE,
    COMPOUND_PATTERNS,
    Exercise,
    MuscleGroup,
    Pattern,
    require_exercise,
)
from bot.core.profile import (
    MAX_TRAINING_DAYS,
    MIN_TRAINING_DAYS,
    Equipment,
    Experience,
    Goal,
    TrainingProfile,
    Weekday,
)


class RecoveryFocus(StrEnum):
    """What a rest day is for; the wording lives in `bot.telegram.messages`."""

    WALK = "walk"
    MOBILITY = "mobility"
    FULL_REST = "full_rest"


@dataclass(frozen=True, slots=True)
class PlannedExercise:
    """One exercise of a day. `climbs` False: the person went back to it from a harder
    variant with `/swap`, so the programme keeps it rather than moving them up again."""

    exercise: Exercise
    sets: int
    reps: tuple[int, int]
    rest_seconds: int
    climbs: bool = True


@dataclass(frozen=True, slots=True)
class DayPlan:
    """A workout (exercises, no recovery focus) or a recovery day (the reverse)."""

    weekday: Weekday
    exercises: tuple[PlannedExercise, ...] = ()
    recovery: RecoveryFocus | None = None

    def __post_init__(self) -> None:
        if bool(self.exercises) == (self.recovery is not None):
            msg = f"{self.weekday.short}: a day has either exercises or a recovery focus"
            raise ValueError(msg)

    @property
    def is_workout(self) -> bool:
        return bool(self.exercises)


@dataclass(frozen=True, slots=True)
class WeekPlan:
    days: tuple[DayPlan, ...]
    # A plan's hash walks every exercise of every day; plans key the caches a reminder batch
    # looks up once per person, and people with one profile share one plan object.
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if tuple(day.weekday for day in self.days) != tuple(Weekday):
            msg = "a week plan has exactly seven days, Monday first"
            raise ValueError(msg)
        object.__setattr__(self, "_hash", hash(self.days))

    def __hash__(self) -> int:
        return self._hash

    def day(self, weekday: Weekday) -> DayPlan:
        return self.days[weekday]

    def weekly_sets(self) -> dict[MuscleGroup, int]:
        totals = {MuscleGroup.GLUTES: 0, MuscleGroup.HAMSTRINGS: 0}
        for day in self.days:
            for planned in day.exercises:
                totals[planned.exercise.primary] += planned.sets
        return totals


_SUGGESTED_WEEKDAYS: dict[int, tuple[Weekday, ...]] = {
    2: (Weekday.MON, Weekday.THU),
    3: (Weekday.MON, Weekday.WED, Weekday.FRI),
    4: (Weekday.MON, Weekday.TUE, Weekday.THU, Weekday.FRI),
    # Five days of seven always hold three in a row once the week repeats; Wednesday and
    # Sunday off keep the run to Thursday-Saturday, right before the longest break.
    5: (Weekday.MON, Weekday.TUE, Weekday.THU, Weekday.FRI, Weekday.SAT),
}


def suggest_weekdays(days: int) -> tuple[Weekday, ...]:
    """Training days spread so sessions rarely fall back to back."""
    _check_day_count(days)
    return _SUGGESTED_WEEKDAYS[days]


def _check_day_count(days: int) -> None:
    if not MIN_TRAINING_DAYS <= days <= MAX_TRAINING_DAYS:
        msg = (
            f"training days must be between {MIN_TRAINING_DAYS} and {MAX_TRAINING_DAYS}, got {days}"
        )
        raise ValueError(msg)


def _training_weekdays(days: int, weekdays: tuple[Weekday, ...] | None) -> tuple[Weekday, ...]:
    _check_day_count(days)
    if weekdays is None:
        return suggest_weekdays(days)
    if len(set(weekdays)) != len(weekdays):
        msg = "each training weekday can be given only once"
        raise ValueError(msg)
    if len(weekdays) != days:
        msg = f"{days} training days need {days} weekdays, got {len(weekdays)}"
        raise ValueError(msg)
    return tuple(sorted(weekdays))


# --- Weekly volume ---------------------------------------------------------------------

# Direct sets per group and week for an even split; the ranges the plan must stay within
# are beginner 6-14, intermediate 10-20, advanced 12-24.
_BASE_SETS: dict[Experience, dict[int, int]] = {
    Experience.BEGINNER: {2: 8, 3: 9, 4: 10, 5: 10},
    Experience.INTERMEDIATE: {2: 12, 3: 14, 4: 15, 5: 16},
    Experience.ADVANCED: {2: 14, 3: 16, 4: 18, 5: 20},
}
_SET_RANGE: dict[Experience, tuple[int, int]] = {
    Experience.BEGINNER: (6, 14),
    Experience.INTERMEDIATE: (10, 20),
    Experience.ADVANCED: (12, 24),
}
_FOCUS: dict[Goal, MuscleGroup] = {
    Goal.GLUTES: MuscleGroup.GLUTES,
    Goal.HAMSTRINGS: MuscleGroup.HAMSTRINGS,
}
_MIN_SETS_PER_EXERCISE = 2
_PREFERRED_SETS_PER_EXERCISE = 3
_MIN_EXERCISES_PER_DAY = 2


def _target_sets(goal: Goal, experience: Experience, days: int) -> dict[MuscleGroup, int]:
    base = _BASE_SETS[experience][days]
    low, high = _SET_RANGE[experience]
    focus = _FOCUS.get(goal)
    if focus is None:
        return {MuscleGroup.GLUTES: base, MuscleGroup.HAMSTRINGS: base}
    # A focus goal moves about a quarter of the base volume towards the focus group.
    shift = base // 4
    other = next(g for g in (MuscleGroup.GLUTES, MuscleGroup.HAMSTRINGS) if g is not focus)
    return {focus: min(high, base + shift), other: max(low, base - shift)}


def _exercise_counts(sets: dict[MuscleGroup, int], days: int) -> dict[MuscleGroup, int]:
    """How many exercises share each group's sets: about three sets each, or more exercises
    with fewer sets (never under two) when the days need at least two exercises each.

    With the volumes above this never exceeds six exercises a day or four sets an exercise.
    """
    counts = {g: round(s / _PREFERRED_SETS_PER_EXERCISE) for g, s in sets.items()}
    while sum(counts.values()) < _MIN_EXERCISES_PER_DAY * days:
        group = max(
            (g for g in counts if sets[g] >= _MIN_SETS_PER_EXERCISE * (counts[g] + 1)),
            key=lambda g: sets[g] / counts[g],
        )
        counts[group] += 1
    return counts


def _split_sets(total: int, parts: int) -> list[int]:
    """Even shares, the first (most important) slots taking the remainder."""
    share, extra = divmod(total, parts)
    return [share + (i < extra) for i in range(parts)]


# --- Slots: which movement goes on which training day -----------------------------------


class _Special(StrEnum):
    """Slots that are not one movement pattern."""

    POWER = "power"  # explosive work of any pattern
    NORDIC = "nordic"  # the Nordic curl family


# A slot's movement: a pattern, or one of the special kinds of work.
_Move = Pattern | _Special


class _Slot(NamedTuple):
    """A place in the week for one exercise."""

    group: MuscleGroup
    move: _Move
    sets: int


# Work that tires the hamstrings for a day or two; kept off back-to-back days.
_HEAVY_MOVES = frozenset({Pattern.HIP_HINGE, _Special.NORDIC})
# Nordic programmes cut hamstring injuries by about half with low volume (van Dyk et al.
# 2019, Br J Sports Med meta-analysis): one slot a week of at most three sets.
_NORDIC_MAX_SETS = 3


_GLUTE_PATTERNS: dict[Goal, tuple[Pattern, ...]] = {
    Goal.GLUTES: (
        Pattern.BRIDGE_THRUST,
        Pattern.LUNGE,
        Pattern.SQUAT,
        Pattern.HIP_ABDUCTION,
        Pattern.HIP_EXTENSION,
    ),
    Goal.HAMSTRINGS: (Pattern.BRIDGE_THRUST, Pattern.SQUAT, Pattern.LUNGE, Pattern.HIP_EXTENSION),
    Goal.BALANCED: (
        Pattern.BRIDGE_THRUST,
        Pattern.SQUAT,
        Pattern.LUNGE,
        Pattern.HIP_EXTENSION,
        Pattern.HIP_ABDUCTION,
    ),
    Goal.STRENGTH: (
        Pattern.SQUAT,
        Pattern.BRIDGE_THRUST,
        Pattern.HIP_HINGE,
        Pattern.LUNGE,
        Pattern.HIP_ABDUCTION,
    ),
    Goal.ATHLETIC: (
        Pattern.BRIDGE_THRUST,
        Pattern.LUNGE,
        Pattern.SQUAT,
        Pattern.HIP_ABDUCTION,
        Pattern.HIP_EXTENSION,
    ),
}
# The first hamstring slot is the week's Nordic curl, so every plan has one and it is
# placed before the hinges, which then keep their distance from it.
_HAMSTRING_PATTERNS: dict[Goal, tuple[Pattern, ...]] = {
    Goal.HAMSTRINGS: (
        Pattern.HIP_HINGE,
        Pattern.KNEE_FLEXION,
        Pattern.HIP_HINGE,
        Pattern.KNEE_FLEXION,
        Pattern.BRIDGE_THRUST,
    ),
}
_DEFAULT_HAMSTRING_PATTERNS = (
    Pattern.HIP_HINGE,
    Pattern.KNEE_FLEXION,
    Pattern.HIP_HINGE,
    Pattern.BRIDGE_THRUST,
)


def _group_moves(goal: Goal, group: MuscleGroup, count: int, days: int) -> list[_Move]:
    if group is MuscleGroup.HAMSTRINGS:
        cycle = _HAMSTRING_PATTERNS.get(goal, _DEFAULT_HAMSTRING_PATTERNS)
        return [_Special.NORDIC] + [cycle[i % len(cycle)] for i in range(count - 1)]
    glute_cycle = _GLUTE_PATTERNS[goal]
    power: list[_Move] = []
    if goal is Goal.ATHLETIC:
        # One explosive lift per session at most, and no more than about half the glute work.
        power = [_Special.POWER] * min(days, (count + 1) // 2)
    return power + [glute_cycle[i % len(glute_cycle)] for i in range(count - len(power))]


def _week_slots(goal: Goal, experience: Experience, days: int) -> list[_Slot]:
    """Every slot of the week, most important first, glute and hamstring slots interleaved."""
    sets = _target_sets(goal, experience, days)
    counts = _exercise_counts(sets, days)
    ranked: list[tuple[float, int, _Slot]] = []
    for order, group in enumerate(counts):
        moves = _group_moves(goal, group, counts[group], days)
        shares = _split_sets(sets[group], counts[group])
        if group is MuscleGroup.HAMSTRINGS:
            # The Nordic (first) takes the smallest share: about three sets a slot means
            # that is never more than `_NORDIC_MAX_SETS`.
            shares.reverse()
        for i, (move, share) in enumerate(zip(moves, shares, strict=True)):
            ranked.append((i / counts[group], order, _Slot(group, move, share)))
    return [slot for *_, slot in sorted(ranked)]


def _neighbours(weekdays: tuple[Weekday, ...]) -> list[list[int]]:
    """For each training day, the indexes of training days the day before or after (Sunday
    and Monday touch: the week repeats)."""
    index = {weekday: i for i, weekday in enumerate(weekdays)}
    return [
        [index[w] for w in (Weekday((d - 1) % 7), Weekday((d + 1) % 7)) if w in index]
        for d in weekdays
    ]


@cache
def _layout(
    goal: Goal, experience: Experience, weekdays: tuple[Weekday, ...]
) -> tuple[tuple[int, _Slot], ...]:
    """Deal the week's slots to training days: (day index, slot), most important first.

    Day sizes are fixed up front (as even as possible, so each workout has 2 to 6
    exercises); within that, a slot goes where its movement is new to the day, where heavy
    hamstring work is not next to more of it, and where its muscle group has had least so
    far. Then every day without a compound lift trades a slot for one.
    """
    slots = _week_slots(goal, experience, len(weekdays))
    capacity = _split_sets(len(slots), len(weekdays))
    neighbours = _neighbours(weekdays)
    placed: list[list[_Slot]] = [[] for _ in weekdays]

    def cost(slot: _Slot, d: int) -> tuple[int, int, int, int, int]:
        moves = [s.move for s in placed[d]]
        heavy_clash = 0
        if slot.move in _HEAVY_MOVES:
            near = [s.move for n in neighbours[d] for s in placed[n]]
            heavy_clash = sum(m in _HEAVY_MOVES for m in moves + near)
        same_group = sum(s.group is slot.group for s in placed[d])
        return (moves.count(slot.move), heavy_clash, same_group, len(moves), d)

    dealt: list[tuple[int, _Slot]] = []
    for slot in slots:
        open_days = [d for d in range(len(weekdays)) if len(placed[d]) < capacity[d]]
        day = min(open_days, key=lambda d: cost(slot, d))
        placed[day].append(slot)
        dealt.append((day, slot))
    return tuple(_with_a_compound_every_day(dealt, len(weekdays)))


def _with_a_compound_every_day(
    dealt: list[tuple[int, _Slot]], days: int
) -> list[tuple[int, _Slot]]:
    """Every workout gets a big lift to build around: a day without one swaps its least
    important slot for the least important compound of a day that has two or more."""
    dealt = list(dealt)
    for day in range(days):
        compounds = Counter(d for d, slot in dealt if _is_compound(slot.move))
        if compounds[day]:
            continue
        gives = [
            i for i, (d, slot) in enumerate(dealt) if compounds[d] > 1 and _is_compound(slot.move)
        ]
        takes = [i for i, (d, _) in enumerate(dealt) if d == day]
        if not gives or not takes:
            continue
        give, take = gives[-1], takes[-1]
        (donor, compound), (_, other) = dealt[give], dealt[take]
        dealt[give], dealt[take] = (donor, other), (day, compound)
    return dealt


def _is_compound(move: _Move) -> bool:
    return move is _Special.POWER or move in COMPOUND_PATTERNS


# --- Choosing exercises -------------------------------------------------------------------

_Kind = tuple[MuscleGroup, _Move]


def _move(exercise: Exercise) -> _Move:
    if exercise.explosive:
        return _Special.POWER
    return _Special.NORDIC if exercise.nordic else exercise.pattern


@cache
def _pools(
    goal: Goal, equipment: frozenset[Equipment], experience: Experience
) -> dict[_Kind, tuple[Exercise, ...]]:
    """Usable exercises by group and pattern, in the order the planner prefers them.

    The catalogue order is the coach's preference, except that exercises two levels below
    the person (unless loaded: the load grows with the lifter), and (past the beginner
    stage) those whose harder variant the person can do, go to the back of the queue.
    For the strength goal, a movement the person can load is always loaded, except hinges:
    their lighter options are the way round heavy hamstring work on back-to-back days.
    """
    usable = [e for e in CATALOGUE if e.usable_with(equipment) and e.difficulty.suits(experience)]
    usable_ids = {e.id for e in usable}
    experienced = experience is not Experience.BEGINNER
    usable.sort(
        key=lambda e: (
            experience.rank - e.difficulty.rank > 1 and not e.is_loaded_compound,
            experienced and e.harder in usable_ids,
        )
    )
    pools: dict[_Kind, list[Exercise]] = {}
    for exercise in usable:
        pools.setdefault((exercise.primary, _move(exercise)), []).append(exercise)
    if goal is Goal.STRENGTH:
        for kind, options in pools.items():
            loaded = [e for e in options if e.is_loaded_compound]
            if loaded and not any(e.is_heavy_hamstring for e in loaded):
                pools[kind] = loaded
    return {kind: tuple(options) for kind, options in pools.items()}


def _fallback_kinds(slot: _Slot) -> list[_Kind]:
    """The slot's own kind, then the rest of its group's patterns, so volume stays put."""
    others = [p for p in Pattern if p is not slot.move]
    return [(slot.group, slot.move)] + [(slot.group, p) for p in others]


class _Picker:
    """Chooses exercises for slots, rotating through options so the week has variety."""

    def __init__(self, pools: dict[_Kind, tuple[Exercise, ...]]) -> None:
        self._pools = pools
        self._turns: dict[_Kind, int] = {}

    def pick(self, slot: _Slot, today: set[str], nearby: set[str], avoid_heavy: bool) -> Exercise:
        """`today`: already in this workout; `nearby`: in the workouts a day either side."""
        kind, position, exercise = next(self._options(slot, today, nearby, avoid_heavy))
        self._turns[kind] = position + 1
        return exercise

    def _options(
        self, slot: _Slot, today: set[str], nearby: set[str], avoid_heavy: bool
    ) -> Iterator[tuple[_Kind, int, Exercise]]:
        own = [(slot.group, slot.move)]
        every = _fallback_kinds(slot)
        # Repeating yesterday's exercise is better than losing the slot's pattern; heavy
        # hamstring work next to more of it, or an exercise twice in one workout, is worse
        # than either. The week's Nordic is never given up: the other slots make way.
        avoid_heavy = avoid_heavy and slot.move is not _Special.NORDIC
        passes: tuple[tuple[list[_Kind], bool, set[str]], ...] = (
            (own, avoid_heavy, today | nearby),
            (own, avoid_heavy, today),
            (every, avoid_heavy, today | nearby),
            (every, avoid_heavy, today),
            (every, False, today),
            (every, False, set()),
        )
        for kinds, skip_heavy, skip_ids in passes:
            for kind in kinds:
                options = self._pools.get(kind, ())
                start = self._turns.get(kind, 0)
                for position in range(start, start + len(options)):
                    exercise = options[position % len(options)]
                    if exercise.id in skip_ids or (skip_heavy and exercise.is_heavy_hamstring):
                        continue
                    yield kind, position, exercise


# --- Prescription ---------------------------------------------------------------------------


def prescribe(exercise: Exercise, sets: int, goal: Goal, experience: Experience) -> PlannedExercise:
    """Sets, reps and rest for `exercise` in a slot of `sets` sets."""
    if exercise.nordic:
        sets = min(sets, _NORDIC_MAX_SETS)
    reps = _reps(exercise, goal, experience)
    return PlannedExercise(exercise, sets, reps, _rest_seconds(exercise, reps))


def _reps(exercise: Exercise, goal: Goal, experience: Experience) -> tuple[int, int]:
    if not exercise.is_loaded_compound:
        return exercise.rep_range
    barbell = Equipment.BARBELL in exercise.equipment
    beginner = experience is Experience.BEGINNER
    if goal is Goal.STRENGTH:
        # Strength is built with loads you can lift 3-8 times; beginners stay at the top
        # of that while they learn the lifts.
        if beginner or not barbell:
            return (6, 8)
        return (3, 5) if experience is Experience.ADVANCED else (4, 6)
    if beginner and barbell:
        # Light loads and moderate reps while the technique is new.
        low, high = exercise.rep_range
        return (max(low, 8), max(high, 10))
    return exercise.rep_range


# Equipment that guides the movement, so a compound on it needs less rest than free weights.
_MACHINES = frozenset({Equipment.CABLE, Equipment.LEG_CURL_MACHINE})
# Single-joint glute work with small loads: a minute is enough to go again.
_SMALL_ISOLATION = frozenset({Pattern.HIP_ABDUCTION, Pattern.HIP_EXTENSION})


def _rest_seconds(exercise: Exercise, reps: tuple[int, int]) -> int:
    # Longer rests between sets of big lifts let you keep the load and reps up: 3 minutes
    # gave more strength and muscle than 1 minute in trained men (Schoenfeld et al. 2016,
    # J Strength Cond Res 30(7):1805-12). Heavy low-rep free-weight sets get the most.
    if exercise.is_loaded_compound:
        return 180 if reps[1] <= 6 else 120
    if exercise.pattern in COMPOUND_PATTERNS:
        # Explosive and bodyweight compounds: 90 s keeps the next set crisp.
        return 120 if exercise.equipment & _MACHINES else 90
    return 60 if exercise.pattern in _SMALL_ISOLATION else 90


def display_rank(planned: PlannedExercise) -> int:
    """Power work while fresh, then heavy compounds, then lighter accessories."""
    exercise = planned.exercise
    if exercise.explosive:
        return 0
    if exercise.is_loaded_compound:
        return 1
    if exercise.pattern in COMPOUND_PATTERNS:
        return 2
    return 3 if exercise.pattern is not Pattern.HIP_ABDUCTION else 4


def _recovery_focus(weekday: Weekday, training: frozenset[Weekday]) -> RecoveryFocus:
    # Mobility eases soreness the day after a session, full rest keeps legs fresh the day
    # before one, and an easy walk keeps you moving on the days in between.
    if Weekday((weekday - 1) % 7) in training:
        return RecoveryFocus.MOBILITY
    if Weekday((weekday + 1) % 7) in training:
        return RecoveryFocus.FULL_REST
    return RecoveryFocus.WALK


def build_plan(
    goal: Goal,
    experience: Experience,
    equipment: frozenset[Equipment],
    days: int,
    weekdays: tuple[Weekday, ...] | None = None,
) -> WeekPlan:
    """The week's plan; the same input always gives the same plan.

    `weekdays` None lets Coach choose the days with `suggest_weekdays`.
    Raises ValueError for day counts outside 2-5 or weekdays that do not match `days`.
    """
    training = _training_weekdays(days, weekdays)
    picker = _Picker(_pools(goal, equipment, experience))
    neighbours = _neighbours(training)
    heavy_days: set[int] = set()
    chosen: list[list[PlannedExercise]] = [[] for _ in training]
    # Slots come most important first, so the main lifts get the first-choice exercises.
    for d, slot in _layout(goal, experience, training):
        today = {planned.exercise.id for planned in chosen[d]}
        nearby = {planned.exercise.id for n in neighbours[d] for planned in chosen[n]}
        avoid_heavy = d in heavy_days or any(n in heavy_days for n in neighbours[d])
        exercise = picker.pick(slot, today, nearby, avoid_heavy)
        if exercise.is_heavy_hamstring:
            heavy_days.add(d)
        chosen[d].append(prescribe(exercise, slot.sets, goal, experience))
    workouts = {
        weekday: tuple(sorted(day, key=display_rank))
        for weekday, day in zip(training, chosen, strict=True)
    }
    training_set = frozenset(training)
    return WeekPlan(
        tuple(
            DayPlan(weekday, workouts[weekday])
            if weekday in workouts
            else DayPlan(weekday, recovery=_recovery_focus(weekday, training_set))
            for weekday in Weekday
        )
    )


class NotASubstitute(ValueError):
    """A swap to an exercise that may not replace the old one on that day."""


def swap_exercise(
    plan: WeekPlan, profile: TrainingProfile, weekday: Weekday, old_id: str, new_id: str
) -> WeekPlan:
    """The plan with one exercise on one day replaced by another, prescribed for itself
    (reps and rest of its own, the slot's sets where they suit it).

    ValueError when `old_id` is not that day's; NotASubstitute when `new_id` is not one of
    its `swap_options`.
    """
    new = require_exercise(new_id)
    if new not in swap_options(plan, profile, weekday, old_id):
        msg = f"{new.name} may not replace {old_id!r} in the {weekday.short} plan"
        raise NotASubstitute(msg)
    day = plan.day(weekday)
    exercises = tuple(
        prescribe(new, planned.sets, profile.goal, profile.experience)
        if planned.exercise.id == old_id
        else planned
        for planned in day.exercises
    )
    days = list(plan.days)
    days[weekday] = replace(day, exercises=exercises)
    return WeekPlan(tuple(days))


def keep_exercise(plan: WeekPlan, weekday: Weekday, exercise_id: str) -> WeekPlan:
    """The plan with the day's `exercise_id` kept as it is: the programme no longer moves
    the person up to its harder variants there (until a swap replaces it).

    ValueError when `exercise_id` is not that day's."""
    day = plan.day(weekday)
    if exercise_id not in {planned.exercise.id for planned in day.exercises}:
        msg = f"{exercise_id!r} is not in the {weekday.short} plan"
        raise ValueError(msg)
    exercises = tuple(
        replace(planned, climbs=False) if planned.exercise.id == exercise_id else planned
        for planned in day.exercises
    )
    days = list(plan.days)
    days[weekday] = replace(day, exercises=exercises)
    return WeekPlan(tuple(days))


@dataclass(frozen=True, slots=True)
class Swap:
    """One exercise of one day replaced by the person (`/swap`)."""

    weekday: Weekday
    old_id: str
    new_id: str


def swaps_between(generated: WeekPlan, current: WeekPlan) -> list[Swap]:
    """The swaps that turned `generated` (what `build_plan` gives) into `current`.

    A swap keeps the exercise's place in its day, so a day whose length differs was not
    changed by swaps and gives none; a swap undone by swapping back leaves nothing. An
    exercise kept from climbing (`keep_exercise`) comes as a swap to itself.
    """
    swaps: list[Swap] = []
    for built, kept in zip(generated.days, current.days, strict=True):
        if len(built.exercises) != len(kept.exercises):
            continue
        for old, new in zip(built.exercises, kept.exercises, strict=True):
            if old.exercise.id != new.exercise.id:
                swaps.append(Swap(built.weekday, old.exercise.id, new.exercise.id))
            if not new.climbs:
                swaps.append(Swap(built.weekday, new.exercise.id, new.exercise.id))
    return swaps


def apply_swaps(plan: WeekPlan, profile: TrainingProfile, swaps: list[Swap]) -> WeekPlan:
    """`plan` with each of `swaps` made that still fits it: the old exercise is on that day
    and the new one is still a substitute for this person (their equipment may have gone);
    a swap to itself keeps the exercise from climbing."""
    for swap in swaps:
        try:
            if swap.old_id == swap.new_id:
                plan = keep_exercise(plan, swap.weekday, swap.old_id)
            else:
                plan = swap_exercise(plan, profile, swap.weekday, swap.old_id, swap.new_id)
        except ValueError:
            continue
    return plan


def swap_options(
    plan: WeekPlan, profile: TrainingProfile, weekday: Weekday, old_id: str
) -> list[Exercise]:
    """What may replace `old_id` on `weekday`, best first: its `substitutes` for this
    person, less the day's other exercises (a day has each exercise once).

    ValueError when `old_id` is not one of that day's exercises.
    """
    today = {planned.exercise.id for planned in plan.day(weekday).exercises}
    if old_id not in today:
        msg = f"{old_id!r} is not in the {weekday.short} plan"
        raise ValueError(msg)
    options = substitutes(old_id, profile.equipment, profile.experience)
    return [option for option in options if option.id not in today]


def substitutes(
    exercise_id: str, equipment: frozenset[Equipment], experience: Experience
) -> list[Exercise]:
    """Other exercises for the same movement pattern that this person can do: same primary
    group first, then those closest to the person's level, then in catalogue order.

    Explosive work and heavy lifts train different things, so neither stands in for the
    other."""
    original = require_exercise(exercise_id)
    options = [
        exercise
        for exercise in CATALOGUE
        if exercise.pattern is original.pattern
        and exercise is not original
        and _same_kind_of_effort(exercise, original)
        and exercise.usable_with(equipment)
        and exercise.difficulty.suits(experience)
    ]
    return sorted(
        options,
        key=lambda e: (e.primary is not original.primary, experience.rank - e.difficulty.rank),
    )


def _same_kind_of_effort(a: Exercise, b: Exercise) -> bool:
    heavy = a.is_loaded_compound or b.is_loaded_compound
    return a.explosive == b.explosive or not heavy
