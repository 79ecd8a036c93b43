"""Plain-text coaching moments: "my knee hurts", "slept badly", "only have bands this week".

`read_moments(text)` gives every moment a message tells, most urgent first; `read_moment(text)`
the first of them. Keyword rules, no external service. Pure: no I/O, no input raises.

Rules
- A workout log wins: a message `parse_log` reads as a log ("RDL 80kg 3x8", "knee hurts after
  3x10") is no moment; its remark is the log's note. Exercise names ("hamstring curl",
  "banded bridge", "good mornings") are blanked out before reading, so a body word or an
  equipment word inside a name says nothing.
- A message is read clause by clause: punctuation and words such as "but" end a clause, so
  in "knee is fine but my back hurts" the fine knee and the hurting back stay apart.
- Negation: a negator ("no", "not", "doesn't"…) up to four words before a phrase, or a
  word of recovery after it ("gone", "anymore", "free"), in its clause and not across
  "and"/"so"/"because", cancels it: "no pain", "my knee doesn't hurt anymore", "pain-free";
  "knee hurts and it's not getting better" is still pain.
  Sleep works both ways: "didn't sleep well" is bad sleep, "didn't sleep badly" is not.
- Pain: a pain word ("hurts", "pain", "ache") is pain at the body part in its clause, the
  nearest one if several; with none, `OTHER`. Injury words ("pulled", "tweaked") count only
  with a body part. Glutes, legs and anything not in the readiness check's list are `OTHER`.
- Soreness: a soreness word ("sore", "DOMS") with glutes, hamstrings or legs is soreness of
  that group, with none it is the legs (Coach trains the lower body); a sore joint or another
  part ("sore knee", "stiff lower back") is pain there, not muscle soreness after training.
- Can't train today: "can't train", "no time", "skip today"…, unless the clause names another
  day ("can't train tomorrow" is for later, not today).
- Only some equipment: an "only"/"just" word next to a list of equipment ("only have bands",
  "just a pair of dumbbells and a bench", "bands only"), bodyweight or "no equipment" (an
  empty set), or a place: a hotel gym is `HOTEL_GYM` (see there), a hotel room bodyweight.
- Travel: "travelling", "on holiday", "business trip", "away for…"; "back from holiday"
  ends it, so is no travel.
- A number of days written anywhere in the message ("for 10 days", "2 weeks", "a week")
  goes with travel and with equipment; "next week" alone gives none.
- Feeling great: "feeling great", "full of energy", "well rested".
- Fine again: a body part Coach can plan around (knee, hip, lower back, hamstring) said to
  be fine, better or back to normal: "my knee is fine now", "knee feels fine", "hip pain is
  gone". Not negated ("knee isn't better"); a part the readiness check calls `OTHER` is
  nothing to plan around, so saying it is fine tells nothing.
- Weighed: a weigh-in word ("I weigh", "weighed in at", "my weight is", "bodyweight"), a
  few filler words, then a number with or without its unit (without: the person's own);
  "I'm" only with a unit ("I'm 80 kilos", never "I'm 30"). Whatever follows must be a word
  of time or place ("today", "this morning", "on the scale"): "my weight is 80kg today" is
  a weigh-in, "weight 80kg felt heavy" is about a lift. Never in a message that names an
  exercise or a piece of equipment, reps or sets ("my hip thrust weighs 100kg", "the bar
  weighs 20kg", a log the parser refused next to it), or someone or some time else ("my
  dog weighs 30kg", "I want to weigh 70kg", "goal weight"). How plausible the number is is
  the shell's to judge, as for `/weight`.
- Rest timer: switched on ("rest timer on", "turn on the rest timer", "time my rests") or
  off ("timer off", "stop the timer", "no more timers"). A negated switch is no switch
  ("don't start the timer" might be for now only), a question asks ("is the timer on?"),
  and "timer on"/"timer off" must end the clause ("the timer on my phone" is no switch).
  Never in a message with a number: "8 @ 62 timer off" is a log the parser refused.

Languages: every word lives in a `Vocabulary` (phrases as data, see `_phrase`); adding a
language is adding one to `VOCABULARIES`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from itertools import dropwhile, pairwise, takewhile
from typing import TypeAlias

from bot.core.catalogue import CATALOGUE
from bot.core.logparse.parser import LogReading, parse_log
from bot.core.profile import Equipment, Units
from bot.core.readiness import PainRegion


class SoreGroup(StrEnum):
    GLUTES = "glutes"
    HAMSTRINGS = "hamstrings"
    LEGS = "legs"


@dataclass(frozen=True, slots=True)
class Pain:
    region: PainRegion


@dataclass(frozen=True, slots=True)
class Sore:
    group: SoreGroup


@dataclass(frozen=True, slots=True)
class SleptBadly:
    pass


@dataclass(frozen=True, slots=True)
class CantTrainToday:
    pass


@dataclass(frozen=True, slots=True)
class OnlyEquipment:
    """The equipment at hand for a while; empty is bodyweight only."""

    equipment: frozenset[Equipment]
    days: int | None = None


@dataclass(frozen=True, slots=True)
class Travel:
    days: int | None = None


@dataclass(frozen=True, slots=True)
class FeelingGreat:
    pass


@dataclass(frozen=True, slots=True)
class Fine:
    """The region that hurt is fine again."""

    region: PainRegion


@dataclass(frozen=True, slots=True)
class Weighed:
    """A bodyweight said, as written: with no unit, in the person's own."""

    value: float
    unit: Units | None = None


