"""Export files written to disk a page of history at a time, and the batches imports store.

A history of 100,000 sets is some 25,000 logs: read whole, formatted whole and held as one
string and its bytes, it took hundreds of megabytes and seconds of the event loop, during
which nobody else got an answer. Here each page of logs is formatted in a worker thread
and appended to a temporary file, which is sent from disk and deleted afterwards.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from bot.core.bodyweight import WeighIn
from bot.core.coaching_switches import CoachingSwitches
from bot.core.plan_changes import PlanChanges
from bot.core.profile import TrainingProfile
from bot.core.readiness import Readiness
from bot.core.reminder_schedule import ReminderSetting
from bot.core.transfer.import_csv import ImportedExercise, ImportedWorkout
from bot.core.workout_log import StoredLog

# Sets stored per transaction of an import: each batch is a few statements that hold
# SQLite's write lock for milliseconds, so other people's logs are written in between.
IMPORT_BATCH_SETS = 1_000


@dataclass(frozen=True, slots=True)
class ExportFile:
    """An export on disk, `path`, to be sent as `filename`."""

    filename: str
    path: Path


@contextmanager
def export_file(filename: str) -> Iterator[ExportFile]:
    """A new file in a temporary folder, removed with the folder when the block ends."""
    with tempfile.TemporaryDirectory(prefix="coach-export-") as folder:
        yield ExportFile(filename, Path(folder) / filename)


@dataclass(frozen=True, slots=True)
class Coaching:
    """How the person said they were each day, what they switched on or off, and the
    changes to their plan they made."""

    readiness: Sequence[tuple[date, Readiness]]
    switches: CoachingSwitches
    changes: PlanChanges


class AccountJsonWriter:
    """The whole account as one JSON object, its logs appended a page at a time."""

    def __init__(
        self,
        out: TextIO,
        profile: TrainingProfile,
        plan: dict[str, Any],
        reminders: Sequence[ReminderSetting],
        weigh_ins: Sequence[WeighIn],
        coaching: Coaching,
    ) -> None:
        self._out = out
        self._first = True
        head = {
            "profile": _profile_json(profile),
            "plan": plan,
            "reminders": [asdict(setting) for setting in reminders],
            "bodyweights": [{"date": w.day.isoformat(), "kg": w.kilograms} for w in weigh_ins],
            **_coaching_json(coaching),
        }
        for key, value in head.items():
            out.write(("{\n" if key == "profile" else ",\n") + f'  "{key}": {_dumps(value)}')
        out.write(',\n  "logs": [')

    def write(self, logs: Iterable[StoredLog]) -> None:
        for log in logs:
            self._out.write(("\n" if self._first else ",\n") + "    " + _dumps(_log_json(log)))
            self._first = False

    def close(self) -> None:
        self._out.write("\n  ]\n}\n")


def import_batches(
    exercises: Sequence[tuple[ImportedWorkout, ImportedExercise]],
) -> Iterator[list[tuple[ImportedWorkout, ImportedExercise]]]:
    """Whole exercises, in order, about IMPORT_BATCH_SETS sets a batch."""
    batch: list[tuple[ImportedWorkout, ImportedExercise]] = []
    sets = 0
    for item in exercises:
        batch.append(item)
        sets += len(item[1].sets)
        if sets >= IMPORT_BATCH_SETS:
            yield batch
            batch, sets = [], 0
    if batch:
        yield batch


def _dumps(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def _profile_json(profile: TrainingProfile) -> dict[str, Any]:
    return {
        "goal": profile.goal.value,
        "experience": profile.experience.value,
        "equipment": sorted(item.value for item in profile.equipment),
        "weekdays": [day.short for day in profile.weekdays],
        "reminder_time": profile.reminder_time.isoformat("minutes"),
        "timezone": profile.timezone,
        "units": profile.units.value,
        "bodyweight_kg": profile.bodyweight_kg,
    }


def _coaching_json(coaching: Coaching) -> dict[str, Any]:
    away = coaching.changes.away
    return {
        "readiness": [
            {
                "date": day.isoformat(),
                "sleep": answers.sleep,
                "soreness": answers.soreness,
                "pain": answers.pain.value if answers.pain else None,
            }
            for day, answers in coaching.readiness
        ],
        "switches": asdict(coaching.switches),
        "moved_sessions": [
            {"planned_on": planned.isoformat(), "moved_to": to.isoformat() if to else None}
            for planned, to in sorted(coaching.changes.moves.items())
        ],
        "travel": None
        if away is None
        else {
            "equipment": sorted(item.value for item in away.equipment),
            "until": away.until.isoformat(),
        },
    }


def _log_json(log: StoredLog) -> dict[str, Any]:
    return {
        "date": log.local_date.isoformat(),
        "logged_at": log.logged_at.isoformat(),
        "exercise_id": log.exercise_id,
        "exercise": log.exercise_name,
        "sets": [{"reps": s.reps, "weight": s.weight, "unit": s.unit} for s in log.sets],
        "bodyweight": log.bodyweight,
        "per_side": log.per_side,
        "rpe": log.rpe,
        "rir": log.rir,
        "text": log.raw_text,
    }
