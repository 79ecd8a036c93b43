"""Reading a workout log typed in a chat: `parse_log(text)` → `LogReading | Rejection`.

Pure: no I/O, no Telegram, no database; no input raises. Reading rules:

Notation
- Sets x reps: `3x10`, `3 x 10`, `3×10`, `3х10` (Cyrillic), `3*10`, `3 by 10`; words:
  `3 sets of 12`, `3 sets x 12 reps`, `12 reps` (one set), `sets: 3, reps: 10`, and the same
  in Russian (`3 подхода по 12 раз`, `3 по 12`; but in `3х12 по 70` and `3 по 12 по 70` по
  gives the load; `подходы`, `сет`, `повторения`, `повт`), Ukrainian (`3 підходи по 12
  повторень`), German (`3 Sätze à 12`, `je 12 Wdh`), Spanish (`3 series de 12
  repeticiones`), French and Portuguese (`3 séries de 12 repetições`).
- Rep words next to a load: `140kg for a triple`, `a single at 180`, `150kg double` (one
  set), `3 triples at 140kg` (three); alone (`triples`) or before a name (`double kb
  swing`) they are words.
- In `AxB` with no unit, A of 10 or less is sets x reps (`3x10`, `5x5`); A over 10, or with
  decimals, is weight x reps, one set (`100x5`, `225x5`, `12.5x10`).
- A number with a unit is always the load: `5x100kg` is one set of 5 at 100 kg, `60kg x 10`
  one set of 10. Units: kg, kgs, kilos, кг, кило, килограмм, кілограм, kilogramos, quilos…;
  lb, lbs, pounds, `#` after a number (`225#`), фунтов, libras. No unit: `unit` is None and
  the bot applies the person's unit.
- Three numbers (`60x10x3` = `3x10x60` = `3x10x60kg`): the reps are the middle one, the load
  the outer one with a unit, else the one with decimals, else the larger; the other counts
  the sets.
- A load before or after, with or without `@`, at, for, with, w/ (and mit, con, avec, com, à):
  `3x10 60kg`, `60kg 3x10`, `3 x 10 @ 60 kg`, `60kg for 3x10`. A bare number next to a lift
  with no load is its load (`3x10 60`); one bare number and a list after @, at or with are
  reps and a load per set (`10 @ 60/70/80`).
- Two lone numbers: the one with a unit, or after a reps word, is the load (`100kg for 5`,
  `10 reps @ 60`). Two bare ones are a set only of a catalogue exercise named in the message
  or, with `lift_known` and no name written, of the exercise being done: the load after @,
  at or with (`hip thrust 10 @ 60`: 10 reps at 60; `8 @ 100 @ 8` adds RPE 8), before for
  (`squat 100 for 5`); the reps whole, and more than 30 beside a lighter load is refused
  (`squat 100 at 5`: written the other way round?). So is a load with a unit beside a whole
  number, the only two numbers (`hip thrust 60kg 12`, `12 60kg`: 12 reps), but not apart
  (`1rm is 200kg`), stuck to a word (`200kg 3rm`) or beside a sets word (`100kg 3 sets`).
  Without an exercise they are not read (`10 @ 60`, `100 for 5`, `60kg 12`).
- `@n` with n of 10 or less and no unit is RPE (`3x10 @8`, `@ 8.5`); larger or with a unit it
  is the load (`5/5/5 @ 100`, `3x10 @ 8kg`). Only the `@` sign does that: `at 8` is a load.
  Also `rpe 8`, `8 rpe`, `2 rir`, `rir 2`, `2 reps in reserve`, and after their number only
  `2 in the tank`, `1 left in the tank`, `2 reps left`, `could have done 2 more`, `2 в
  запасе`, `2 повтора в запасе`, `2 в запасі`, `2 im Tank`, `2 in Reserve`, `2 en reserva`,
  `2 na reserva`; `to failure` is 0 RIR. Several RPEs:
  the highest; several RIRs: the lowest.
- A percentage of the one-rep max, before or after the sets, with or without `@`, at, with,
  w/ or their words in the other languages (по, на, с, з, al, a, à, con, com, mit, bei:
  `5x5 @ 80%`, `3x8 at 75%`, `80% 5x5`, `5x5 @80 %`, `5х5 по 80%`, `5x3 al 85%`), is the
  reading's `percent`,
  not a load: `read_log` turns it into a weight from the person's estimate. One only, on
  sets with no load written; over 100 or not above 0 is `impossible_percent`.
- Per-set lists, one set per item: three or more numbers joined by `/`, `,` or `-`, spaces
  allowed (`12-10-8`, `12 - 10 - 8`, `10,10,8 at 50kg`, `5/5/5 @ 100`), or two joined by `/`
  or `,` with a load (`10/8 @ 60`; alone, `12/5` reads as a date). Lists pair by position
  (`10/8/6 @ 60/70/80kg`, `100x5/5/3`, `60/70/80 x 10/8/6`); a count or list that disagrees
  (`3x10/8`, `10/8/6 @ 60/70`) is `mismatched_lists`.
- `x 12` with nothing before the times sign is 12 reps (`hip thrust x 12`).
- A pyramid of pairs (`60x10, 62.5x8, 65x6`, or one pair a line): when two or more bare
  `AxB` pairs stand in one message and one of them reads weight x reps, each is weight x
  reps, one set, whatever its A (`10x10, 12.5x8` is 10 kg then 12.5 kg); a unit closing
  the pyramid is every weight's (`135x8, 155x6, 175x5 lbs`). `3x10, 3x8` stays
  sets x reps, and so do pairs that carry their own load (`3x10 60kg, 3x8 70kg`).
- Decimal points and decimal commas: `62.5`, `62,5`. A decimal comma counts only with one or
  two digits after it, no list following and no load after it (`10,8 @ 50kg` is two sets).
- Bodyweight: `bw`, `bodyweight`, `body weight`, `no weight`, `without weight`,
  `unweighted`, `своим весом`, `без веса`, `власною вагою`, `без ваги`, `sin peso`,
  `peso corporal`, `sem peso`, `sem carga`, `sin carga`, `peso do corpo`, `ohne Gewicht`,
  `ohne Zusatzgewicht`, `Körpergewicht`, `Eigengewicht`, `собственным весом`, `без
  отягощения` set
  `bodyweight`; added load (`+10kg`, `bw+20`, `bw + 20 kg`) is the set's weight with
  `bodyweight` true.
- Per side: `each leg`, `each side`, `per leg`, `per side`, `a side`, `/leg`, `/side`, `на
  каждую ногу`, `каждой ногой`, `с каждой ноги`, `на сторону`, `на кожну ногу`, `кожною
  ногою`, `pro Bein`, `je Seite`, `jedes Bein`, `por pierna`, `cada perna`, and
  `each` after reps (`3x10 each`); `each` after a load (`20kg each`, `10kg cada`) means per
  dumbbell.
- Dumbbell and kettlebell loads are per implement, as written, and `pair` says there were
  two: `3x10 2x20kg dbs`, `3x12 2x24kg`, `3x12 2 × 24 kg`, `3x12 w/ 40s`, `pair of 24s`, and
  `DB RDL 3x12 40s` (the s closing a message naming dumbbells) are 3 sets at 20, 24 or 40
  each. `2x20kg dbs` alone has no reps (`no_reps`), nor has `2x24kg` alone on a dumbbell or
  kettlebell lift (`db rdl 2x24kg`: a pair, the reps left out). Where `2x24` beside sets may
  be either, the likelier is read and `read_log` asks (`pairs` chooses): without a unit on a
  dumbbell lift it is a pair (`DB RDL 3x12 2x24`: or two sets of 24?), with one on a barbell
  lift a double (`squat 3x10 2x60kg`: or a pair of 60 kg dumbbells?).
- The exercise name may come before or after the numbers, in any case, set apart by `:`,
  `-`, `/`, `—` or `|` or not at all; numbers of a name are part of it (`45° back
  extension`, `45 degree …`, `90/90 hip switch`, `1 leg rdl` as `one leg rdl`). It is
  matched against the catalogue's names and aliases (`rdl`, `hip thrusts`, `bulgarians`,
  `nordics`) and their names in Russian, Ukrainian, German, Spanish and Portuguese
  (`bot/core/catalogue_names.py`: `румынка`, `Kniebeugen`, `stiff`), whatever the case,
  accents, ё/е, ß/ss and Russian and Ukrainian endings (`румынки`, `выпадов`); a word
  that binds a load is part of a name it completes (`agachamento com barra`, `curl de
  piernas`). Then with small typos (one letter in names of 5 to 9 letters, two from 10),
  asked about before storing, and kept as written when unknown; a name that could be two
  exercises (`тяга`, `flexora`) is not in the catalogue, so it is asked about. Filler such
  as "did", "today", "felt heavy", "сегодня", "heute", "hoje" is not part of the name.
  Two different catalogue exercises in one message: `several_exercises`.
- Labels are not lifts: `day 2`, `week 3`, `set 1:`, `1st set`, `rest 90s`, `rest 2:00`.
- A closing remark about one set changes it and is the reading's `note`: `last set only 6`,
  `first set 6`, `last one 70kg`, `but only 8 on the last set`, and the same in the other
  languages (`последний подход 12`, `letzter Satz nur 8`, `la última serie solo 8`,
  `primeira série 12`); refused for a single set.

Not a log (`not_a_log` unless said otherwise)
- No number, a lone number or load (`60`, `100kg`, `hip thrust 10`), reps of nothing
  (`x10`), links (`https://…`, `www.…`, `….com/5x5`), questions (`?`, or starting with how,
  what, can, should, как, сколько, як, wie, cómo, quanto…), greetings, notes.
- No reps (`no_reps`): sets without reps (`3 sets`), `2x20kg dbs`, and a catalogue exercise
  with only a load or an effort (`RDL 100kg`, `squats @8`).
- Plans (`plan_not_log`): planning words (planning, tomorrow, will, going to, next week,
  завтра…) and ranges: two numbers joined by a hyphen (`8-12`, `3x8-12`) or "to" (`8 to 12`).
- Dates (`12.05.2024`, `12/05`, `5/12/24`), clock times (`18:30`), numbers of four or more
  digits without a unit (`1920x1080`, phone numbers, years), numbers with a leading zero,
  and quantities that are not lifts: distances, durations, calories, grams, a percentage
  alone or beside them (`5km`, `30 min`, `8 hours`, `200g`, `80%`, `5km at 80%`).
- Impossible: reps not in 1..100 or not whole (`impossible_reps`), sets below 1
  (`impossible_sets`) or above 20 in all (`too_many_sets`), load of 0 or less
  (`impossible_load`) or above 500 kg / 1,100 lb (`too_heavy`; 500 without a unit), RPE not
  in 1..10 or RIR not a whole 0..10 (`impossible_effort`), more than 1,000 characters
  (`too_long`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache, lru_cache

from bot.core.catalogue import get_exercise, lookup
from bot.core.logparse.exercise_names import match_name
from bot.core.logparse.reading import (
    MAX_MESSAGE_CHARS,
    MAX_PERCENT,
    MAX_REPS,
    MAX_RIR,
    MAX_RPE,
    MAX_SETS,
    MIN_RPE,
    LoadUnit,
    LoggedSet,
    LogReading,
    LogRejected,
    Rejection,
    RejectionReason,
    max_load,
)
from bot.core.logparse.sets import PerformedSet, Quantity, read_sets
from bot.core.logparse.tokens import Kind, Token, tokenize
from bot.core.profile import Equipment

__all__ = [
    "LoadUnit",
    "LogReading",
    "LoggedSet",
    "Rejection",
    "RejectionReason",
    "parse_log",
]

_QUESTION_WORDS = frozenset(
    [
        "how",
        "what",
        "what's",
        "whats",
        "why",
        "when",
        "where",
        "which",
        "who",
        "can",
        "could",
        "should",
        "would",
        "is",
        "are",
        "does",
        "как",
        "сколько",
        "почему",
        "як",
        "скільки",
        "чому",
        "wie",
        "warum",
        "cómo",
        "cuánto",
        "quanto",
    ]
)
_SET_LABELS = frozenset({"set", "round", "satz", "serie", "série", "подход"})
_NAME_KINDS = frozenset({Kind.WORD, Kind.BODYWEIGHT, Kind.IMPLEMENT})
# Words read as binding a load or a count that are also part of names in other languages.
_NAME_JOINERS = frozenset({"a", "de", "com", "con", "mit"})
_LOAD_UNITS = frozenset({Kind.KG, Kind.LB})
_PER_IMPLEMENT = frozenset({Kind.KG, Kind.LB, Kind.IMPLEMENT})  # what "each" follows
_NOT_LOG_KINDS = frozenset({Kind.QUESTION, Kind.CLOCK, Kind.DATE})
# Kinds the screening looks at: labels start with the first four.
_SCREENED_KINDS = frozenset({Kind.NUMBER, Kind.REST, Kind.LABEL, Kind.SETS, Kind.PLAN})
_SCREENED_KINDS |= _NOT_LOG_KINDS
_NUMBER_SUFFIX_KINDS = frozenset({Kind.ORDINAL, Kind.FOREIGN_UNIT})
_MARKER_KINDS = frozenset({Kind.RPE, Kind.RIR, Kind.AT, Kind.PER_SIDE, Kind.EACH})
_MAX_DIGITS = 3  # more digits without a unit: a year, a phone number, a screen size
# A link's numbers are not a lift: "youtu.be/abc3x10", "example.com/5x5".
_LINK = re.compile(r"https?://|www\.|\w\.(?:com|org|net|io|be|co|ru|de)\b", re.IGNORECASE)
# A remark that changes one set: "last set only 8", "first set 6", "but only 8 on the last
# set", "last set 110kg". Read apart from the rest and applied to it.
_ONE_SET_REMARK = re.compile(
    r"""[\s,;.(–—-]*
    (?P<remark>(?:(?:but|но|але|aber|pero|mas)\s+)?(?:
        (?:(?:в|на|у|im|in|en|na|no)\s+)?(?:(?:la|el|a|o)\s+)?
        (?P<which>last|first|final|последн\w*|перв\w*|останн\w*|перш\w*|letzte[nrs]?|erste[nrs]?
          |[úu]ltim[oa]|primer[oa]?|primeir[oa])
        \s+(?:set|one|подход\w*|сет\w*|підх[іо]д\w*|satz|serie|série)\s*
        (?:(?:was|only|just|был|была|було|war|fue|foi|только|лишь|лише|тільки|nur|solo|sólo|só|apenas)\s+|:\s*)*
        (?P<value>[0-9]+(?:[.,][0-9]+)?)[^\S\n]*
        (?P<unit>kgs?|кг|lbs?|reps?|повтор\w*|раз\w*|wdh|wiederholungen|repeticiones|repetições)?
      | only\s+(?P<reps>[0-9]+)(?:\s+reps?)?\s+(?:on|in)\s+the\s+
        (?P<which_after>last|first|final)\s+(?:set|one)
    ))[\s.!)]*$""",
    re.IGNORECASE | re.VERBOSE,
)
# "@ 80%", "at 75 %", "80% of 1rm": a percentage of the one-rep max, with what binds it
# and what it is of.
_PERCENT = re.compile(
    r"""(?:(?:@|\b(?:at|with|al|a|à|con|com|mit|bei|по|на|с|з)\b|\bw/)\s*)?(?<![0-9.,])(?P<n>[0-9]{1,3}(?:[.,][0-9]+)?)\s*%
    (?:\s*(?:of\s+)?(?:my\s+)?(?:e?1\s*rm|max)\b)?""",
    re.IGNORECASE | re.VERBOSE,
)
# How "first" begins in the languages of `_ONE_SET_REMARK`; every other word there is "last".
_FIRST = ("first", "перв", "перш", "erst", "primer", "primeir")
# What every remark holds: the costly search runs only on messages with one of them.
_REMARK_HINT = re.compile(
    "|".join(("last", "final", "ltim", "letzt", "последн", "останн", *_FIRST))
)
_IMPLEMENTS = frozenset({Equipment.DUMBBELLS, Equipment.KETTLEBELL})
_EFFORT_WORDS = frozenset({"rpe", "rir"})  # the markers written before their number too
_COUNT_WORDS = frozenset({Kind.SETS, Kind.REPS, Kind.TIMES})  # "3 sets", "sets: 3", "x 12"
# One message is read by the logbook, then again for its confirmation's remark and the
# session's summary lines: recent texts are read once.
_RECENT_TEXTS = 512


@lru_cache(maxsize=_RECENT_TEXTS)
def parse_log(
    text: str, *, lift_known: bool = False, pairs: bool | None = None
) -> LogReading | Rejection:
    """Read a typed workout log; see the module docstring for the rules. `lift_known`: an
    exercise is being done, so numbers written with no name are its sets (`10 @ 60`).
    `pairs`: whether a `2x24` that may be a pair of dumbbells or sets of its own is a pair
    (None: the likelier; `read_log` asks)."""
    if len(text) > MAX_MESSAGE_CHARS:
        return Rejection(RejectionReason.TOO_LONG)
    if ("." in text or "/" in text) and _LINK.search(text):
        return Rejection(RejectionReason.NOT_A_LOG)
    try:
        if "%" not in text:
            return _read_remarked(text, lift_known, pairs)
        percent, rest = _percent(text)
        return _at_percent(_read_remarked(rest, lift_known, pairs), percent)
    except LogRejected as rejected:
        return Rejection(rejected.reason)


def _read_remarked(text: str, lift_known: bool, pairs: bool | None) -> LogReading:
    lowered = text.lower()
    hinted = _REMARK_HINT.search(lowered) is not None
    remark = _ONE_SET_REMARK.search(text) if hinted else None
    if remark is None:
        return _read(text, lift_known, pairs)
    return _with_remark(_read(text[: remark.start()], lift_known, pairs), remark)


def _percent(text: str) -> tuple[float, str]:
    """The one percentage written, and the message without it."""
    found = list(_PERCENT.finditer(text))
    if len(found) != 1:
        raise LogRejected(RejectionReason.NOT_A_LOG)
    match = found[0]
    return float(match["n"].replace(",", ".")), _without(text, match)


def without_percent(text: str) -> str:
    """The message with its percentage of the one-rep max (`@ 80% of 1rm`) taken out."""
    match = _PERCENT.search(text)
    return text if match is None else _without(text, match)


def _without(text: str, match: re.Match[str]) -> str:
    return f"{text[: match.start()]} {text[match.end() :]}"


def _at_percent(reading: LogReading, percent: float) -> LogReading:
    """The sets as done at `percent` of the one-rep max: sets with no load of their own."""
    if reading.bodyweight or any(s.weight is not None for s in reading.sets):
        raise LogRejected(RejectionReason.NOT_A_LOG)  # "5x5 100kg 80%": which is the load?
    if not 0 < percent <= MAX_PERCENT:
        raise LogRejected(RejectionReason.IMPOSSIBLE_PERCENT)
    return replace(reading, percent=percent)


def _with_remark(reading: LogReading, remark: re.Match[str]) -> LogReading:
    """The sets with the one the remark speaks of changed, and the remark as the note."""
    if len(reading.sets) < 2:
        raise LogRejected(RejectionReason.NOT_A_LOG)  # "last set" of one set: which?
    index = 0 if (remark["which"] or remark["which_after"]).lower().startswith(_FIRST) else -1
    changed = reading.sets[index]
    unit = (remark["unit"] or "").lower()
    written = remark["value"] or remark["reps"]
    value = Quantity(float(written.replace(",", ".")), written.isdigit())
    if unit.startswith(("kg", "кг", "lb")):
        load_unit: LoadUnit = "lb" if unit.startswith("lb") else "kg"
        changed = _logged(Quantity(changed.reps, True), value._replace(unit=load_unit))
    else:
        load = None if changed.weight is None else Quantity(changed.weight, True, changed.unit)
        changed = _logged(value, load)
    sets = list(reading.sets)
    sets[index] = changed
    return replace(reading, sets=tuple(sets), note=remark["remark"])


def _read(text: str, lift_known: bool, pairs: bool | None) -> LogReading:
    tokens, implements = _screened(tokenize(text))
    if tokens[0].kind is Kind.TIMES and all(t.kind is Kind.NUMBER for t in tokens[1:]):
        raise LogRejected(RejectionReason.NOT_A_LOG)  # "x10": reps of what?
    pair = implements and any(t.text == "pair" for t in tokens)
    exercise_text, exercise_id, tokens = _exercise(text, tokens)
    rpe, rir, per_side, tokens = _markers(tokens)
    with_implements, barbell = _gear(exercise_id)
    # Two bare numbers are a set of a catalogue lift, named or being done: not of unknown
    # words ("meeting at 3 with 10 people").
    known = exercise_id is not None or (lift_known and exercise_text is None)
    if known:
        tokens = _reps_beside_load(text, tokens)
    performance = read_sets(tokens, implements or with_implements, barbell, known, pairs)
    if not performance.sets:
        # "RDL 100kg", "squats @8": a catalogue lift with a load or effort, but no reps.
        described = performance.load_without_reps or rpe is not None or rir is not None
        no_reps = performance.lift_without_reps or (described and exercise_id is not None)
        raise LogRejected(RejectionReason.NO_REPS if no_reps else RejectionReason.NOT_A_LOG)
    if len(performance.sets) > MAX_SETS:
        raise LogRejected(RejectionReason.TOO_MANY_SETS)
    return LogReading(
        exercise_text=exercise_text,
        exercise_id=exercise_id,
        sets=_logged_sets(performance.sets),
        bodyweight=_on_bodyweight(performance.sets, tokens),
        per_side=per_side,
        rpe=rpe,
        rir=rir,
        pair=performance.pair or pair,
    )


# --- What is not a log ------------------------------------------------------------------------


def _screened(tokens: list[Token]) -> tuple[list[Token], bool]:
    """The tokens without labels and rest times (`day 2`, `1st`, `rest 90s`), and whether
    dumbbells or kettlebells are named; raises for a message that is not a log: a question,
    a clock time, a date, a quantity that is not a lift, no number at all, or a plan."""
    if not tokens or tokens[0].text in _QUESTION_WORDS:
        raise LogRejected(RejectionReason.NOT_A_LOG)
    kept: list[Token] = []
    has_number = plan = implements = False
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind is Kind.NUMBER and _is_plain_number(tokens, index):
            has_number = True
        elif token.kind is Kind.IMPLEMENT:
            implements = True
        elif token.kind in _SCREENED_KINDS:
            skipped = _label_length(tokens, index)
            if skipped:
                index += skipped
                continue
            _reject_token(tokens, index)
            has_number = has_number or token.kind is Kind.NUMBER
            plan = plan or token.kind is Kind.PLAN
        kept.append(token)
        index += 1
    if not has_number:
        raise LogRejected(RejectionReason.NOT_A_LOG)
    if plan:
        raise LogRejected(RejectionReason.PLAN_NOT_LOG)
    return kept, implements


def _is_plain_number(tokens: Sequence[Token], index: int) -> bool:
    """Most numbers: up to three digits, no leading zero, no unit of another kind after."""
    text = tokens[index].text
    if len(text) > 3 or (text[0] == "0" and len(text) > 1):
        return False
    return index + 1 == len(tokens) or tokens[index + 1].kind not in _NUMBER_SUFFIX_KINDS


def _label_length(tokens: Sequence[Token], index: int) -> int:
    """How many tokens from `index` name or time something (0: none)."""
    token = tokens[index]
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is None:
        return 0
    if token.kind is Kind.NUMBER:
        if following.kind is Kind.ORDINAL and token.end == following.start:  # 1st
            return 2
        after = tokens[index + 2] if index + 2 < len(tokens) else None
        if following.kind is Kind.FOREIGN_UNIT and after is not None and after.kind is Kind.REST:
            return 3  # 90s rest
        return 0
    if token.kind is Kind.REST:
        return 1 + _duration_length(tokens, index + 1)
    if token.kind is Kind.CLOCK and following.kind is Kind.REST:
        return 2  # 2:00 rest
    if following.kind is not Kind.NUMBER or _has_unit_or_times(tokens, index + 1):
        return 0
    counted = index > 0 and tokens[index - 1].kind in (Kind.NUMBER, Kind.ORDINAL)
    if token.kind is Kind.LABEL or (token.text in _SET_LABELS and not counted):
        return 2  # day 2, set 1 (but "1 set of 10" counts a set, "set 100x5" is a set)
    return 0


def _duration_length(tokens: Sequence[Token], index: int) -> int:
    if index >= len(tokens):
        return 0
    if tokens[index].kind is Kind.CLOCK:
        return 1
    if tokens[index].kind is not Kind.NUMBER:
        return 0
    unit = tokens[index + 1] if index + 1 < len(tokens) else None
    return 2 if unit is not None and unit.kind is Kind.FOREIGN_UNIT else 1


def _reject_token(tokens: Sequence[Token], index: int) -> None:
    token = tokens[index]
    if token.kind in _NOT_LOG_KINDS:
        raise LogRejected(RejectionReason.NOT_A_LOG)
    if token.kind is Kind.NUMBER:
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if _is_not_a_lift(token, following):
            raise LogRejected(RejectionReason.NOT_A_LOG)


def _is_not_a_lift(number: Token, following: Token | None) -> bool:
    """Distances, durations, codes and the like: `5km`, `30 min`, `1920`, `07700`."""
    if following is not None and following.kind is Kind.FOREIGN_UNIT:
        return True
    digits = len(number.text) - len(number.text.lstrip("0123456789"))
    if digits > 1 and number.text.startswith("0"):
        return True
    has_unit = following is not None and following.kind in _LOAD_UNITS
    return digits > _MAX_DIGITS and not has_unit


def _reps_beside_load(text: str, tokens: list[Token]) -> list[Token]:
    """`60kg 12`, `12 60kg`: a load with a unit and a whole number right beside it, the only
    numbers of the message, are a set: the tokens with a reps word after the number. Written
    apart (`1rm is 200kg`), stuck to a word (`200kg 3rm`), beside a word saying what the
    number is (`100kg 3 sets`) or a weigh-in (`bodyweight 72kg`), they are not."""
    numbers = [index for index, token in enumerate(tokens) if token.kind is Kind.NUMBER]
    if len(numbers) != 2 or any(token.kind is Kind.BODYWEIGHT for token in tokens):
        return tokens
    first, second = numbers
    after = tokens[second + 1] if second + 1 < len(tokens) else None
    if second == first + 2 and tokens[first + 1].kind in _LOAD_UNITS:
        reps, left, right = second, tokens[first + 1], tokens[second]  # 60kg 12
    elif second == first + 1 and after is not None and after.kind in _LOAD_UNITS:
        reps, left, right = first, tokens[first], tokens[second]  # 12 60kg
    else:
        return tokens
    count = tokens[reps]
    apart = not text[left.end : right.start].isspace()
    stuck = count.end < len(text) and text[count.end].isalpha()
    beside = tokens[reps - 1 : reps] + tokens[reps + 1 : reps + 2]
    named = any(token.kind in _COUNT_WORDS for token in beside)
    if apart or stuck or named or not count.integral:
        return tokens
    word = Token(Kind.REPS, "reps", count.end, count.end)
    return [*tokens[: reps + 1], word, *tokens[reps + 1 :]]


# --- Exercise, effort, per side ---------------------------------------------------------------


def _exercise(text: str, tokens: list[Token]) -> tuple[str | None, str | None, list[Token]]:
    """The exercise named (as written, and its catalogue id), and the tokens left without it.

    A catalogue exercise wins over unknown words; otherwise the first unknown name is kept.
    """
    known: dict[str, str] = {}  # exercise id → the name as written
    unknown: list[str] = []
    in_name: set[int] = set()
    for start, end in _word_runs(tokens):
        match = match_name(tuple(t.text for t in tokens[start:end]))
        if match.start == match.end:
            continue
        first, last = tokens[start + match.start], tokens[start + match.end - 1]
        written = text[first.start : last.end]
        if match.exercise is None:
            unknown.append(written)
        else:
            known.setdefault(match.exercise.id, written)
        in_name.update(range(start + match.start, start + match.end))
    if len(known) > 1:
        raise LogRejected(RejectionReason.SEVERAL_EXERCISES)
    kept = [t for index, t in enumerate(tokens) if index not in in_name]
    for exercise_id, written in known.items():
        return written, exercise_id, kept
    return (unknown[0] if unknown else None), None, kept


def _word_runs(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for index, token in enumerate((*tokens, None)):
        is_word = token is not None and token.kind in _NAME_KINDS
        if is_word and start is None:
            start = index
        elif not is_word and start is not None:
            runs.append((start, index))
            start = None
    return _joined(tokens, runs)


def _joined(tokens: Sequence[Token], runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The runs, two of them made one across a word that also binds a load or a count
    when together they name an exercise ("agachamento com barra", "curl de piernas")."""
    joined: list[tuple[int, int]] = []
    for start, end in runs:
        joiner = start - 1
        if joined and joined[-1][1] == joiner and tokens[joiner].text in _NAME_JOINERS:
            first = joined[-1][0]
            words = tuple(t.text for t in tokens[first:end])
            match = match_name(words)
            # Spelt exactly: a typo across the joiner ("hip thrust con banda") is no name.
            named = lookup(" ".join(words[match.start : match.end])) is not None
            if named and first + match.start < joiner < first + match.end:
                joined[-1] = (first, end)
                continue
        joined.append((start, end))
    return joined


