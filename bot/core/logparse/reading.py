"""What the log parser reads from a message: the sets performed, or why it read nothing."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal, TypeAlias

LoadUnit: TypeAlias = Literal["kg", "lb"]

MAX_MESSAGE_CHARS = 1000
MAX_REPS = 100
MAX_SETS = 20
MAX_RIR = 10
MIN_RPE = 1.0
MAX_RPE = 10.0
MAX_LOAD_KG = 500.0
MAX_LOAD_LB = 1100.0
MAX_PERCENT = 100.0  # of a one-rep max: more is a new max, not a percentage of it


def max_load(unit: LoadUnit | None) -> float:
    """The heaviest believable load; without a unit the bot applies the person's unit later,
    so the kilogram bound is the one that holds either way."""
    return MAX_LOAD_LB if unit == "lb" else MAX_LOAD_KG


class RejectionReason(StrEnum):
    NOT_A_LOG = "not_a_log"
    PLAN_NOT_LOG = "plan_not_log"
    NO_REPS = "no_reps"
    IMPOSSIBLE_REPS = "impossible_reps"
    IMPOSSIBLE_SETS = "impossible_sets"
    TOO_MANY_SETS = "too_many_sets"
    IMPOSSIBLE_LOAD = "impossible_load"
    TOO_HEAVY = "too_heavy"
    IMPOSSIBLE_EFFORT = "impossible_effort"
    MISMATCHED_LISTS = "mismatched_lists"
    SEVERAL_EXERCISES = "several_exercises"
    TOO_LONG = "too_long"
    IMPOSSIBLE_PERCENT = "impossible_percent"  # "5x5 @ 120%"
    PERCENT_WITHOUT_EXERCISE = "percent_without_exercise"  # "5x5 @ 80%" of what?
    NO_ESTIMATE = "no_estimate"  # a percentage of a one-rep max the bot has no estimate of


@dataclass(frozen=True, slots=True)
class LoggedSet:
    """One performed set; the weight is per implement, as written, and None when not given."""

    reps: int
    weight: float | None
    unit: LoadUnit | None


@dataclass(frozen=True, slots=True)
class LogReading:
    """A workout log: one exercise (named or not) and every set performed, in order."""

    exercise_text: str | None
    exercise_id: str | None
    sets: tuple[LoggedSet, ...]
    bodyweight: bool
    per_side: bool
    rpe: float | None
    rir: int | None
    note: str | None = None  # a remark after the numbers: "felt easy"
    # The load is that of each of a pair of dumbbells or kettlebells: "2x24kg", "pair of 24s".
    pair: bool = False
    # "5x5 @ 80%": the sets were at this percentage of the one-rep max; `read_log` turns it
    # into each set's weight from the person's estimate.
    percent: float | None = None

    def to_json(self) -> dict[str, Any]:
        """The reading as `coach parse --json` prints it; `pair` only when true and `percent`
        only when given, so the fields printed before they came stay exactly as they were."""
        data = {
            "exercise_text": self.exercise_text,
            "exercise_id": self.exercise_id,
            "sets": [
                {"reps": logged.reps, "weight": logged.weight, "unit": logged.unit}
                for logged in self.sets
            ],
            "bodyweight": self.bodyweight,
            "per_side": self.per_side,
            "rpe": self.rpe,
            "rir": self.rir,
            "note": self.note,
        }
        if self.pair:
            data["pair"] = True
        if self.percent is not None:
            data["percent"] = self.percent
        return data


@dataclass(frozen=True, slots=True)
class Rejection:
    """The message is not a log the bot may store, and why."""

    reason: RejectionReason
    exercise_id: str | None = None  # the exercise it is about, for `no_estimate`


class LogRejected(Exception):
    """Raised inside the parser to stop reading; `parse_log` turns it into a `Rejection`."""

    def __init__(self, reason: RejectionReason) -> None:
        super().__init__(reason.value)
        self.reason = reason
