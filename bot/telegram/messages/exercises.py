"""Exercise names as a person reads them: the catalogue's, in their language."""

from __future__ import annotations

from bot.core.catalogue import CATALOGUE, Exercise, get_exercise
from bot.core.workout_log import StoredLog
from bot.telegram.i18n import tr

# The core names exercises in English (`Exercise.name`); some of its results carry only
# that name, not the id (a /stats record).
_ID_BY_ENGLISH_NAME = {exercise.name: exercise.id for exercise in CATALOGUE}


def exercise_name(exercise_id: str | None, fallback: str | None = None) -> str:
    """The name of the catalogue's `exercise_id` in the person's language; for an exercise
    the catalogue lacks (one imported from another app, a log with no id), `fallback`, the
    name it came with, else the id itself."""
    if exercise_id is None or get_exercise(exercise_id) is None:
        return fallback or exercise_id or ""
    return tr(f"exercises.{exercise_id}")


def exercise_cues(exercise: Exercise) -> list[str]:
    """The exercise's form cues, in the person's language."""
    return [tr(f"cues.{exercise.id}.{number}") for number in range(1, len(exercise.cues) + 1)]


def named_by_core(name: str) -> str:
    """A name the core gave: a catalogue exercise's English name, said in the person's
    language; any other (an exercise of their own) as it is."""
    return exercise_name(_ID_BY_ENGLISH_NAME.get(name), name)


def logged_name(log: StoredLog) -> str:
    """The name of a stored log's exercise: the catalogue's in the person's language, or the
    one it was logged or imported with."""
    return exercise_name(log.exercise_id, log.exercise_name)
