"""Exercise names in the person's language: every catalogue exercise named in every
language, the way a coach there writes it, understood when copied back into a log, and
shown wherever a text names an exercise."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.core.catalogue import CATALOGUE
from bot.core.logparse.in_context import LogContext, ReadLog, read_log
from bot.core.logparse.reading import LoggedSet
from bot.core.planner import build_plan
from bot.core.profile import FULL_GYM, Experience, Goal, Weekday
from bot.core.workout_log import StoredLog
from bot.telegram import messages
from bot.telegram.i18n import ENGLISH, LOCALES, speaking_in

LOCALES_DIR = Path(__file__).resolve().parents[1] / "bot" / "telegram" / "locales"
OTHERS = [locale for locale in LOCALES if locale != ENGLISH]
# German and Spanish gyms keep some English names ("Hip Thrust", "Kettlebell Swing"); most
# names still read differently from the English.
MOST = 0.8


def _names(locale: str) -> dict[str, str]:
    """The exercises catalogue of `locale`: exercise id → name, as written in the file."""
    with (LOCALES_DIR / locale / "LC_MESSAGES" / "exercises.po").open("rb") as po:
        catalogue = read_po(po, locale=locale)
    assert not [m.id for m in catalogue if m.id and m.fuzzy]
    return {
        str(m.id).removeprefix("exercises."): str(m.string) for m in catalogue if m.id and m.string
    }


@pytest.mark.parametrize("locale", LOCALES)
def test_every_catalogue_exercise_has_a_name_in_every_language(locale: str) -> None:
    assert set(_names(locale)) == {exercise.id for exercise in CATALOGUE}


def test_the_english_names_are_the_catalogues() -> None:
    assert _names(ENGLISH) == {exercise.id: exercise.name for exercise in CATALOGUE}


@pytest.mark.parametrize("locale", OTHERS)
def test_most_names_read_differently_from_the_english(locale: str) -> None:
    names = _names(locale)
    same = [e.id for e in CATALOGUE if names[e.id].casefold() == e.name.casefold()]
    assert len(same) <= (1 - MOST) * len(CATALOGUE), same
    assert len(set(names.values())) == len(names), "two exercises share a name"


@pytest.mark.parametrize("locale", ["ru", "uk"])
def test_cyrillic_languages_name_every_exercise_in_their_own_words(locale: str) -> None:
    names = _names(locale)
    assert all(names[exercise.id] != exercise.name for exercise in CATALOGUE)


@pytest.mark.parametrize("locale", LOCALES)
def test_a_name_copied_back_into_a_log_is_read_as_that_exercise(locale: str) -> None:
    misread = {}
    for exercise_id, name in _names(locale).items():
        read = read_log(f"{name} 3x10 60kg", LogContext())
        got = read.reading.exercise_id if isinstance(read, ReadLog) else read.reason
        if got != exercise_id:
            misread[name] = got
    assert misread == {}


def test_the_week_and_a_day_name_the_exercises_in_the_persons_language() -> None:
    plan = build_plan(Goal.GLUTES, Experience.INTERMEDIATE, FULL_GYM, 3)
    monday = plan.day(Weekday.MON)
    with speaking_in("ru"):
        day = messages.format_day(monday)
        week = messages.format_week_plan(plan)
    assert "Ягодичный мост со штангой" in day
    assert "Barbell hip thrust" not in day
    for planned in monday.exercises:
        with speaking_in("ru"):
            name = messages.exercise_name(planned.exercise.id)
        assert name in day
        assert name in week
    with speaking_in("de"):
        assert "Hip Thrust mit Langhantel" in messages.format_day(monday)
    assert "Barbell hip thrust" in messages.format_day(monday)


def _log(exercise_id: str | None, name: str) -> StoredLog:
    return StoredLog(
        id=1,
        user_id=1,
        session_id=1,
        exercise_id=exercise_id,
        exercise_name=name,
        local_date=date(2026, 3, 2),
        logged_at=datetime(2026, 3, 2, 18, tzinfo=UTC),
        source_message_id=1,
        raw_text="3x10 60kg",
        sets=(LoggedSet(10, 60.0, "kg"),) * 3,
        bodyweight=False,
        per_side=False,
        rpe=None,
        rir=None,
    )


def test_a_stored_log_is_named_in_the_persons_language_unless_it_is_their_own() -> None:
    with speaking_in("es"):
        assert messages.format_log_line(_log("romanian_deadlift", "Romanian deadlift")).startswith(
            "Peso muerto rumano: "
        )
        # An exercise of their own, or one imported that the catalogue lacks, keeps its name.
        assert messages.format_log_line(_log(None, "Sissy squat")).startswith("Sissy squat: ")
        assert messages.exercise_name("retired_exercise", "Old name") == "Old name"
        assert messages.named_by_core("Romanian deadlift") == "Peso muerto rumano"
        assert messages.named_by_core("Sissy squat") == "Sissy squat"
    assert messages.logged_name(_log("romanian_deadlift", "Romanian deadlift")) == (
        "Romanian deadlift"
    )
