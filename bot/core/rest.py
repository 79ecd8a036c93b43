"""The rest after a logged work set: how long, and the set it leads to.

Only a set of a planned exercise has one: before its next planned set, or, once its planned
sets are all done, before the session's next exercise not done (the one the chat moves on
to); after the day's last exercise, none. The rest is the logged exercise's prescription's,
counted from when the set was logged: it is the recovery from that set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.prescription import DayPrescription, ExercisePrescription
from bot.core.workout import next_unlogged
from bot.core.workout_log import StoredLog


@dataclass(frozen=True, slots=True)
class Rest:
    """The rest after the log `log_id`, ending at `ends`, before set `number` of `sets` of
    `prescription`'s exercise; `moves_on` when that is the session's next exercise."""

    log_id: int
    ends: datetime
    number: int
    sets: int
    prescription: ExercisePrescription
    moves_on: bool = False

    @property
    def reps(self) -> int:
        """The target of the next set; a prescription with fewer targets than sets repeats
        its last."""
        targets = self.prescription.reps
        return targets[min(self.number, len(targets)) - 1]

    def left(self, now: datetime) -> timedelta:
        """How much of the rest is still to come at `now` (nothing once it is over)."""
        return max(self.ends - now, timedelta(0))


def rest_after(
    log: StoredLog, session_logs: Sequence[StoredLog], day: DayPrescription
) -> Rest | None:
    """The rest after `log`, one of `session_logs` (its session's), when it is of an exercise
    `day` prescribes and a planned set, of it or of a later exercise, is still to do."""
    prescription = None if log.exercise_id is None else day.of(log.exercise_id)
    if prescription is None:
        return None
    done = _sets_done(session_logs)
    planned = prescription.planned
    ends = log.logged_at + timedelta(seconds=planned.rest_seconds)
    sets_done = done.get(planned.exercise.id, 0)
    if sets_done < planned.sets:
        return Rest(log.id, ends, sets_done + 1, planned.sets, prescription)
    following = _following(day, done, day.exercises.index(prescription))
    if following is None:
        return None
    sets = following.planned.sets
    number = done.get(following.planned.exercise.id, 0) + 1
    return Rest(log.id, ends, number, sets, following, moves_on=True)


def _sets_done(logs: Sequence[StoredLog]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for log in logs:
        if log.exercise_id is not None:
            counts[log.exercise_id] = counts.get(log.exercise_id, 0) + len(log.sets)
    return counts


def _following(
    day: DayPrescription, done: dict[str, int], position: int
) -> ExercisePrescription | None:
    """The exercise the session moves on to after the one at `position`, as the chat does."""
    finished = {
        p.planned.exercise.id
        for p in day.exercises
        if done.get(p.planned.exercise.id, 0) >= p.planned.sets
    }
    index = next_unlogged(day.day, finished, position)
    return day.exercises[index] if index < len(day.exercises) else None
