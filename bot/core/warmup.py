"""Warm-up sets before the work sets of a loaded compound lift.

Warm-up sets prepare the first work set without tiring the person for it: a few ramping
sets, each lighter and with fewer reps than the one before is heavy, so the groove is
rehearsed and the load is no shock, and no set is near the effort of a work set. They are
not work sets and are never counted as such.

* A barbell lift ramps from the empty bar (20 kg / 45 lb) × 8, then about 40% × 5, 60% × 3
  and 80% × 2 of the work weight (the usual "bar, 40/60/80%" ramp; two reps at 80%, since
  the work sets here are sets of 5-15, so 80% of them is light).
* A dumbbell or kettlebell lift takes about 50% × 8 and 75% × 4.

Each share is rounded down to a load the person can pick up (plates, or a size in their
set): a warm-up meant to be lighter never comes out heavier. A warm-up is kept only when it
is at least a tenth of the work weight heavier than the one before (the bar, or nothing),
so a light load gets fewer sets: a 30 kg squat gets the bar alone, a 16 kg goblet squat
8 kg and 12 kg. When nothing lighter makes a warm-up and the work weight is at least an
empty bar's, one empty-handed set × 8 rehearses the movement (a beginner's first barbell
load, or a person's only kettlebell); a lighter load, like the lightest dumbbell, is its
own warm-up.

Reps are per side for an exercise done one side at a time, like its work sets.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.catalogue import Exercise
from bot.core.loading import SIZES, Sizes
from bot.core.profile import Equipment, Units

BAR = {Units.KG: 20.0, Units.LB: 45.0}
_BAR_REPS = 8
_BAR_RAMP = ((0.4, 5), (0.6, 3), (0.8, 2))
_HAND_HELD_RAMP = ((0.5, 8), (0.75, 4))
# A warm-up closer than this share of the work weight to the one before adds nothing.
_MIN_JUMP = 0.1
_EMPTY_HANDED_REPS = 8


@dataclass(frozen=True, slots=True)
class WarmupSet:
    """One warm-up set; `weight` None is empty-handed."""

    reps: int
    weight: float | None


def warmup_sets(
    exercise: Exercise, work_weight: float | None, units: Units, sizes: Sizes | None
) -> tuple[WarmupSet, ...]:
    """The warm-up sets before work sets at `work_weight` (in `units`, loaded in `sizes`),
    lightest first; none but for a free-weight compound lift with a known load."""
    if not exercise.is_loaded_compound or work_weight is None or sizes is None:
        return ()
    bar = BAR[units]
    on_bar = Equipment.BARBELL in exercise.equipment and sizes == SIZES[Equipment.BARBELL][units]
    ramp = _BAR_RAMP if on_bar else _HAND_HELD_RAMP
    sets = [WarmupSet(_BAR_REPS, bar)] if on_bar and bar < work_weight else []
    # Nothing lighter than the bar can be loaded on it.
    previous = bar if on_bar else 0.0
    for share, reps in ramp:
        load = _at_or_below(share * work_weight, sizes)
        if load is not None and load >= previous + _MIN_JUMP * work_weight:
            sets.append(WarmupSet(reps, load))
            previous = load
    if not sets and work_weight >= bar:
        return (WarmupSet(_EMPTY_HANDED_REPS, None),)
    return tuple(sets)


def _at_or_below(weight: float, sizes: Sizes) -> float | None:
    index = sizes.index_at_or_below(weight)
    return float(sizes.size(index)) if index >= 0 else None
