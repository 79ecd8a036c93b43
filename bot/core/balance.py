"""Weekly training volume by muscle group and movement pattern, and the lags worth flagging:
those against the person's own plan, so a glute-focus week is no hamstring lag.

A set is every set a person logged: the log has no warm-up marker, and people rarely log
warm-ups, so each one counts as a working set. Only catalogue exercises count: a name Coach
does not know (exercise_id None, or an id no longer in the catalogue) has no muscle group
or pattern to credit, so it appears in neither tally.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.core.catalogue import CATALOGUE, Exercise, MuscleGroup, Pattern, get_exercise
from bot.core.history import HistoryEntry
from bot.core.planner import WeekPlan
from bot.core.profile import Equipment, Experience


class PatternGroup(StrEnum):
    """The movement buckets the weekly summary reports."""

    HIP_HINGE = "hip_hinge"
    KNEE_FLEXION = "knee_flexion"
    BRIDGE_THRUST = "bridge_thrust"
    SQUAT_LUNGE = "squat_lunge"
    HIP_ABDUCTION = "hip_abduction"


# Kickbacks and back extensions are glute-led hip extension, like bridges and thrusts, and
# the planner fills the same glute slots with them; a bucket of their own would tell someone
# who kicks back instead of bridging that they skip work they are doing.
PATTERN_GROUPS: dict[Pattern, PatternGroup] = {
    Pattern.HIP_HINGE: PatternGroup.HIP_HINGE,
    Pattern.KNEE_FLEXION: PatternGroup.KNEE_FLEXION,
    Pattern.BRIDGE_THRUST: PatternGroup.BRIDGE_THRUST,
    Pattern.HIP_EXTENSION: PatternGroup.BRIDGE_THRUST,
    Pattern.SQUAT: PatternGroup.SQUAT_LUNGE,
    Pattern.LUNGE: PatternGroup.SQUAT_LUNGE,
    Pattern.HIP_ABDUCTION: PatternGroup.HIP_ABDUCTION,
}

_GROUPS = (MuscleGroup.GLUTES, MuscleGroup.HAMSTRINGS)


@dataclass(frozen=True, slots=True)
class SetMix:
    """Sets by primary muscle group and by movement, every glute/hamstring group and every
    pattern group present, zero when untrained."""

    by_group: dict[MuscleGroup, int]
    by_pattern: dict[PatternGroup, int]

    @property
    def total_sets(self) -> int:
        return sum(self.by_group.values())


@dataclass(frozen=True, slots=True)
class WeekVolume(SetMix):
    """The sets done in one ISO week (Monday to Sunday)."""

    week_start: date


def week_start(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def weekly_volume(entries: Iterable[HistoryEntry], weeks: int, today: date) -> list[WeekVolume]:
    """The last `weeks` ISO weeks up to the one holding `today`, oldest first, weeks without
    training included (with zeros) so a gap shows as a gap."""
    if weeks < 1:
        msg = f"at least one week is needed, got {weeks}"
        raise ValueError(msg)
    first = week_start(today) - timedelta(weeks=weeks - 1)
    done: list[list[tuple[Exercise, int]]] = [[] for _ in range(weeks)]
    for entry in entries:
        index = (entry.local_date - first).days // 7
        if not 0 <= index < weeks or entry.exercise_id is None:
            continue
        exercise = get_exercise(entry.exercise_id)
        if exercise is not None:
            done[index].append((exercise, len(entry.sets)))
    mixes = [_tally(week) for week in done]
    return [
        WeekVolume(mix.by_group, mix.by_pattern, first + timedelta(weeks=i))
        for i, mix in enumerate(mixes)
    ]


def planned_volume(plan: WeekPlan) -> SetMix:
    """The sets a week of `plan` asks for, counted as a week of logs is."""
    return _tally(
        (planned.exercise, planned.sets) for day in plan.days for planned in day.exercises
    )


def _tally(sets: Iterable[tuple[Exercise, int]]) -> SetMix:
    groups = dict.fromkeys(_GROUPS, 0)
    patterns = dict.fromkeys(PatternGroup, 0)
    for exercise, count in sets:
        groups[exercise.primary] = groups.get(exercise.primary, 0) + count
        patterns[PATTERN_GROUPS[exercise.pattern]] += count
    return SetMix(groups, patterns)


class ImbalanceKind(StrEnum):
    HAMSTRINGS_LAG = "hamstrings_lag"
    GLUTES_LAG = "glutes_lag"
    FEW_HIP_HINGES = "few_hip_hinges"
    FEW_KNEE_FLEXION = "few_knee_flexion"
    FEW_BRIDGE_THRUST = "few_bridge_thrust"
    FEW_SQUAT_LUNGE = "few_squat_lunge"


@dataclass(frozen=True, slots=True)
class Imbalance:
    """A lag seen in each of the last two complete weeks, and the exercise that fills it
    (None when nothing the person can do with their equipment and level would)."""

    kind: ImbalanceKind
    suggestion: Exercise | None


# Below this many sets of known exercises, and under a third of the plan's sets, a week says
# more about a busy week than about balance: a single short session would otherwise read as
# "no hinge" or "no curls".
MIN_WEEK_SETS = 8

# The movements every plan Coach builds trains, when this week's plan has them; abduction is
# an accessory some plans leave out and others add, and skipping it is no lag worth a note.
_BUCKETS: dict[PatternGroup, ImbalanceKind] = {
    PatternGroup.HIP_HINGE: ImbalanceKind.FEW_HIP_HINGES,
    PatternGroup.KNEE_FLEXION: ImbalanceKind.FEW_KNEE_FLEXION,
    PatternGroup.BRIDGE_THRUST: ImbalanceKind.FEW_BRIDGE_THRUST,
    PatternGroup.SQUAT_LUNGE: ImbalanceKind.FEW_SQUAT_LUNGE,
}

# Where a lagging group's extra sets should go, the bucket trained least first.
_GROUP_BUCKETS: dict[MuscleGroup, tuple[PatternGroup, ...]] = {
    MuscleGroup.HAMSTRINGS: (PatternGroup.KNEE_FLEXION, PatternGroup.HIP_HINGE),
    MuscleGroup.GLUTES: (
        PatternGroup.BRIDGE_THRUST,
        PatternGroup.SQUAT_LUNGE,
        PatternGroup.HIP_ABDUCTION,
    ),
}

_LAGS = (
    (MuscleGroup.HAMSTRINGS, MuscleGroup.GLUTES, ImbalanceKind.HAMSTRINGS_LAG),
    (MuscleGroup.GLUTES, MuscleGroup.HAMSTRINGS, ImbalanceKind.GLUTES_LAG),
)


def _short(done: int, done_against: int, planned: int, planned_against: int) -> bool:
    """Whether `done` : `done_against` is under two-thirds of the plan's `planned` :
    `planned_against` (in integers, so exactly two-thirds is no lag). A third either way is
    the week-to-week wobble of a person following the plan; the plan's own ratio is never
    short of itself."""
    return 3 * done * planned_against < 2 * planned * done_against


def find_imbalances(
    volumes: Sequence[WeekVolume],
    planned: SetMix,
    equipment: frozenset[Equipment],
    experience: Experience,
) -> list[Imbalance]:
    """Lags against the person's own plan (`planned_volume`) present in both of the last two
    weeks of `volumes`, which must be complete weeks.

    A group lags when its sets against the other group's fall under two-thirds of the plan's
    ratio (a glute-focus plan asks for fewer hamstring sets, and following it is no lag); a
    movement the plan has lags when its share of the week's sets falls under two-thirds of
    its share in the plan. Group lags come first (hamstrings, then glutes), then movements.
    Nothing is reported while fewer than two weeks are known or either week is too light to
    judge (`MIN_WEEK_SETS`).
    """
    recent = volumes[-2:]
    if len(recent) < 2 or not all(_judged(week, planned) for week in recent):
        return []
    found = [
        Imbalance(kind, _group_suggestion(lagging, recent, equipment, experience))
        for lagging, leading, kind in _LAGS
        if all(
            _short(
                week.by_group[lagging],
                week.by_group[leading],
                planned.by_group[lagging],
                planned.by_group[leading],
            )
            for week in recent
        )
    ]
    found.extend(
        Imbalance(kind, _suggestion(bucket, None, equipment, experience))
        for bucket, kind in _BUCKETS.items()
        if all(
            _short(
                week.by_pattern[bucket],
                week.total_sets,
                planned.by_pattern[bucket],
                planned.total_sets,
            )
            for week in recent
        )
    )
    return found


def _judged(week: WeekVolume, planned: SetMix) -> bool:
    return week.total_sets >= MIN_WEEK_SETS or 3 * week.total_sets >= planned.total_sets


def _group_suggestion(
    group: MuscleGroup,
    recent: Sequence[WeekVolume],
    equipment: frozenset[Equipment],
    experience: Experience,
) -> Exercise | None:
    buckets = sorted(
        _GROUP_BUCKETS[group], key=lambda bucket: sum(week.by_pattern[bucket] for week in recent)
    )
    for bucket in buckets:
        exercise = _suggestion(bucket, group, equipment, experience)
        if exercise is not None:
            return exercise
    return None


def _suggestion(
    bucket: PatternGroup,
    group: MuscleGroup | None,
    equipment: frozenset[Equipment],
    experience: Experience,
) -> Exercise | None:
    """The coach's first choice (catalogue order) in the bucket that the person can do."""
    return next(
        (
            exercise
            for exercise in CATALOGUE
            if PATTERN_GROUPS[exercise.pattern] is bucket
            and (group is None or exercise.primary is group)
            and exercise.usable_with(equipment)
            and exercise.difficulty.suits(experience)
        ),
        None,
    )
