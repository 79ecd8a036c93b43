"""Reading a log for one person: `read_log(text, context)`, what the bot stores and
`coach parse --context` prints.

On top of `parse_log`:
- the name goes to the person's exercise (`bot.core.exercise_resolution`), and numbers alone
  (`15`, `15 bw`, `12 @ 20`, `20,18,15`, `2x15`, `10 @ 60 rpe 9`, `100 for 8`, `60kg 12`)
  to the exercise being done, `context.current` (or the person's own, `context.doing_own`);
  a lone rep count or two bare numbers, which `parse_log` refuses, are read only then;
- a message with two plausible readings gives both, the usual one first:
  `@ n` (n of 10 or less, no unit) on an exercise that can be loaded is RPE n or n kg
  (question "at"); `AxB` with B over 30 and no load is A sets of B reps or A reps at B
  (question "pair"), and so is `2xB` with B over 20 on a dumbbell or kettlebell lift (a
  pair of them, the reps left out, or two sets?); `2xB` beside sets that have no load is a
  pair of dumbbells (B each) or sets of its own where both hold (question "implements"):
  without a unit on a dumbbell or kettlebell lift (`DB RDL 3x12 2x24`: a pair of 24s first,
  or two more sets of 24), with one on a barbell lift (`squat 3x10 2x60kg`: a double at 60
  kg first, or a pair of 60 kg dumbbells). An answer the person gave before for the
  exercise decides, and then there is one reading;
- a name the catalogue knows only with a typo, or not at all, is `doubtful_name` until the
  person has said which exercise it is (or that it is their own);
- a remark after the numbers (`squat 3x15 felt easy`) is the reading's `note`;
- with `context.units`, a load written without a unit is in that unit, as stored;
- sets at a percentage of the one-rep max (`RDL 5x5 @ 80%`) are at that share of the
  person's estimate for the exercise (`context.estimates`), rounded to a load they can pick
  up (`bot.core.loading`: a barbell by 2.5 kg / 5 lb); without an estimate the message is
  `no_estimate`, and without an exercise `percent_without_exercise`;
- a day written first (`yesterday:`, `2 days ago`, `mon:`) dates the log
  (`bot.core.logparse.backdating`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.core.catalogue import Exercise, get_exercise, lookup
from bot.core.exercise_resolution import LogContext, answer_key, in_session, resolve_exercise
from bot.core.loading import load_sizes
from bot.core.logparse.backdating import days_ago
from bot.core.logparse.parser import parse_log, without_percent
from bot.core.logparse.reading import MAX_RPE, LogReading, Rejection, RejectionReason
from bot.core.logparse.tokens import Kind, tokenize
from bot.core.profile import Equipment, Units
from bot.core.workout_log import name_key

_WEIGHTS = frozenset({Equipment.DUMBBELLS, Equipment.KETTLEBELL, Equipment.BARBELL})
_MIN_PAIR_REPS = 31  # 3x100: that many reps in a set is rarer than a load without a unit
# 2x24 on a dumbbell lift: with the 2 that may count a pair, fewer reps are already rarer.
_MIN_PAIR_REPS_OF_TWO = 21
_IMPLEMENTS = frozenset({Equipment.DUMBBELLS, Equipment.KETTLEBELL})
_NUMBER = r"[0-9]+(?:[.,][0-9]+)?"
_UNIT = r"\s*(?:kg|kgs|kilos?|lbs?|pounds?|кг)\b"
_AT_NUMBER = re.compile(rf"@\s*(?P<n>{_NUMBER})(?!{_UNIT})(?!\s*[x×*х/0-9])", re.IGNORECASE)
_PAIR = re.compile(
    rf"(?<![0-9.,])(?P<a>[0-9]{{1,2}})\s*[x×*х]\s*(?P<b>[0-9]{{2,3}})(?![0-9.,])(?!{_UNIT})",
    re.IGNORECASE,
)
# One rep count, maybe with bodyweight, a load or an effort: `15`, `15 bw`, `12 @ 20`,
# `12 at 20kg`, `12 @ 8`. ("100 for 8" has the load first: `parse_log` reads it.)
_LONE_REPS = re.compile(
    rf"^\s*(?P<n>[0-9]{{1,3}})(?P<rest>\s*(?:(?:@|at|with)\s*{_NUMBER}(?:{_UNIT})?"
    rf"|bw|bodyweight|body weight)?)\s*$",
    re.IGNORECASE,
)
# Two rep counts alone: "10,9", "12, 10 bw". Without an exercise being done, `parse_log`
# reads "10,9" as a decimal and "12/5" as a date; during one, they are two sets.
_TWO_REPS = re.compile(
    r"^\s*(?P<a>[0-9]{1,3})\s*,\s*(?P<b>[0-9]{1,3})"
    r"(?P<rest>\s*(?:bw|bodyweight|body weight)?)\s*$",
    re.IGNORECASE,
)
# "2x24", "2 × 60kg": a 2 that may count the implements of a pair, and its load's unit.
_TWO_OF = re.compile(rf"(?<![0-9.,])2\s*[x×*х]\s*{_NUMBER}(?P<unit>{_UNIT})?", re.IGNORECASE)
_NOTE_KINDS = frozenset({Kind.WORD, Kind.CONNECTIVE})
_NOTE_EDGES = " \t\n-–—,.;:!()"

# Answers to each question, the usual reading's first.
AT_QUESTION = "at"
PAIR_QUESTION = "pair"
IMPLEMENTS_QUESTION = "implements"
ANSWERS = {
    AT_QUESTION: ("rpe", "load"),
    PAIR_QUESTION: ("sets", "load"),
    # A pair of dumbbells or kettlebells, or sets of their own; on a barbell the second first.
    IMPLEMENTS_QUESTION: ("pair", "apart"),
}
# Asked of a name read with a typo or not at all: answered by an exercise id, or by this,
# which keeps the name as the person's own exercise.
NAME_QUESTION = "name"
MAX_SUBJECT_CHARS = 255
CUSTOM_ANSWER = "custom"
READING_ANSWERS = frozenset({CUSTOM_ANSWER, *(a for pair in ANSWERS.values() for a in pair)})


@dataclass(frozen=True, slots=True)
class Candidate:
    kind: str  # "usual", or an answer of the question asked
    reading: LogReading


@dataclass(frozen=True, slots=True)
class ReadLog:
    """Every plausible reading of a message, the one to store first."""

    candidates: tuple[Candidate, ...]
    question: str | None = None  # asked when there are several readings
    exercise_key: str | None = None  # what the answer is remembered for
    days_ago: int = 0  # a log of an earlier day: "yesterday: RDL 3x8 60"
    # A name read with a typo, or not at all, that the person has not settled: as written.
    doubtful_name: str | None = None

    @property
    def reading(self) -> LogReading:
        return self.candidates[0].reading

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1

    def chosen(self, kind: str) -> ReadLog:
        """The message read as the person answered."""
        picked = [c for c in self.candidates if c.kind == kind]
        return replace(self, candidates=tuple(picked or self.candidates[:1]))


def read_log(text: str, context: LogContext) -> ReadLog | Rejection:
    back, text = days_ago(text, context.on)
    # Numbers alone of an earlier day cannot be today's current exercise.
    read = _read(text, replace(context, today=(), doing_own=None) if back else context)
    return read if isinstance(read, Rejection) or not back else replace(read, days_ago=back)


def _read(text: str, context: LogContext) -> ReadLog | Rejection:
    parsed = parse_log(text)
    if isinstance(parsed, Rejection):
        if parsed.reason is not RejectionReason.NOT_A_LOG or not context.doing:
            return parsed
        parsed = _numbers_alone(text)
        if isinstance(parsed, Rejection):
            return parsed
    parsed = replace(parsed, note=parsed.note or _note(text, parsed))
    settled = _settled_name(parsed, context)
    doubtful = None if settled is not None else _doubtful(parsed, context)
    reading = _in_unit(settled or _placed(parsed, context), context)
    exercise = get_exercise(reading.exercise_id) if reading.exercise_id else None
    if reading.percent is not None:
        weighed = _weighed(reading, exercise, context)
        if isinstance(weighed, Rejection):
            return weighed
        reading = weighed
    if exercise is None or doubtful is not None:
        return ReadLog((Candidate("usual", reading),), doubtful_name=doubtful)
    for question, other in _alternatives(text, reading, exercise, context):
        usual, second = ANSWERS[question]
        if question == IMPLEMENTS_QUESTION:
            # Read as a pair on a dumbbell or kettlebell lift first, as sets on a barbell.
            pair, apart = (reading, other) if reading.pair else (other, reading)
            implements = bool(exercise.equipment & _IMPLEMENTS)
            reading, other = (pair, apart) if implements else (apart, pair)
            usual, second = (usual, second) if implements else (second, usual)
        candidates = [Candidate(usual, reading), Candidate(second, other)]
        read = ReadLog(tuple(candidates), question, exercise.id)
        answer = context.remembered.get(answer_key(exercise.id, question))
        return read if answer is None else read.chosen(answer)
    return ReadLog((Candidate("usual", reading),))


def name_subject(typed: str) -> str:
    """What an answer about a typed name is remembered for: the name folded, and cut to
    what storage keeps."""
    return name_key(typed)[:MAX_SUBJECT_CHARS]


def name_answer_key(typed: str) -> str:
    return answer_key(name_subject(typed), NAME_QUESTION)


def _doubtful(reading: LogReading, context: LogContext) -> str | None:
    """The name as written when the catalogue knows it only with a typo, or not at all,
    and it is no part of the name of one of today's exercises."""
    typed = reading.exercise_text
    if typed is None or lookup(typed) is not None:
        return None
    return typed if reading.exercise_id is not None or in_session(typed, context) is None else None


