"""`2x24` beside a dumbbell or kettlebell lift: a pair of implements (the load of each), a
double, or sets of their own. Read without asking where the lift and the unit decide, and
asked (the question "implements", or "pair" for `2xB` alone) where both readings hold."""

from __future__ import annotations

import json

import pytest

from bot.cli.parse import main
from bot.core.exercise_resolution import LogContext, answer_key
from bot.core.logparse.in_context import (
    IMPLEMENTS_QUESTION,
    PAIR_QUESTION,
    READING_ANSWERS,
    ReadLog,
    read_log,
)
from bot.core.logparse.parser import parse_log
from bot.core.logparse.reading import LoggedSet, LogReading, Rejection, RejectionReason
from bot.telegram.i18n import LOCALES, speaking_in, translator
from bot.telegram.messages.workouts import format_reading

KG = LogContext(units="kg")


def _read(text: str, context: LogContext = KG) -> ReadLog:
    read = read_log(text, context)
    assert isinstance(read, ReadLog), read
    return read


def _sets(reading: LogReading) -> list[tuple[int, float | None]]:
    return [(logged.reps, logged.weight) for logged in reading.sets]


@pytest.mark.parametrize(
    ("text", "first", "pair_sets", "apart_sets"),
    [
        # Without a unit on a dumbbell lift: a pair of 24s first, or two more sets of 24.
        ("DB RDL 3x12 2x24", "pair", [(12, 24.0)] * 3, [(12, None)] * 3 + [(24, None)] * 2),
        ("kb rdl 3x10 2 × 16", "pair", [(10, 16.0)] * 3, [(10, None)] * 3 + [(16, None)] * 2),
        ("румынка с гантелями 3х12 2х24", "pair", [(12, 24.0)] * 3, None),
        # With a unit on a barbell lift: a double at 60 kg first, or a pair of 60 kg dumbbells.
        ("squat 3x10 2x60kg", "apart", [(10, 60.0)] * 3, [(10, None)] * 3 + [(2, 60.0)]),
        ("RDL 3x12 2 x 24 kg", "apart", [(12, 24.0)] * 3, [(12, None)] * 3 + [(2, 24.0)]),
        ("Kniebeugen 3x10 2x60kg", "apart", [(10, 60.0)] * 3, None),
    ],
)
def test_both_readings_are_offered_the_likelier_first(
    text: str,
    first: str,
    pair_sets: list[tuple[int, float | None]],
    apart_sets: list[tuple[int, float | None]] | None,
) -> None:
    read = _read(text)
    assert read.question == IMPLEMENTS_QUESTION
    assert read.exercise_key is not None
    kinds = [candidate.kind for candidate in read.candidates]
    assert kinds[0] == first
    assert sorted(kinds) == ["apart", "pair"]
    by_kind = {candidate.kind: candidate.reading for candidate in read.candidates}
    assert (by_kind["pair"].pair, by_kind["apart"].pair) == (True, False)
    assert _sets(by_kind["pair"]) == pair_sets
    if apart_sets is not None:
        assert _sets(by_kind["apart"]) == apart_sets


@pytest.mark.parametrize(
    ("text", "sets", "pair"),
    [
        # A unit on a dumbbell lift: the load of each of a pair.
        ("DB RDL 3x12 2x24kg", [(12, 24.0)] * 3, True),
        ("kb swing 5x10 2x16kg", [(10, 16.0)] * 5, True),
        # No lift named, or a lift the catalogue does not know: a unit makes it a pair, ...
        ("3x12 2x24kg", [(12, 24.0)] * 3, True),
        # ... and without one it is sets.
        ("3x12 2x24", [(12, None)] * 3 + [(24, None)] * 2, False),
        # A barbell lift with no other sets: a double.
        ("squat 2x60kg", [(2, 60.0)], False),
        ("deadlift 2x140kg", [(2, 140.0)], False),
        # Sets that have their load already: the 2x24 is a set of its own.
        ("squat 3x10 60kg, 2x60kg", [(10, 60.0)] * 3 + [(2, 60.0)], False),
    ],
)
def test_the_lift_and_the_unit_decide_without_a_question(
    text: str, sets: list[tuple[int, float | None]], pair: bool
) -> None:
    read = _read(text)
    assert not read.ambiguous
    assert (_sets(read.reading), read.reading.pair) == (sets, pair)