@dataclass(frozen=True, slots=True)
class RestTimer:
    """The rest timer switched on or off."""

    on: bool


Moment: TypeAlias = (
    Pain
    | Sore
    | SleptBadly
    | CantTrainToday
    | OnlyEquipment
    | Travel
    | Fine
    | FeelingGreat
    | Weighed
    | RestTimer
)

# Hotel gyms almost always have dumbbells, an adjustable bench and a stability ball; a cable
# station only the larger ones. A prescription that needs a missing cable is worse than an
# unused one, and "only dumbbells and a cable" says exactly what is there.
HOTEL_GYM: frozenset[Equipment] = frozenset(
    {Equipment.DUMBBELLS, Equipment.BENCH, Equipment.STABILITY_BALL}
)
MAX_DAYS = 90  # longer than a trip or a season of bands: a new normal, set in the profile


@dataclass(frozen=True, slots=True)
class BodyPart:
    """What a body word means as pain and as soreness (None: soreness there is pain)."""

    region: PainRegion
    group: SoreGroup | None = None


@dataclass(frozen=True, slots=True)
class Complaint:
    alone: tuple[str, ...]  # phrases that say it without a body part: "pain", "sore"
    with_part: tuple[str, ...]  # phrases that need one: "pulled", "tight"


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """One language's words. A phrase is words separated by spaces, each word a set of
    alternatives joined by `|`; `~` lets up to two other words stand between its
    neighbours: "cant|cannot ~ train|training" reads "can't really train"; `$` is the end of
    the clause."""

    negators: frozenset[str]
    recovered: frozenset[str]  # after a phrase: "gone", "anymore"
    clause_breaks: frozenset[str]
    negation_barriers: frozenset[str]
    body: Mapping[str, BodyPart]
    pain: Complaint
    soreness: Complaint
    slept_badly: tuple[str, ...]
    slept_well: tuple[str, ...]
    cant_train: tuple[str, ...]
    other_days: tuple[str, ...]
    only: tuple[str, ...]
    only_after: tuple[str, ...]  # "bands only", "bands are all I have"
    equipment_filler: frozenset[str]
    equipment: Mapping[str, frozenset[Equipment]]
    places: Mapping[str, frozenset[Equipment]]
    travel: tuple[str, ...]
    travel_over: tuple[str, ...]
    numbers: Mapping[str, int]
    day_units: Mapping[str, int]
    feeling_great: tuple[str, ...]
    fine_again: tuple[str, ...]  # with a body part: "knee is fine"
    weighed: tuple[str, ...]  # a bodyweight follows: "I weigh", "my weight is"
    weighed_with_unit: tuple[str, ...]  # a bodyweight with its unit follows: "I'm"
    weighed_filler: frozenset[str]  # between those and the number: "in at", "is"
    weighed_tail: frozenset[str]  # what may follow the bodyweight: "today", "on the scale"
    not_weighed: tuple[str, ...]  # someone, something or some time else: "dog", "goal"
    weight_units: Mapping[str, Units]
    timer_on: tuple[str, ...]
    timer_off: tuple[str, ...]
    questions: frozenset[str]  # a clause starting with one asks: "is the timer on"