def _settled_name(reading: LogReading, context: LogContext) -> LogReading | None:
    """The reading with the exercise the person said a doubtful name means, if they did."""
    typed = _doubtful(reading, context)
    answer = context.remembered.get(name_answer_key(typed)) if typed else None
    if answer == CUSTOM_ANSWER:
        return replace(reading, exercise_id=None)
    exercise = get_exercise(answer) if answer else None
    return None if exercise is None else replace(reading, exercise_id=exercise.id)


def lone_reps(text: str) -> bool:
    """`15`, `15 bw`, `12 @ 20`, `10,9`, `10 @ 60 rpe 9`, `100 for 8`, `60kg 12`: sets that
    need an exercise being done to be read."""
    return _sets_alone(text) is not None or isinstance(_numbers_alone(text), LogReading)


def _numbers_alone(text: str) -> LogReading | Rejection:
    """The sets written with no name, read as those of the exercise being done."""
    alone = _sets_alone(text)
    return parse_log(text, lift_known=True) if alone is None else parse_log(alone)


def _sets_alone(text: str) -> str | None:
    """Numbers alone that only an exercise being done makes a log, written the way
    `parse_log` reads them as sets; None for anything else."""
    if lone := _LONE_REPS.match(text):
        return f"1x{lone['n']}{lone['rest']}"
    if two := _TWO_REPS.match(text):
        return f"1x{two['a']}, 1x{two['b']}{two['rest']}"
    return None