def test_parse_log_reads_the_likelier_and_pairs_chooses() -> None:
    likelier = parse_log("DB RDL 3x12 2x24")
    as_sets = parse_log("DB RDL 3x12 2x24", pairs=False)
    assert isinstance(likelier, LogReading)
    assert isinstance(as_sets, LogReading)
    assert (likelier.pair, len(likelier.sets)) == (True, 3)
    assert (as_sets.pair, len(as_sets.sets)) == (False, 5)
    double = parse_log("squat 3x10 2x60kg")
    paired = parse_log("squat 3x10 2x60kg", pairs=True)
    assert isinstance(double, LogReading)
    assert isinstance(paired, LogReading)
    assert double.sets[-1] == LoggedSet(2, 60.0, "kg")
    assert not double.pair
    assert paired.pair
    assert paired.sets == (LoggedSet(10, 60.0, "kg"),) * 3


def test_two_alone_on_a_dumbbell_lift_asks_sets_or_a_load() -> None:
    read = _read("db rdl 2x24")
    assert read.question == PAIR_QUESTION
    sets, load = (candidate.reading for candidate in read.candidates)
    assert (_sets(sets), _sets(load)) == ([(24, None)] * 2, [(2, 24.0)])
    # Twenty reps or fewer a set are sets, as are more than two sets of them.
    assert not _read("goblet squat 2x12").ambiguous
    assert not _read("walking lunges 2x20").ambiguous
    assert not _read("db rdl 3x24").ambiguous


@pytest.mark.parametrize("text", ["db rdl 2x24kg", "kb swing 2 x 24 kg", "махи гирей 2х24кг"])
def test_a_pair_alone_on_a_dumbbell_lift_has_no_reps(text: str) -> None:
    assert read_log(text, KG) == Rejection(RejectionReason.NO_REPS)


def test_numbers_alone_are_read_as_the_exercise_being_done() -> None:
    dumbbells = _read("3x12 2x24", LogContext(today=("dumbbell_romanian_deadlift",)))
    assert dumbbells.question == IMPLEMENTS_QUESTION
    assert dumbbells.candidates[0].kind == "pair"
    barbell = _read("3x10 2x60kg", LogContext(today=("barbell_back_squat",)))
    assert barbell.question == IMPLEMENTS_QUESTION
    assert barbell.candidates[0].kind == "apart"


@pytest.mark.parametrize("answer", ["pair", "apart"])
def test_a_remembered_answer_decides(answer: str) -> None:
    remembered = {answer_key("dumbbell_romanian_deadlift", IMPLEMENTS_QUESTION): answer}
    read = _read("DB RDL 3x12 2x24", LogContext(remembered=remembered))
    assert not read.ambiguous
    assert read.reading.pair is (answer == "pair")


def test_the_answers_are_ones_a_button_may_carry() -> None:
    assert {"pair", "apart"} <= READING_ANSWERS


def test_coach_parse_prints_both_readings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--json", "--context", '{"units": "kg"}', "squat 3x10 2x60kg"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [reading.get("pair", False) for reading in printed["ambiguous"]] == [False, True]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_pair_button_says_the_load_is_each_of_a_pair(locale: str) -> None:
    text = translator(locale).text("parser.pair_reading", details="{details}")
    assert text.startswith("{details} ")
    assert "parser." not in text
    read = _read("DB RDL 3x12 2x24kg")
    with speaking_in(locale):
        assert format_reading(read.reading).endswith(text.removeprefix("{details}"))