def _one_of(alternatives: str) -> frozenset[str]:
    return frozenset(alternatives.split("|"))


_KNEE = BodyPart(PainRegion.KNEE)
_HIP = BodyPart(PainRegion.HIP)
_LOWER_BACK = BodyPart(PainRegion.LOWER_BACK)
_HAMSTRINGS = BodyPart(PainRegion.HAMSTRING, SoreGroup.HAMSTRINGS)
_GLUTES = BodyPart(PainRegion.OTHER, SoreGroup.GLUTES)
_LEGS = BodyPart(PainRegion.OTHER, SoreGroup.LEGS)
_ELSEWHERE = BodyPart(PainRegion.OTHER)

ENGLISH = Vocabulary(
    negators=_one_of(
        "no|not|never|without|dont|doesnt|didnt|isnt|arent|wasnt|werent|havent|hasnt|nothing|zero"
    ),
    recovered=_one_of("anymore|gone|away|free|fine|better|healed|ok|okay"),
    clause_breaks=_one_of("but|though|although|however|except"),
    negation_barriers=_one_of("and|so|because|as|since"),
    body={
        "knee|knees|kneecap": _KNEE,
        "hip|hips|groin": _HIP,
        "back|lumbar|spine": _LOWER_BACK,
        "lower|low back": _LOWER_BACK,
        "hamstring|hamstrings|hammy|hammies|hams": _HAMSTRINGS,
        "glute|glutes|butt|bum|booty|backside": _GLUTES,
        "leg|legs|quad|quads|calf|calves|thigh|thighs": _LEGS,
        "lower body": _LEGS,
        "upper|mid back": _ELSEWHERE,
        "shoulder|shoulders|neck|ankle|ankles|foot|feet|wrist|wrists|elbow|elbows|arm|arms"
        "|chest|shin|shins|toe|toes|abs|side": _ELSEWHERE,
    },
    pain=Complaint(
        alone=(
            "hurt|hurts|hurting|pain|pains|ache|aches|aching|achy|injured|injury",
            "twinge|twinges",
        ),
        # "That set was painful" is effort, "a painful knee" is pain.
        with_part=("painful|pulled|tweaked|strained|sprained|twisted|tender|niggle|niggling",),
    ),
    soreness=Complaint(
        alone=("sore|soreness|doms",),
        with_part=("stiff|tight|killing|wrecked|destroyed|fried|toast",),
    ),
    slept_badly=(
        "slept|sleep badly|poorly|bad|terribly|terrible|awful|awfully|horribly|little",
        "bad|poor|terrible|awful|horrible|little|broken|no sleep",
        "bad|rough|terrible|awful|sleepless|restless night",
        "barely|hardly|didnt|couldnt|cant|not ~ sleep|slept",
        "only ~ slept|sleep",
        "slept only",
        "insomnia",
        "up all night",
    ),
    slept_well=(
        "slept|sleep well|great|fine|ok|okay|good|amazing|soundly|like",
        "good|great|decent|solid|restful sleep|night",
        "well rested",
    ),
    cant_train=(
        "cant|cannot|couldnt|wont|unable ~ train|training|workout|lift|lifting|exercise|gym",
        "cant|cannot|couldnt|wont|unable ~ work out",
        "not ~ training|lifting|exercising",  # "not a workout log" is no news about today
        "not working out",
        "cant|cannot|couldnt|wont ~ make it",
        "skip|skipping|skipped|miss|missing ~ today|session|workout|training|gym|day",
        "no time ~ today|train|training|workout|gym|session",
        "too busy|tired",
        "take|taking|need|having ~ day off",
    ),
    other_days=(
        "tomorrow|tonight|week|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday",
        "next|last time",
    ),
    only=("only|just", "nothing but"),
    only_after=("only", "is|are all ~ have|got"),
    equipment_filler=_one_of(
        "have|got|has|ive|i|a|an|the|my|some|pair|of|couple|two|few|set|light|heavy|"
        "resistance|mini|loop|access|to|with|brought|packed|adjustable|and|or|plus"
    ),
    equipment={
        "band|bands": frozenset({Equipment.BANDS}),
        "dumbbell|dumbbells|db|dbs": frozenset({Equipment.DUMBBELLS}),
        "kettlebell|kettlebells|kb|kbs": frozenset({Equipment.KETTLEBELL}),
        "barbell|barbells|bar": frozenset({Equipment.BARBELL}),
        "bench|benches": frozenset({Equipment.BENCH}),
        "leg curl machine": frozenset({Equipment.LEG_CURL_MACHINE}),
        "cable|cables": frozenset({Equipment.CABLE}),
        "stability|swiss|exercise|gym ball": frozenset({Equipment.STABILITY_BALL}),
        "slider|sliders": frozenset({Equipment.SLIDERS}),
        "bodyweight": frozenset(),
        "body weight": frozenset(),
    },
    places={
        "hotel gym": HOTEL_GYM,
        "gym ~ hotel": HOTEL_GYM,
        "hotel room": frozenset(),
        "no equipment|weights|kit|gear": frozenset(),
    },
    travel=(
        "travelling|traveling|travel|travels|trip|abroad",
        "on|for|going|my ~ holiday|holidays|vacation|road",
        "holiday|holidays|vacation next|this|for|until|till",
        "out of town",
        "away for|until|till|next|this",
        "away from home",
    ),
    travel_over=("back|home|returned ~ from", "back home"),
    numbers={
        "a": 1,
        "an": 1,
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "fourteen": 14,
    },
    day_units={"day": 1, "days": 1, "night": 1, "nights": 1, "week": 7, "weeks": 7},
    feeling_great=(
        "feel|feeling|im|am ~ great|amazing|awesome|strong|fantastic|fresh|energised|energized",
        "full of energy",
        "well rested",
    ),
    fine_again=(
        "fine|healed|recovered",
        "feels|feel|feeling|felt|is|its|are|was ~ better|ok|okay|alright|good|great|normal",
        "pain|ache|aches|hurt|hurting ~ gone|over",
    ),
    weighed=(
        "weigh|weighs|weighed|weighing",
        "my|current|todays|morning weight|bodyweight",
        "body weight",
        "bodyweight",
        "scale|scales says|said|shows|showed|reads|read",
    ),
    weighed_with_unit=("im|am",),
    weighed_filler=_one_of(
        "in|at|is|of|about|around|roughly|approximately|approx|exactly|now|currently|today|"
        "this|morning|myself|me|just|only|still|a|an"
    ),
    weighed_tail=_one_of(
        "today|now|this|morning|evening|tonight|again|on|the|a|scale|scales|after|before|"
        "breakfast|waking|up|naked|ish|flat|finally|already|btw|please|thanks"
    ),
    not_weighed=(
        "to weigh",  # want to, used to, hope to
        "goal|target|ideal|dream|want|wanted|wanna|hope|hoping|aim|aiming|should|would|used",
        "last|next year|month|week|time",
        "ago|yesterday|tomorrow",
        "he|she|it|they|his|her|their|hes|shes|theyre|wife|husband|partner|baby|son|daughter"
        "|kid|kids|dog|cat|bag|vest|backpack|suitcase|luggage",
        "bar|barbell|barbells|dumbbell|dumbbells|db|dbs|kettlebell|kettlebells|kb|kbs|plate"
        "|plates|load|sandbag|machine|band|bands",
        "rep|reps|set|sets|x|rpe|rir",
    ),
    weight_units={
        "kg|kgs|kilo|kilos|kilogram|kilograms|kilogramme|kilogrammes|кг": Units.KG,
        "lb|lbs|pound|pounds": Units.LB,
    },
    timer_on=(
        "turn|switch|put on ~ timer|timers",
        "turn|switch|put ~ timer|timers on",
        "start|enable|activate|want|need ~ timer|timers",
        "time my ~ rest|rests|breaks",
        "start timing ~ rest|rests|breaks",
        "timer|timers on $",
        "timer|timers on please|again|now $",
    ),
    timer_off=(
        "turn|switch|put off ~ timer|timers",
        "turn|switch ~ timer|timers off",
        "stop|disable|deactivate|cancel|end|kill|mute|silence ~ timer|timers",
        "no|without ~ timer|timers",
        "dont|not ~ want|need ~ timer|timers",
        "stop|dont ~ time|timing ~ rest|rests|breaks",
        "timer|timers off $",
        "timer|timers off please|now $",
    ),
    questions=_one_of("is|are|was|were|why|does|did|do|what|whats|where|when"),
)

