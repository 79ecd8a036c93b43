"""The rest after a logged work set: how long, and the set it leads to.

Only a set of a planned exercise with planned sets still to do has one; the rest is the
prescription's, counted from when the set was logged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.prescription import DayPrescription, ExercisePrescription
from bot.core.workout_log import StoredLog


@dataclass(frozen=True, slots=True)
class Rest:
    """The rest after the log `log_id`, ending at `ends`, before set `number` of `sets`."""

    log_id: int
    ends: datetime
    number: int
    sets: int
    prescription: ExercisePrescription

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
    `day` prescribes and the planned sets of it are not all done."""
    prescription = None if log.exercise_id is None else day.of(log.exercise_id)
    if prescription is None:
        return None
    done = sum(len(entry.sets) for entry in session_logs if entry.exercise_id == log.exercise_id)
    planned = prescription.planned
    if done >= planned.sets:
        return None
    ends = log.logged_at + timedelta(seconds=planned.rest_seconds)
    return Rest(log.id, ends, done + 1, planned.sets, prescription)
