"""Weekly training volume by muscle group and movement pattern, and the lags worth flagging.

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
class WeekVolume:
    """Sets in one ISO week (Monday to Sunday), by primary muscle group and by movement.

    Both dicts hold every glute/hamstring group and every pattern group, zero when untrained.
    """

    week_start: date
    by_group: dict[MuscleGroup, int]
    by_pattern: dict[PatternGroup, int]

    @property
    def total_sets(self) -> int:
        return sum(self.by_group.values())


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
    groups = [dict.fromkeys(_GROUPS, 0) for _ in range(weeks)]
    patterns = [dict.fromkeys(PatternGroup, 0) for _ in range(weeks)]
    for entry in entries:
        index = (entry.local_date - first).days // 7
        if not 0 <= index < weeks or entry.exercise_id is None:
            continue
        exercise = get_exercise(entry.exercise_id)
        if exercise is None:
            continue
        sets = len(entry.sets)
        groups[index][exercise.primary] = groups[index].get(exercise.primary, 0) + sets
        patterns[index][PATTERN_GROUPS[exercise.pattern]] += sets
    return [WeekVolume(first + timedelta(weeks=i), groups[i], patterns[i]) for i in range(weeks)]


class ImbalanceKind(StrEnum):
    HAMSTRINGS_LAG = "hamstrings_lag"
    GLUTES_LAG = "glutes_lag"
    NO_HIP_HINGE = "no_hip_hinge"
    NO_KNEE_FLEXION = "no_knee_flexion"
    NO_BRIDGE_THRUST = "no_bridge_thrust"
    NO_SQUAT_LUNGE = "no_squat_lunge"


@dataclass(frozen=True, slots=True)
class Imbalance:
    """A lag seen in each of the last two complete weeks, and the exercise that fills it
    (None when nothing the person can do with their equipment and level would)."""

    kind: ImbalanceKind
    suggestion: Exercise | None


# Below this many sets of known exercises a week says more about a busy week than about
# balance: a single short session would otherwise read as "no hinge" or "no curls".
MIN_WEEK_SETS = 8

# Every plan Coach builds has these four buckets every week; abduction is an accessory some
# plans leave out, so its absence is the plan working, not a gap.
_REQUIRED: dict[PatternGroup, ImbalanceKind] = {
    PatternGroup.HIP_HINGE: ImbalanceKind.NO_HIP_HINGE,
    PatternGroup.KNEE_FLEXION: ImbalanceKind.NO_KNEE_FLEXION,
    PatternGroup.BRIDGE_THRUST: ImbalanceKind.NO_BRIDGE_THRUST,
    PatternGroup.SQUAT_LUNGE: ImbalanceKind.NO_SQUAT_LUNGE,
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


def _lags(sets: int, other: int) -> bool:
    """Under two-thirds of the other group's sets (in integers, so 8 of 12 is not a lag)."""
    return 3 * sets < 2 * other


def find_imbalances(
    volumes: Sequence[WeekVolume], equipment: frozenset[Equipment], experience: Experience
) -> list[Imbalance]:
    """Lags present in both of the last two weeks of `volumes`, which must be complete weeks.

    Group lags come first (hamstrings, then glutes), then missing movement buckets. Nothing
    is reported while fewer than two weeks are known or either week has under
    `MIN_WEEK_SETS` sets of known exercises.
    """
    recent = volumes[-2:]
    if len(recent) < 2 or any(week.total_sets < MIN_WEEK_SETS for week in recent):
        return []
    found = [
        Imbalance(kind, _group_suggestion(lagging, recent, equipment, experience))
        for lagging, leading, kind in _LAGS
        if all(_lags(week.by_group[lagging], week.by_group[leading]) for week in recent)
    ]
    found.extend(
        Imbalance(kind, _suggestion(bucket, None, equipment, experience))
        for bucket, kind in _REQUIRED.items()
        if all(week.by_pattern[bucket] == 0 for week in recent)
    )
    return found


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