VOCABULARIES: Mapping[str, Vocabulary] = {"en": ENGLISH}

_NEGATION_WINDOW = 4
_GAP = 2
# A point or comma between digits is a decimal one: "72.5", "72,5".
_CLAUSE_MARKS = re.compile(r"(?:[;:!?()\n]|(?<!\d)[.,]|[.,](?!\d))+")
_APOSTROPHES = re.compile(r"['’`]")
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_BLANK = ""  # an exercise name's words, which no phrase matches
_END = "$"  # in a phrase: the end of the clause

Words: TypeAlias = Sequence[str]
Slot: TypeAlias = frozenset[str] | None  # None: the `~` gap; empty: the end of the clause
Span: TypeAlias = tuple[int, int]


def read_moment(text: str, language: str = "en") -> Moment | None:
    """The most urgent moment `text` tells, or None; see the module docstring."""
    return next(iter(read_moments(text, language)), None)


def read_moments(text: str, language: str = "en") -> tuple[Moment, ...]:
    """Every moment `text` tells, once each, most urgent first: pain, can't train today,
    travel, equipment, fine again, soreness, bad sleep, feeling great, a weigh-in, the rest
    timer switched."""
    if isinstance(parse_log(text), LogReading):
        return ()
    vocabulary = VOCABULARIES[language]
    clauses = _clauses(text, vocabulary)
    days = _days(_words(text), vocabulary)
    found = [moment for clause in clauses for moment in _clause_moments(clause, vocabulary)]
    found = [moment for moment in found if _may_tell(moment, clauses, vocabulary)]
    found = [_with_days(moment, days) for moment in found]
    return tuple(sorted(dict.fromkeys(found), key=_urgency))