@cache
def _gear(exercise_id: str | None) -> tuple[bool, bool]:
    """Whether the exercise is done with dumbbells or kettlebells, and with a barbell."""
    exercise = get_exercise(exercise_id) if exercise_id else None
    if exercise is None:
        return False, False
    implements = bool(exercise.equipment & _IMPLEMENTS)
    return implements, Equipment.BARBELL in exercise.equipment


def _markers(tokens: list[Token]) -> tuple[float | None, int | None, bool, list[Token]]:
    """Take out efforts (`@8`, `rpe 8`, `8 rpe`, `2 rir`) and per-side words (`each leg`,
    `/side`, `3x10 each`; but `20kg each` and `dbs each` mean per dumbbell)."""
    kept: list[Token] = []
    rpes: list[float] = []
    rirs: list[float] = []
    per_side = False
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind not in _MARKER_KINDS:
            kept.append(token)
            index += 1
            continue
        if token.text.endswith("failure"):  # "to failure": no rep left
            rirs.append(0.0)
            index += 1
            continue
        if token.kind is Kind.RPE or token.kind is Kind.RIR:
            value, index = _marked_value(tokens, index, kept)
            if value is not None:
                (rpes if token.kind is Kind.RPE else rirs).append(value)
            continue
        if _is_rpe_at(tokens, index):
            rpes.append(tokens[index + 1].value)
            index += 2
            continue
        if token.kind is Kind.PER_SIDE:
            per_side = True
        elif token.kind is Kind.EACH:
            previous = tokens[index - 1].kind if index else None
            per_side = per_side or previous not in _PER_IMPLEMENT
        else:
            kept.append(token)
        index += 1
    return _checked_rpe(rpes), _checked_rir(rirs), per_side, kept


