"""What a person lifted: estimated one-rep maxes, personal records and "compared with last time".

Weights are in the person's own unit throughout (kg or lb); nothing here converts them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeAlias, overload

# Brzycki fits low-rep sets well but blows up as reps approach 37; Epley stays linear. Both give
# exactly 4/3 of the weight at 10 reps, so switching there leaves no step in the estimate.
BRZYCKI_MAX_REPS = 10

# Both formulas were fitted on sets of up to about a dozen reps. Past that, endurance more than
# strength decides the reps: 62 kg × 20 "estimates" 103 kg, more than a real 90 kg × 5 does.
E1RM_MAX_REPS = 12

# Estimates computed along different routes (say 90 × 10 and 120 × 1) can differ in the last
# float bit; a badge must never celebrate that.
_TOLERANCE = 1e-6

# (reps, weight) of a loaded set.
_Lift: TypeAlias = tuple[int, float]


@dataclass(frozen=True, slots=True)
class WorkSet:
    """One logged set. `weight` None means bodyweight only; `rpe`/`rir` only when reported."""

    reps: int
    weight: float | None = None
    rpe: float | None = None
    rir: int | None = None

    def __post_init__(self) -> None:
        if self.reps < 1:
            msg = f"a set needs at least one rep, got {self.reps}"
            raise ValueError(msg)
        if self.weight is not None and self.weight <= 0:
            msg = f"a load must be positive, got {self.weight}"
            raise ValueError(msg)
        if self.rpe is not None and not 0 < self.rpe <= 10:
            msg = f"RPE runs up to 10, got {self.rpe}"
            raise ValueError(msg)
        if self.rir is not None and self.rir < 0:
            msg = f"reps in reserve cannot be negative, got {self.rir}"
            raise ValueError(msg)

    @property
    def at_failure(self) -> bool:
        """The person said there was nothing left: RPE 10 or zero reps in reserve."""
        return (self.rpe is not None and self.rpe >= 10) or self.rir == 0


@dataclass(frozen=True, slots=True)
class SessionResult:
    """Every set of one exercise in one session, in the order they were done."""

    performed_on: date
    sets: tuple[WorkSet, ...]

    def __post_init__(self) -> None:
        if not self.sets:
            msg = "a session result needs at least one set"
            raise ValueError(msg)

    @property
    def top_weight(self) -> float | None:
        """The heaviest load used; None when every set was bodyweight only."""
        return max((s.weight for s in self.sets if s.weight is not None), default=None)

    @property
    def total_reps(self) -> int:
        return sum(s.reps for s in self.sets)

    @property
    def volume(self) -> float | None:
        """Sum of reps × weight over the loaded sets; None when no set was loaded."""
        loaded = [s.reps * s.weight for s in self.sets if s.weight is not None]
        return sum(loaded) if loaded else None


@overload
def estimated_1rm(weight: float, reps: int) -> float: ...
@overload
def estimated_1rm(weight: None, reps: int) -> None: ...
def estimated_1rm(weight: float | None, reps: int) -> float | None:
    """The weight this set suggests the person could lift once.

    * 1 to 10 reps: Brzycki (1993), `w × 36 / (37 − r)`. It was fitted on low-rep sets and
      gives exactly the weight lifted for a single.
    * 11 reps and more: Epley (1985), `w × (1 + r / 30)`. Brzycki's denominator heads to zero
      near 37 reps and overshoots well before; Epley grows linearly and stays plausible.

    Both equal `4/3 × w` at 10 reps, so the estimate rises smoothly with reps. Records and
    charts only estimate from sets `yields_e1rm` accepts. Bodyweight-only sets (`weight` None)
    have no load to extrapolate from and get None.
    """
    if reps < 1:
        msg = f"a set needs at least one rep, got {reps}"
        raise ValueError(msg)
    if weight is None:
        return None
    if reps <= BRZYCKI_MAX_REPS:
        # Dividing first keeps a single exactly at its weight (36 / 36 is exactly 1).
        return weight * (36 / (37 - reps))
    return weight * (1 + reps / 30)


def yields_e1rm(reps: int) -> bool:
    """Whether a set of `reps` says anything about a one-rep max (see `E1RM_MAX_REPS`)."""
    return reps <= E1RM_MAX_REPS


def best_estimate(lifts: Iterable[tuple[int, float]]) -> float | None:
    """The highest one-rep max the (reps, weight) sets estimate, of those that say something
    of one (`yields_e1rm`); None when none does."""
    return max((estimated_1rm(w, reps) for reps, w in lifts if yields_e1rm(reps)), default=None)


class RecordKind(StrEnum):
    E1RM = "e1rm"
    REP_MAX = "rep_max"
    REPS_AT_LOAD = "reps_at_load"
    HEAVIEST = "heaviest"
    MOST_REPS = "most_reps"


@dataclass(frozen=True, slots=True)
class Record:
    """A personal record set in the new session, with the best it beat.

    * E1RM: `value` is the best estimated one-rep max; `reps` × `weight` is the set behind it.
    * REP_MAX (a load record): `value` is the heaviest weight lifted for at least `reps` reps
      (= `weight`); `previous` the heaviest lifted for that many reps before.
    * REPS_AT_LOAD (a rep record): `value` is the most reps in one set at `weight` (= `reps`);
      `previous` the most done before at that load or heavier.
    * HEAVIEST (a load record): `value` is the heaviest load ever lifted (= `weight`).
    * MOST_REPS: bodyweight only; `value` is the most reps in one set (= `reps`), `weight` None.
    """

    kind: RecordKind
    value: float
    previous: float
    reps: int
    weight: float | None


def find_records(
    history: Sequence[SessionResult], new: SessionResult, *, estimates: bool = True
) -> list[Record]:
    """The personal records `new` sets against `history` (the earlier sessions of the exercise).

    A record needs something to beat, so the very first session of an exercise earns no badge,
    and neither does the first loaded session after bodyweight-only ones (loaded and bodyweight
    sets are compared only among themselves). Beating means strictly better; a tie is no record.

    `estimates` False leaves out the e1RM: for load added to bodyweight (a vest on a split
    squat) a one-rep max of the added load means nothing. Otherwise only sets of up to
    `E1RM_MAX_REPS` reps give one, so a light set of twenty never outranks a heavy five.

    A loaded set that some earlier set matched on both reps and load sets no record of any
    kind; one that none matched is a record, told the way a person would see it
    (`_lift_record`). For bodyweight sets the rep record is the most reps in one set.

    Order: the e1RM record first, then loaded-set records from the fewest reps up, then most
    reps.
    """
    before = [s for session in history for s in session.sets]
    loaded_before, loaded_now = _loaded(before), _loaded(new.sets)
    return [
        *(_e1rm_record(loaded_before, loaded_now) if estimates else []),
        *_lift_records(loaded_before, loaded_now),
        *_most_reps_record(before, new.sets),
    ]


def _loaded(sets: Iterable[WorkSet]) -> list[_Lift]:
    """(reps, weight) of the sets that carried a load."""
    return [(s.reps, s.weight) for s in sets if s.weight is not None]


def _e1rm_record(before: list[_Lift], new: list[_Lift]) -> list[Record]:
    # A set matched before (40 × 1 after 40 × 13, which gives no estimate) is no record.
    fresh = [
        (reps, weight) for reps, weight in _estimable(new) if not _matched(before, reps, weight)
    ]
    before = _estimable(before)
    if not before or not fresh:
        return []
    previous = max(estimated_1rm(weight, reps) for reps, weight in before)
    reps, weight = max(fresh, key=lambda pair: estimated_1rm(pair[1], pair[0]))
    best = estimated_1rm(weight, reps)
    if best <= previous + _TOLERANCE:
        return []
    return [Record(RecordKind.E1RM, best, previous, reps, weight)]


def _estimable(lifts: list[_Lift]) -> list[_Lift]:
    return [(reps, weight) for reps, weight in lifts if yields_e1rm(reps)]


def _lift_records(before: list[_Lift], new: list[_Lift]) -> list[Record]:
    if not before or not new:
        return []
    top = max(weight for _, weight in new)
    found = (
        _lift_record(before, reps, weight, top=weight == top)
        for reps, weight in _frontier(new)
        if not _matched(before, reps, weight)
    )
    return [record for record in found if record is not None]


def _matched(before: list[_Lift], reps: int, weight: float) -> bool:
    """Whether an earlier set had at least as many reps with at least as much load."""
    return any(r >= reps and w >= weight for r, w in before)


def _lift_record(before: list[_Lift], reps: int, weight: float, *, top: bool) -> Record | None:
    """How a set no earlier set matched is told: more reps at a load done before ("12 reps at
    60 kg, was 10"); else more load for a rep count done before ("65 kg for 10 reps, was 60");
    else, for the session's heaviest set, the heaviest load yet. A set lighter than earlier
    ones and longer than any (60 × 15 after 100 × 5) compares with nothing the person did."""
    if any(w == weight for _, w in before):
        most = max(r for r, w in before if w >= weight)
        return Record(RecordKind.REPS_AT_LOAD, reps, most, reps, weight)
    heaviest_for_reps = max((w for r, w in before if r >= reps), default=None)
    if heaviest_for_reps is not None:
        return Record(RecordKind.REP_MAX, weight, heaviest_for_reps, reps, weight)
    heaviest = max(w for _, w in before)
    if top and weight > heaviest:
        return Record(RecordKind.HEAVIEST, weight, heaviest, reps, weight)
    return None


def _frontier(pairs: Iterable[_Lift]) -> list[_Lift]:
    """The (reps, weight) pairs no other set of the session matched on both counts, fewest reps
    first: a 100 × 8 next to a 100 × 10 is no separate record, the 10 already covers it."""
    unique = set(pairs)
    return sorted(
        (reps, weight)
        for reps, weight in unique
        if not any(r >= reps and w >= weight and (r, w) != (reps, weight) for r, w in unique)
    )


def _most_reps_record(before: list[WorkSet], new: tuple[WorkSet, ...]) -> list[Record]:
    previous = max((s.reps for s in before if s.weight is None), default=None)
    best = max((s.reps for s in new if s.weight is None), default=None)
    if previous is None or best is None or best <= previous:
        return []
    return [Record(RecordKind.MOST_REPS, best, previous, best, None)]


@dataclass(frozen=True, slots=True)
class Comparison:
    """The new session's totals and how they moved since last time (None: nothing to compare).

    `top_weight` and `volume` are None when no set was loaded; their deltas need both sessions
    loaded.
    """

    total_reps: int
    top_weight: float | None
    volume: float | None
    total_reps_delta: int | None
    top_weight_delta: float | None
    volume_delta: float | None


def compare(last: SessionResult | None, new: SessionResult) -> Comparison:
    """Totals for the "compared with last time" line after a log."""
    return Comparison(
        total_reps=new.total_reps,
        top_weight=new.top_weight,
        volume=new.volume,
        total_reps_delta=None if last is None else new.total_reps - last.total_reps,
        top_weight_delta=_delta(None if last is None else last.top_weight, new.top_weight),
        volume_delta=_delta(None if last is None else last.volume, new.volume),
    )


def _delta(before: float | None, now: float | None) -> float | None:
    if before is None or now is None:
        return None
    # Logged loads like 22.7 lb leave float noise (2.3000000000000007) in a plain subtraction.
    return round(now - before, 2)