# --- Words and clauses --------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return _WORD.findall(_APOSTROPHES.sub("", text.casefold()))


def _clauses(text: str, vocabulary: Vocabulary) -> list[list[str]]:
    clauses: list[list[str]] = []
    for part in _CLAUSE_MARKS.split(text):
        clause: list[str] = []
        for word in _without_exercises(_words(part)):
            if word in vocabulary.clause_breaks:
                clauses.append(clause)
                clause = []
            else:
                clause.append(word)
        clauses.append(clause)
    return [clause for clause in clauses if clause]


def _singular(word: str) -> str:
    # The catalogue's own plural rule (bot.core.catalogue.normalise): "bss" stays whole.
    return word[:-1] if len(word) > 2 and word.endswith("s") and not word.endswith("ss") else word


@cache
def _exercise_names() -> tuple[tuple[str, ...], ...]:
    names = {
        tuple(_singular(word) for word in _words(name))
        for exercise in CATALOGUE
        for name in (exercise.name, *exercise.aliases)
    }
    return tuple(sorted(names, key=len, reverse=True))


def _without_exercises(words: list[str]) -> list[str]:
    singular = [_singular(word) for word in words]
    kept = list(words)
    for name in _exercise_names():
        for start in range(len(words) - len(name) + 1):
            if tuple(singular[start : start + len(name)]) == name:
                kept[start : start + len(name)] = [_BLANK] * len(name)
                singular[start : start + len(name)] = [_BLANK] * len(name)
    return kept