def _marked_value(
    tokens: Sequence[Token], index: int, kept: list[Token]
) -> tuple[float | None, int]:
    """The number after the marker (`rpe 8`, `rpe@8`) or else the one before it (`8 rpe`);
    phrases only follow theirs (`2 in the tank`, `2 reps left`, after a comma too)."""
    after = index + 1
    postfix = tokens[index].text not in _EFFORT_WORDS
    if after < len(tokens) and tokens[after].kind is Kind.AT:
        after += 1
    number_after = after < len(tokens) and tokens[after].kind is Kind.NUMBER
    if number_after and not postfix and not _has_unit_or_times(tokens, after):
        return _effort_range(tokens, after, tokens[index].kind is Kind.RIR)
    joined = len(kept) >= 2 and kept[-2].kind in (Kind.TIMES, Kind.SEPARATOR, Kind.PLUS)
    # "60kg, 2 rir", "60kg + 2 rir": after a load, a comma or a plus starts the effort.
    after_load = len(kept) >= 3 and kept[-3].kind in _LOAD_UNITS and kept[-2].text in ",+"
    before_ok = not joined or after_load or (postfix and kept[-2].text == ",")
    if kept and kept[-1].kind is Kind.NUMBER and before_ok:
        value = kept.pop().value
        if kept and kept[-1].text == "@":
            kept.pop()
        return value, index + 1
    return None, index + 1