def _placed(reading: LogReading, context: LogContext) -> LogReading:
    """The reading with the person's exercise: named, or the one being done."""
    if reading.exercise_id is not None:
        matched = get_exercise(reading.exercise_id)
        assert matched is not None
        exercise = resolve_exercise(reading.exercise_text or matched.name, matched, context)
        return replace(reading, exercise_id=exercise.id)
    if reading.exercise_text is None and context.current is not None:
        return replace(reading, exercise_id=context.current)
    if reading.exercise_text is not None and (meant := in_session(reading.exercise_text, context)):
        return replace(reading, exercise_id=meant.id)
    return reading


def _in_unit(reading: LogReading, context: LogContext) -> LogReading:
    """A load written without a unit is in the person's unit, as the bot stores it."""
    if context.units is None:
        return reading
    sets = tuple(
        replace(s, unit=context.units) if s.weight is not None and s.unit is None else s
        for s in reading.sets
    )
    return replace(reading, sets=sets)


def _weighed(
    reading: LogReading, exercise: Exercise | None, context: LogContext
) -> LogReading | Rejection:
    """Sets at a percentage of the one-rep max, at that share of the person's estimate,
    rounded to the nearest load the exercise is done with (the estimate's unit)."""
    assert reading.percent is not None
    if exercise is None:
        return Rejection(RejectionReason.PERCENT_WITHOUT_EXERCISE)
    estimate = context.estimates.get(exercise.id)
    if estimate is None:
        return Rejection(RejectionReason.NO_ESTIMATE, exercise.id)
    unit = context.units or "kg"
    sizes = load_sizes(exercise, Units(unit), context.equipment, loaded=True)
    assert sizes is not None, "a loaded exercise has sizes"
    weight = sizes.nearest(reading.percent / 100 * estimate)
    sets = tuple(replace(s, weight=weight, unit=unit) for s in reading.sets)
    return replace(reading, sets=sets)