# --- Phrases --------------------------------------------------------------------------------


@cache
def _phrase(text: str) -> tuple[Slot, ...]:
    return tuple(_slot(word) for word in text.split())


def _slot(word: str) -> Slot:
    if word == "~":
        return None
    return frozenset() if word == _END else frozenset(word.split("|"))


def _spans(words: Words, phrase: str) -> Iterator[Span]:
    slots = _phrase(phrase)
    for start, word in enumerate(words):
        if slots[0] is not None and word in slots[0]:
            end = _match_rest(words, start + 1, slots[1:])
            if end is not None:
                yield start, end


def _match_rest(words: Words, index: int, slots: Sequence[Slot]) -> int | None:
    if not slots:
        return index
    slot, rest = slots[0], slots[1:]
    if slot is None:
        for skipped in range(_GAP + 1):
            end = _match_rest(words, index + skipped, rest)
            if end is not None:
                return end
        return None
    if not slot:
        return _match_rest(words, index, rest) if index == len(words) else None
    if index < len(words) and words[index] in slot:
        return _match_rest(words, index + 1, rest)
    return None


def _negated(words: Words, span: Span, vocabulary: Vocabulary) -> bool:
    start, end = span
    before = _up_to_barrier(reversed(words[max(0, start - _NEGATION_WINDOW) : start]), vocabulary)
    after = _up_to_barrier(words[end:], vocabulary)
    return any(word in vocabulary.negators for word in before) or any(
        word in vocabulary.recovered for word in after
    )


def _up_to_barrier(words: Iterable[str], vocabulary: Vocabulary) -> list[str]:
    # "Knee hurts and it's not getting better": the recovery belongs to the other half.
    return list(takewhile(lambda word: word not in vocabulary.negation_barriers, words))


def _affirmed(words: Words, phrases: Sequence[str], vocabulary: Vocabulary) -> list[Span]:
    """Where any of `phrases` stands in `words`, not negated."""
    return [
        span
        for phrase in phrases
        for span in _spans(words, phrase)
        if not _negated(words, span, vocabulary)
    ]


def _said(words: Words, phrases: Sequence[str], vocabulary: Vocabulary) -> bool:
    return bool(_affirmed(words, phrases, vocabulary))


def _denied(words: Words, phrases: Sequence[str], vocabulary: Vocabulary) -> bool:
    return any(
        _negated(words, span, vocabulary) for phrase in phrases for span in _spans(words, phrase)
    )


# --- Moments in a clause -------------------------------------------------------------------


def _clause_moments(words: Words, vocabulary: Vocabulary) -> Iterator[Moment]:
    yield from _complaints(words, vocabulary)
    if _cant_train_today(words, vocabulary):
        yield CantTrainToday()
    if _said(words, vocabulary.travel, vocabulary) and not _spans_any(
        words, vocabulary.travel_over
    ):
        yield Travel()
    equipment = _equipment(words, vocabulary)
    if equipment is not None:
        yield OnlyEquipment(equipment)
    if _slept_badly(words, vocabulary):
        yield SleptBadly()
    if _said(words, vocabulary.feeling_great, vocabulary):
        yield FeelingGreat()
    yield from _fine(words, vocabulary)
    weighed = _weighed(words, vocabulary)
    if weighed is not None:
        yield weighed
    timer = _rest_timer(words, vocabulary)
    if timer is not None:
        yield timer