def _effort_range(tokens: Sequence[Token], index: int, rir: bool) -> tuple[float, int]:
    """The effort at `index`, and the index after it; a range (`rir 1-2`, `rpe 8-9`) counts
    as its harder end: the fewer reps left, the higher RPE."""
    value = tokens[index].value
    if index + 2 < len(tokens) and tokens[index + 1].text == "-":
        dash, upper = tokens[index + 1], tokens[index + 2]
        touching = tokens[index].end == dash.start and dash.end == upper.start
        if touching and upper.kind is Kind.NUMBER and not _has_unit_or_times(tokens, index + 2):
            harder = min if rir else max
            return harder(value, upper.value), index + 3
    return value, index + 1


def _is_rpe_at(tokens: Sequence[Token], index: int) -> bool:
    """`@8`: the @ sign, then a number of 10 or less with no unit, list or times sign."""
    if tokens[index].text != "@" or index + 1 >= len(tokens):
        return False
    number = tokens[index + 1]
    if number.kind is not Kind.NUMBER or number.value > MAX_RPE:
        return False
    if _has_unit_or_times(tokens, index + 1):
        return False
    following = tokens[index + 2] if index + 2 < len(tokens) else None
    return following is None or following.kind is not Kind.SEPARATOR or following.text == ","


def _has_unit_or_times(tokens: Sequence[Token], index: int) -> bool:
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return following is not None and (following.kind in _LOAD_UNITS or following.kind is Kind.TIMES)


