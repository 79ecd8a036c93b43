"""Exercise names as a person reads them: the catalogue's, in their language."""

from __future__ import annotations

from bot.core.catalogue import Exercise, get_exercise
from bot.telegram.i18n import tr


def exercise_name(exercise_id: str, fallback: str | None = None) -> str:
    """The name of the catalogue's `exercise_id` in the person's language; for an exercise
    the catalogue lacks (one imported from another app), `fallback`, the name it came with,
    else the id itself."""
    if get_exercise(exercise_id) is None:
        return fallback or exercise_id
    return tr(f"exercises.{exercise_id}")


def exercise_cues(exercise: Exercise) -> list[str]:
    """The exercise's form cues, in the person's language."""
    return [tr(f"cues.{exercise.id}.{number}") for number in range(1, len(exercise.cues) + 1)]