def _spans_any(words: Words, phrases: Sequence[str]) -> bool:
    return any(True for phrase in phrases for _ in _spans(words, phrase))


def _complaints(words: Words, vocabulary: Vocabulary) -> Iterator[Pain | Sore]:
    parts = _body_parts(words, vocabulary)
    for complaint, is_pain in ((vocabulary.pain, True), (vocabulary.soreness, False)):
        for span in _affirmed(words, complaint.alone, vocabulary):
            yield _complaint(is_pain, _nearest(span, parts))
        if parts:
            for span in _affirmed(words, complaint.with_part, vocabulary):
                yield _complaint(is_pain, _nearest(span, parts))


def _body_parts(words: Words, vocabulary: Vocabulary) -> list[tuple[Span, BodyPart]]:
    """The body parts named, the longest name winning: "upper back" is not the back."""
    found = [
        (span, part) for phrase, part in vocabulary.body.items() for span in _spans(words, phrase)
    ]
    return [
        (span, part)
        for span, part in found
        if not any(
            other != span and other[0] <= span[0] and span[1] <= other[1] for other, _ in found
        )
    ]


def _nearest(span: Span, parts: Sequence[tuple[Span, BodyPart]]) -> BodyPart | None:
    if not parts:
        return None
    return min(parts, key=lambda found: abs(found[0][0] - span[0]))[1]


def _complaint(is_pain: bool, part: BodyPart | None) -> Pain | Sore:
    if part is None:
        return Pain(PainRegion.OTHER) if is_pain else Sore(SoreGroup.LEGS)
    if is_pain or part.group is None:
        return Pain(part.region)
    return Sore(part.group)


def _fine(words: Words, vocabulary: Vocabulary) -> Iterator[Fine]:
    parts = _body_parts(words, vocabulary)
    for span in _affirmed(words, vocabulary.fine_again, vocabulary):
        # The gap of "it's not getting better" holds the negation.
        if any(word in vocabulary.negators for word in words[span[0] : span[1]]):
            continue
        part = _nearest(span, parts)
        if part is not None and part.region is not PainRegion.OTHER:
            yield Fine(part.region)


def _cant_train_today(words: Words, vocabulary: Vocabulary) -> bool:
    return _said(words, vocabulary.cant_train, vocabulary) and not _spans_any(
        words, vocabulary.other_days
    )


def _slept_badly(words: Words, vocabulary: Vocabulary) -> bool:
    # Negation turns one list into the other: "didn't sleep well" is bad sleep.
    bad = _said(words, vocabulary.slept_badly, vocabulary) or _denied(
        words, vocabulary.slept_well, vocabulary
    )
    good = _said(words, vocabulary.slept_well, vocabulary) or _denied(
        words, vocabulary.slept_badly, vocabulary
    )
    return bad and not good


def _equipment(words: Words, vocabulary: Vocabulary) -> frozenset[Equipment] | None:
    for phrase, equipment in vocabulary.places.items():
        if _said(words, (phrase,), vocabulary):
            return equipment
    for phrase in vocabulary.only:
        for _, end in _affirmed(words, (phrase,), vocabulary):
            listed = _equipment_list(words, end, vocabulary)
            if listed is not None:
                return listed
    for phrase in vocabulary.only_after:
        for start, _ in _spans(words, phrase):
            listed = _equipment_list(words[start - 1 :: -1] if start else [], 0, vocabulary)
            if listed is not None:
                return listed
    return None


def _equipment_list(
    words: Words, index: int, vocabulary: Vocabulary
) -> frozenset[Equipment] | None:
    """The equipment named from `index` on, over filler words; None if none is named.
    Reads backwards too (words reversed), which is why two-word names match either way."""
    found: set[Equipment] = set()
    named = False
    while index < len(words):
        end = _equipment_at(words, index, vocabulary, found)
        if end is not None:
            named, index = True, end
        elif words[index] in vocabulary.equipment_filler:
            index += 1
        else:
            break
    return frozenset(found) if named else None