def _alternatives(
    text: str, reading: LogReading, exercise: Exercise, context: LogContext
) -> list[tuple[str, LogReading]]:
    if (two := _TWO_OF.search(text)) and _pair_or_apart(exercise, two["unit"] is not None):
        # "3x12 2x24": read the other way, whether the 2 counts a pair or sets of its own.
        paired = _reread(text, reading, context, pairs=not reading.pair)
        if paired is not None and paired.sets != reading.sets:
            return [(IMPLEMENTS_QUESTION, paired)]
    loadable = bool((exercise.equipment | context.equipment) & _WEIGHTS)
    # A barbell weighs 20 kg alone: "@ 8" on one is an effort.
    if not loadable or Equipment.BARBELL in exercise.equipment:
        return []
    unit = context.units or "kg"
    found: list[tuple[str, LogReading]] = []
    at = _AT_NUMBER.search(text)
    no_load = all(s.weight is None for s in reading.sets)
    if at and no_load and reading.rpe is not None and float(at["n"].replace(",", ".")) <= MAX_RPE:
        other = _reread(f"{text[: at.end()]} {unit}{text[at.end() :]}", reading, context)
        if other is not None and other.rpe != reading.rpe:
            found.append((AT_QUESTION, other))
    pair = _PAIR.search(text)
    # Only a message that is that one pair: "3x100", "squat 3x100".
    only_pair = (
        pair is not None
        and len(reading.sets) == int(pair["a"])
        and {s.reps for s in reading.sets} == {int(pair["b"])}
    )
    # "2x50 no weight" says there was no load to read the 50 as.
    unloaded = no_load and not reading.bodyweight
    implements = bool(exercise.equipment & _IMPLEMENTS)
    fewest = _MIN_PAIR_REPS_OF_TWO if pair and implements and pair["a"] == "2" else _MIN_PAIR_REPS
    if pair and only_pair and unloaded and int(pair["b"]) >= fewest:
        written = f"{pair['a']} reps @ {pair['b']} {unit}"
        other = _reread(text[: pair.start()] + written + text[pair.end() :], reading, context)
        if other is not None:
            found.append((PAIR_QUESTION, other))
    return found


def _pair_or_apart(exercise: Exercise, unit: bool) -> bool:
    """Whether `2x24` beside sets may be a pair of implements as well as sets of its own:
    without a unit on a dumbbell or kettlebell lift (a pair of 24s, or two sets of 24), and
    with one on a barbell lift (a double at 24 kg, or a pair of 24 kg dumbbells). With a
    unit on a dumbbell lift it is a pair, and without one on any other it is sets."""
    implements = bool(exercise.equipment & _IMPLEMENTS)
    return implements != unit and (implements or Equipment.BARBELL in exercise.equipment)


def _reread(
    text: str, first: LogReading, context: LogContext, *, pairs: bool | None = None
) -> LogReading | None:
    parsed = parse_log(text, pairs=pairs)
    if isinstance(parsed, Rejection):
        return None
    placed = replace(parsed, exercise_id=first.exercise_id, note=first.note)
    return _in_unit(placed, context)


@lru_cache(maxsize=512)
def note_of(text: str) -> str | None:
    """The remark in a stored log's message, if any (asked again of the same messages by
    each confirmation and summary)."""
    parsed = parse_log(text)
    return None if isinstance(parsed, Rejection) else _note(text, parsed)


def _note(text: str, reading: LogReading) -> str | None:
    """The words after the last number, mark and the exercise's name: a remark."""
    if reading.percent is not None:
        text = without_percent(text)
    tokens = tokenize(text)
    end = max((t.end for t in tokens if t.kind not in _NOTE_KINDS), default=0)
    if reading.exercise_text:
        named = text.rfind(reading.exercise_text)
        end = max(end, named + len(reading.exercise_text) if named >= 0 else 0)
    note = text[end:].strip(_NOTE_EDGES)
    return note or None