def _checked_rpe(values: list[float]) -> float | None:
    if any(not MIN_RPE <= value <= MAX_RPE for value in values):
        raise LogRejected(RejectionReason.IMPOSSIBLE_EFFORT)
    return max(values, default=None)


def _checked_rir(values: list[float]) -> int | None:
    if any(not (value.is_integer() and 0 <= value <= MAX_RIR) for value in values):
        raise LogRejected(RejectionReason.IMPOSSIBLE_EFFORT)
    return int(min(values)) if values else None


# --- Limits -----------------------------------------------------------------------------------


def _logged_sets(performed: Sequence[PerformedSet]) -> tuple[LoggedSet, ...]:
    # Sets repeat ("3x10"): build each distinct one once.
    logged: dict[PerformedSet, LoggedSet] = {}
    return tuple(logged.get(row) or logged.setdefault(row, _logged(*row)) for row in performed)


def _on_bodyweight(performed: Sequence[PerformedSet], tokens: Sequence[Token]) -> bool:
    added = any(load is not None and load.added for _, load in performed)
    return added or any(t.kind is Kind.BODYWEIGHT for t in tokens)


def _logged(reps: Quantity, load: Quantity | None) -> LoggedSet:
    if not reps.integral or not 1 <= reps.value <= MAX_REPS:
        raise LogRejected(RejectionReason.IMPOSSIBLE_REPS)
    if load is None:
        return LoggedSet(int(reps.value), None, None)
    if load.value <= 0:
        raise LogRejected(RejectionReason.IMPOSSIBLE_LOAD)
    if load.value > max_load(load.unit):
        raise LogRejected(RejectionReason.TOO_HEAVY)
    return LoggedSet(int(reps.value), load.value, load.unit)