def _equipment_at(
    words: Words, index: int, vocabulary: Vocabulary, found: set[Equipment]
) -> int | None:
    for phrase, equipment in vocabulary.equipment.items():
        for alternative in (phrase, " ".join(reversed(phrase.split()))):
            end = _match_rest(words, index, _phrase(alternative))
            if end is not None:
                found.update(equipment)
                return end
    return None


def _may_tell(moment: Moment, clauses: Sequence[Words], vocabulary: Vocabulary) -> bool:
    """Whether the message may tell `moment`: "hip thrust 3x8 80kg, weighed 72kg" or
    "8 @ 62 timer off" is a log the parser refused, whose refusal a weigh-in or a timer
    switched must not hide."""
    if isinstance(moment, Weighed):
        return not any(
            _BLANK in words or _spans_any(words, vocabulary.not_weighed) for words in clauses
        )
    if isinstance(moment, RestTimer):
        return not any(_NUMBER.fullmatch(word) for words in clauses for word in words)
    return True


def _weighed(words: Words, vocabulary: Vocabulary) -> Weighed | None:
    for phrases, with_unit in ((vocabulary.weighed, False), (vocabulary.weighed_with_unit, True)):
        for _, end in _affirmed(words, phrases, vocabulary):
            weighed = _weight_from(words, end, vocabulary, with_unit=with_unit)
            if weighed is not None:
                return weighed
    return None


def _weight_from(
    words: Words, index: int, vocabulary: Vocabulary, *, with_unit: bool
) -> Weighed | None:
    """The bodyweight written from `index` on, after filler words unless `with_unit`."""
    rest = list(words[index:])
    if not with_unit:
        rest = list(dropwhile(lambda word: word in vocabulary.weighed_filler, rest))
    if not rest or not _NUMBER.fullmatch(rest[0]):
        return None
    unit = _weight_unit(rest[1], vocabulary) if len(rest) > 1 else None
    tail = rest[2:] if unit else rest[1:]
    if (with_unit and unit is None) or any(word not in vocabulary.weighed_tail for word in tail):
        return None
    return Weighed(float(rest[0].replace(",", ".")), unit)


def _weight_unit(word: str, vocabulary: Vocabulary) -> Units | None:
    return next(
        (unit for names, unit in vocabulary.weight_units.items() if word in _one_of(names)), None
    )


def _rest_timer(words: Words, vocabulary: Vocabulary) -> RestTimer | None:
    if not words or words[0] in vocabulary.questions:
        return None
    on = _said(words, vocabulary.timer_on, vocabulary)
    off = _said(words, vocabulary.timer_off, vocabulary)
    return RestTimer(on=on) if on != off else None


# --- Days -----------------------------------------------------------------------------------


def _days(words: Words, vocabulary: Vocabulary) -> int | None:
    for count, unit in pairwise(words):
        if unit in vocabulary.day_units:
            number = int(count) if count.isdigit() else vocabulary.numbers.get(count)
            if number is not None and 0 < number * vocabulary.day_units[unit] <= MAX_DAYS:
                return number * vocabulary.day_units[unit]
    return None


def _with_days(moment: Moment, days: int | None) -> Moment:
    if isinstance(moment, Travel):
        return Travel(days)
    if isinstance(moment, OnlyEquipment):
        return OnlyEquipment(moment.equipment, days)
    return moment


_URGENCY: tuple[type, ...] = (
    Pain,
    CantTrainToday,
    Travel,
    OnlyEquipment,
    Fine,
    Sore,
    SleptBadly,
    FeelingGreat,
    Weighed,
    RestTimer,
)


def _urgency(moment: Moment) -> int:
    return _URGENCY.index(type(moment))
