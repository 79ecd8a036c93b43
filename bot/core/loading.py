"""The loads a person can actually pick up, and how targets round to them.

A target that says "16 kg" must be a dumbbell the person can find, and a target that says
"add weight" must be heavier by a real step. Each implement comes in sizes, per unit:

* barbell: from the empty bar (20 kg / 45 lb) up, plates change the load by 2.5 kg / 5 lb
  (the lightest pair of change plates);
* dumbbells: the common fixed sets, 1-10 kg by 1 kg, then 12-50 kg by 2 kg and heavier by
  2.5 kg; in pounds 5 lb steps;
* kettlebells: the sizes sold, 4, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 36, 40, 48 kg, then
  by 8 kg; in pounds the labels those bells carry (9, 13, 18, ..., 106 lb), then by 18 lb;
* weight stacks (leg-curl machine, cable): one plate, 5 kg / 10 lb.

A person's own set (two kettlebells, dumbbells up to 30 kg) ends: nothing is heavier than its
heaviest, so one size up from there stays there, and `Sizes.has_heavier` says so.

A load typed in the person's own unit (a whole quarter kilo or half pound) is one they have,
so it is kept as it is. A load converted from the other unit (35 lb is 15.88 kg) is rounded
to the nearest size, which is the same implement in the person's unit, except that a size
more than 2.5% lighter is never offered as "the same": then the next size up is.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass

from bot.core.catalogue import Exercise
from bot.core.profile import Equipment, Units

# Float noise from unit conversion (45.00000000001) must not move a load to another size.
_SLACK = 1e-6
# A converted load rounds down to a size at most this much lighter: 40 lb is 18.14 kg, and
# the 18 kg dumbbell is the same one in kilograms, 0.8% lighter.
SAME_LOAD_TOLERANCE = 0.025
# The precision of a load typed in each unit: anything finer came from a conversion.
_TYPED_PRECISION = {Units.KG: 0.25, Units.LB: 0.5}
# What a converted load is told back as: within 0.25 kg / 0.5 lb of what was lifted, and no
# finer than the labels on dumbbells and plates.
_SHOWN_STEP = {Units.KG: 0.5, Units.LB: 1.0}


@dataclass(frozen=True, slots=True)
class Sizes:
    """The loads of one implement, lightest first: `listed`, then one every `then_every`;
    with `then_every` None the sizes end at the last listed (a person's own set)."""

    listed: tuple[float, ...]
    then_every: float | None

    @property
    def heaviest(self) -> float | None:
        """The heaviest size; None when there is always a heavier one."""
        return self.listed[-1] if self.then_every is None else None

    def has_heavier(self, weight: float) -> bool:
        """Whether some size is heavier than `weight`."""
        heaviest = self.heaviest
        return heaviest is None or weight < heaviest - _SLACK

    def size(self, index: int) -> float:
        """The size at `index`; past the end of sizes that end, the heaviest."""
        last = len(self.listed) - 1
        if index <= last:
            return self.listed[index]
        if self.then_every is None:
            return self.listed[last]
        return round(self.listed[last] + (index - last) * self.then_every, 2)

    def index_at_or_below(self, weight: float) -> int:
        """The index of the heaviest size not above `weight`; -1 below the lightest."""
        last = len(self.listed) - 1
        if weight <= self.listed[last] + _SLACK or self.then_every is None:
            return bisect_right(self.listed, weight + _SLACK) - 1
        return last + math.floor((weight - self.listed[last]) / self.then_every + _SLACK)

    def nearest(self, weight: float) -> float:
        """The size closest to `weight`; between two equally close, the lighter."""
        index = self.index_at_or_below(weight)
        above = self.size(index + 1)
        if index < 0:
            return above
        below = self.size(index)
        return below if weight - below <= above - weight + _SLACK else above

    def above(self, weight: float) -> float:
        """The lightest size heavier than `weight`; the heaviest when none is (sizes that
        end: see `has_heavier`)."""
        return self.size(self.index_at_or_below(weight) + 1)

    def below(self, weight: float) -> float | None:
        """The heaviest size lighter than `weight`; None below the lightest."""
        index = self.index_at_or_below(weight)
        # Stepping back from the size at `weight` itself: a nudge below it would come back
        # up to it past the last listed size, where the slack rounds to the step.
        if index >= 0 and self.size(index) >= weight - _SLACK:
            index -= 1
        return self.size(index) if index >= 0 else None


def _kg_dumbbells() -> tuple[float, ...]:
    return (*map(float, range(1, 11)), *map(float, range(12, 51, 2)))


SIZES: dict[Equipment, dict[Units, Sizes]] = {
    # Nothing lighter than the empty bar goes on a barbell.
    Equipment.BARBELL: {Units.KG: Sizes((20.0,), 2.5), Units.LB: Sizes((45.0,), 5.0)},
    Equipment.DUMBBELLS: {Units.KG: Sizes(_kg_dumbbells(), 2.5), Units.LB: Sizes((5.0,), 5.0)},
    Equipment.KETTLEBELL: {
        Units.KG: Sizes((4, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 36, 40, 48), 8.0),
        Units.LB: Sizes((9, 13, 18, 22, 26, 31, 35, 44, 53, 62, 70, 80, 88, 106), 18.0),
    },
    Equipment.LEG_CURL_MACHINE: {Units.KG: Sizes((5.0,), 5.0), Units.LB: Sizes((10.0,), 10.0)},
    Equipment.CABLE: {Units.KG: Sizes((5.0,), 5.0), Units.LB: Sizes((10.0,), 10.0)},
}

# A load on an exercise with no implement of its own (split squats, step-ups) is hand-held.
HELD_LOAD = Equipment.DUMBBELLS


def estimates_1rm(exercise: Exercise | None) -> bool:
    """Whether the exercise's logged load is what it lifts, so a one-rep max means something:
    it is loaded by an implement of its own (a bar, dumbbells, a bell, a stack). A load on
    bodyweight work (a vest on a Nordic, a dumbbell held for a split squat) is only part of it.
    An exercise of the person's own (None) is taken at its word."""
    return exercise is None or any(implement in exercise.equipment for implement in SIZES)


def load_sizes(
    exercise: Exercise, units: Units, equipment: frozenset[Equipment], *, loaded: bool
) -> Sizes | None:
    """The sizes the exercise is loaded in, in the person's unit; None for bodyweight work.

    The implement is the first of `SIZES` the exercise uses and the person has (a barbell hip
    thrust is loaded by the bar, not the bench). Without one, a `loaded` exercise was done
    with something hand-held, and an unloaded one is bodyweight work: a person without a
    barbell who logs a barbell squat with no load did a bodyweight squat.
    """
    for implement, sizes in SIZES.items():
        if implement in exercise.equipment and implement in equipment:
            return sizes[units]
    return SIZES[HELD_LOAD][units] if loaded else None


def _typed(weight: float, units: Units) -> bool:
    """Whether `weight` is as a person would type it in `units`, not converted."""
    precision = _TYPED_PRECISION[units]
    return abs(weight / precision - round(weight / precision)) <= _SLACK


def shown_load(weight: float, units: Units) -> float:
    """A load that was lifted, as told back to the person in `units`: as typed, or,
    converted from the other unit (35 lb is 15.88 kg), to the nearest 0.5 kg / 1 lb.

    Not rounded to the sizes of an implement like a target: this says what was done, and
    needs no exercise to say it (20 kg is "44 lb", not the 45 lb dumbbell)."""
    if _typed(weight, units):
        return weight
    step = _SHOWN_STEP[units]
    return round(round(weight / step) * step, 2)


def same_load(weight: float, sizes: Sizes, units: Units) -> float:
    """The load to do again after `weight`: as typed, or the size it converts to."""
    if _typed(weight, units):
        return weight
    nearest = sizes.nearest(weight)
    if nearest < weight * (1 - SAME_LOAD_TOLERANCE):
        return sizes.above(weight)
    return nearest


def heavier_load(weight: float, sizes: Sizes) -> float:
    """One size up from the size `weight` is (or is closest to): always a real increase,
    but at the heaviest of sizes that end, which it stays at (see `Sizes.has_heavier`)."""
    return sizes.above(sizes.nearest(weight))
