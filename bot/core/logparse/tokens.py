"""Tokens of a typed workout log, and the words that carry meaning in one.

One regular expression reads the message left to right. Every token keeps its place in the
message, so an exercise name can be quoted back exactly as it was written, and whether two
tokens touch (`12-10-8` is a list, `12 - 10` is not).
"""

from __future__ import annotations

import re
from enum import IntEnum, auto
from typing import NamedTuple


class Kind(IntEnum):
    NUMBER = auto()
    TIMES = auto()  # x, ×, *, and the Cyrillic х
    SEPARATOR = auto()  # / , - – —
    BREAK = auto()  # newline, ; and |
    AT = auto()  # @, w/ and the words that bind a load: at, for, with, mit, con, avec, com, à
    PLUS = auto()
    QUESTION = auto()
    CLOCK = auto()  # 18:30
    DATE = auto()  # 12.05.2024
    KG = auto()
    LB = auto()
    SETS = auto()
    REPS = auto()
    BODYWEIGHT = auto()
    IMPLEMENT = auto()  # dumbbells and kettlebells: the load written is per implement
    EACH = auto()
    PER_SIDE = auto()
    RPE = auto()
    RIR = auto()
    PLAN = auto()
    REST = auto()
    LABEL = auto()  # day, week, session: the number after one names it, it is not a lift
    FOREIGN_UNIT = auto()  # km, min, kcal, %: a quantity that is not a lift
    ORDINAL = auto()  # the st of 1st
    CONNECTIVE = auto()  # of, to, a, de, по: read by the grammar, never part of a name
    WORD = auto()  # anything else: maybe part of an exercise name


class Token(NamedTuple):
    kind: Kind
    text: str  # lower case
    start: int
    end: int
    value: float = 0.0  # numbers only
    integral: bool = True  # numbers only: written without a decimal point or comma


# Phrases first: their meaning is not that of their words. No alternative starts with \b: a
# match can only start where the previous one ended or after spaces, never inside a word.
_PER_SIDE = r"""
    (?:each|per|a)\s+(?:legs?|sides?|arms?)\b | /\s*(?:legs?|sides?)\b
  | на\s+(?:каждую\s+|кожну\s+)?(?:ногу|сторону)\b | каждой\s+ногой\b | кожною\s+ного[юй]\b
  | (?:с|з)\s+(?:каждой|кожної)\s+ноги\b | (?:pro|je)\s+(?:seite|bein)\b
  | jede[sn]?\s+(?:seite|bein)\b
  | (?:por|cada)\s+(?:lado|pierna|perna)\b | par\s+(?:côté|jambe)\b
"""
# Every way of saying "no added load"; each reads as the one word "bodyweight".
_BODYWEIGHT = r"""
    body[\s-]*weight\b | no\s+weight\b | without\s+weight\b | unweighted\b
  | своим\s+весом | без\s+веса | власною\s+вагою | без\s+ваги | sin\s+peso\b
  | peso\s+corporal\b | peso\s+do\s+corpo\b | sem\s+peso\b | ohne\s+gewicht\b
  | körpergewicht\b | eigengewicht\b | ohne\s+zusatzgewicht\b | без\s+отягощения
  | собственным\s+весом | sin\s+carga\b | sem\s+carga\b
"""
# Reps left written out, after their number: "2 in the tank", "2 reps left", "2 в запасе",
# "2 повтора в запасе", "2 en reserva", "2 na reserva", "2 in Reserve", "2 im Tank".
_LEFT_IN_TANK = r"""
    reps?\s+left(?:\s+in\s+(?:the\s+)?tank)?\b | (?:left\s+)?in\s+(?:the\s+)?tank\b
  | (?:(?:повтор[аыи]?|повторения|раза?|рази)\s+)?в\s+(?:запас[еі]|резерв[еі])(?![^\W\d_])
  | (?:en|na|em)\s+reserva\b | in\s+reserve\b | im\s+tank\b
"""
# Numbers that belong to an exercise's name: "45° back extension", "90/90 hip switch".
_NAME_NUMBER = r"""
    [0-9]{1,3}[^\S\n]*(?:°|º|deg\b|degrees?\b) | 90[/-]90\b
"""
# Phrases that the word starting them announces, read only after that word: the token
# pattern stays as short as it can for every other word.
_PHRASE = re.compile(
    rf"""
      (?P<bodyweight>{_BODYWEIGHT})
    | (?P<rir>{_LEFT_IN_TANK})
    | (?P<failure>to\s+failure\b)
    | (?P<one_leg>one[^\S\n]*-?[^\S\n]*(?:leg|arm)\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_PHRASE_STARTS = frozenset(
    [
        "body",
        "body-weight",
        "no",
        "without",
        "unweighted",
        "своим",
        "без",
        "власною",
        "sin",
        "peso",
        "sem",
        "ohne",
        "körpergewicht",
        "eigengewicht",
        "собственным",
        "rep",
        "reps",
        "left",
        "in",
        "to",
        "one",
        "в",
        "повтор",
        "повтора",
        "повторы",
        "повтори",
        "повторения",
        "раз",
        "раза",
        "рази",
        "en",
        "na",
        "em",
        "im",
        "more",
    ]
)
# Spaces before a token are part of its match, taken possessively: the engine then never
# tries every alternative at every space, which halves the time. Spaces before no token
# (the end, an emoji) match on their own, so long runs of them stay linear.
_TOKEN = re.compile(
    rf"""
    [^\S\n]*+
    (?:
      (?P<per_side>{_PER_SIDE})
    | (?P<bodyweight>body\s*weight\b(?:\s+only\b)?)
    | (?P<rir>reps?\s+in\s+reserve\b)
    | (?P<plan>(?:going|want)\s+to\b | next\s+(?:time|week|session|workout|day)\b)
    | (?=[0-9])  # numbers, and what starts like one: one test for every other token
      (?:
        (?P<name_number>{_NAME_NUMBER})
      | (?P<one_leg>1[^\S\n]*-?[^\S\n]*(?:leg|arm)\b)
      | (?P<clock>[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?)
      | (?P<date>[0-9]{{1,4}}\.[0-9]{{1,2}}\.[0-9]{{1,4}})
      | (?P<number>[0-9]+(?:\.[0-9]+
          # A decimal comma has one or two digits and no list after it (10,10,8 is a list),
          # nor before it (the 18,15 of 20,18,15), and is not a rep count sharing a load
          # (10,8 @ 50kg).
          |(?<![0-9],[0-9]{{1}})(?<![0-9],[0-9]{{2}})(?<![0-9],[0-9]{{3}}),[0-9]{{1,2}}(?![0-9])(?!\s*[,/]\s*[0-9])(?!\s*(?:@|at\b|for\b|with\b)))?)
      )
    | (?P<at>@|w/)
    | (?P<pound_sign>\#)
    | (?P<times>[×*]|[xх](?=\s*-?[0-9])|[xх](?![^\W\d_]))
    | (?P<separator>[/,\-–—])
    | (?P<break>[;\n|])
    | (?P<plus>\+)
    | (?P<question>[?¿？])
    | (?P<percent>%)
    | (?P<word>[^\W\d_]+(?:['’-][^\W\d_]+)*)  # letters, joined by ' and - (hip-thrusts)
    )
  | (?P<spaces>[^\S\n]+)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_DIGITS = frozenset("0123456789")
# "a triple" is one set of 3 reps, "3 triples" three of them; but "single leg" is a name.
_REP_WORDS = {
    f"{word}{plural}": reps
    for word, reps in (("single", 1), ("double", 2), ("triple", 3))
    for plural in ("", "s")
}
_SPECIAL_WORDS = _PHRASE_STARTS | _REP_WORDS.keys() | {"by", "s"}
_LOAD_AFTER = re.compile(r"[^\S\n]*(?:@|at\b|for\b|with\b|w/)", re.IGNORECASE)
# "could have done 2 more", "could've got 1 more": the number before "more" is reps left.
_COULD_HAVE = re.compile(
    r"\bcould(?:\s+have|'ve|’ve)?\s+(?:done|got|gotten|had|do|get)\s+$", re.IGNORECASE
)
_LIMB_AFTER = re.compile(r"[^\S\n]*-?[^\S\n]*(?:legs?|arms?)\b", re.IGNORECASE)

_GROUP_KINDS: dict[str, Kind] = {
    "per_side": Kind.PER_SIDE,
    "rir": Kind.RIR,
    "plan": Kind.PLAN,
    "clock": Kind.CLOCK,
    "date": Kind.DATE,
    "at": Kind.AT,
    "times": Kind.TIMES,
    "separator": Kind.SEPARATOR,
    "break": Kind.BREAK,
    "plus": Kind.PLUS,
    "question": Kind.QUESTION,
    "percent": Kind.FOREIGN_UNIT,
    "failure": Kind.RIR,
}

_VOCABULARY: dict[str, Kind] = {
    word: kind
    for kind, words in (
        (
            Kind.KG,
            "kg kgs kilo kilos kilogram kilograms кг кило килограмм килограмма килограммов "
            "кілограм кілограми кілограмів kilogramo kilogramos quilo quilos quilograma "
            "quilogramas",
        ),
        (Kind.LB, "lb lbs pound pounds фунт фунта фунтов фунтів libra libras pfund"),
        (
            Kind.SETS,
            "set sets series serie série séries sätze satz saetze round rounds подход подхода "
            "подходов подходы сет сета сетов підхід підходи підходів",
        ),
        (
            Kind.REPS,
            "rep reps repetition repetitions repetición repeticiones repetição repetições "
            "répétition répétitions wiederholung wiederholungen wdh раз раза повтор повтора "
            "повторов повторений повторения повторение повторы повт рази разів повтори "
            "повторів повторень повторення repeticion repeticoes repeticao vezes",
        ),
        (Kind.AT, "at for with à mit con avec com"),
        (Kind.BODYWEIGHT, "bw bodyweight"),
        (Kind.IMPLEMENT, "db dbs dumbbell dumbbells kb kbs kettlebell kettlebells pair"),
        (Kind.EACH, "each ea cada"),
        (Kind.RPE, "rpe"),
        (Kind.RIR, "rir"),
        (
            Kind.PLAN,
            "plan planning tomorrow tmrw tmr will gonna i'll i’ll should wanna aim aiming "
            "target goal later завтра планирую буду morgen werde mañana voy demain amanhã vou",
        ),
        (Kind.REST, "rest resting отдых"),
        (Kind.LABEL, "day week wk session workout block phase день неделя"),
        (
            Kind.FOREIGN_UNIT,
            "km k m mi mile miles meter meters metre metres min mins minute minutes sec secs "
            "s second seconds h hr hrs hour hours kcal cal cals calorie calories g gr gram "
            "grams mg ml l cm mm ft am pm bpm steps days weeks months years yo "
            "км м мин минут сек ч час часа часов",
        ),
        (Kind.ORDINAL, "st nd rd th"),
        (Kind.CONNECTIVE, "of to a de по bis до hasta até"),
    )
    for word in words.split()
}


def tokenize(text: str) -> list[Token]:
    """The message's tokens in order; spaces and other punctuation are dropped."""
    tokens: list[Token] = []
    read_up_to = 0  # the words of a phrase already read are skipped
    for match in _TOKEN.finditer(text):
        group = match.lastgroup or "spaces"
        if group == "spaces":
            continue
        start, end = match.span(group)
        if start < read_up_to:
            continue
        lowered = text[start:end].lower()
        if group == "number":
            decimal = lowered.replace(",", ".")
            tokens.append(
                Token(Kind.NUMBER, lowered, start, end, float(decimal), "." not in decimal)
            )
        elif group != "word":
            kind = _GROUP_KINDS.get(group)
            if kind is None:
                _add_group(tokens, group, lowered, start, end)
            else:
                tokens.append(Token(kind, lowered, start, end))
        elif lowered in _SPECIAL_WORDS and (read := _add_special(tokens, text, start, end)):
            read_up_to = read
        elif lowered[-1] in "xх" and end < len(text) and text[end] in _DIGITS and end - start > 1:
            # "60kgx10": the x belongs to the times sign, not to the unit.
            tokens.append(
                Token(_VOCABULARY.get(lowered[:-1], Kind.WORD), lowered[:-1], start, end - 1)
            )
            tokens.append(Token(Kind.TIMES, lowered[-1], end - 1, end))
        else:
            tokens.append(Token(_VOCABULARY.get(lowered, Kind.WORD), lowered, start, end))
    return tokens


def _add_group(tokens: list[Token], group: str, lowered: str, start: int, end: int) -> None:
    if group == "name_number":
        tokens.append(Token(Kind.WORD, _name_number(lowered), start, end))
    elif group == "one_leg":
        tokens.append(Token(Kind.WORD, "one leg", start, end))
    elif group == "bodyweight":  # every spelling reads as one word
        tokens.append(Token(Kind.BODYWEIGHT, "bodyweight", start, end))
    elif group in _GROUP_KINDS:
        tokens.append(Token(_GROUP_KINDS[group], lowered, start, end))
    elif group == "pound_sign" and tokens and tokens[-1].kind is Kind.NUMBER:  # 225#, not #5
        tokens.append(Token(Kind.LB, lowered, start, end))


def _add_special(tokens: list[Token], text: str, start: int, end: int) -> int:
    """Add the tokens a word of `_SPECIAL_WORDS` starts, and return where they end; 0 when
    the word is an ordinary one after all."""
    lowered = text[start:end].lower()
    if lowered in _PHRASE_STARTS and (phrase := _PHRASE.match(text, start)) is not None:
        group = phrase.lastgroup or ""
        _add_group(tokens, group, text[start : phrase.end()].lower(), start, phrase.end())
        return phrase.end()
    previous = tokens[-1] if tokens else None
    if lowered == "more":
        if previous is None or previous.kind is not Kind.NUMBER:
            return 0
        if not _COULD_HAVE.search(text, 0, previous.start):
            return 0
        tokens.append(Token(Kind.RIR, lowered, start, end))  # could have done 2 more
    elif lowered == "by" and previous is not None and previous.kind is Kind.NUMBER:
        tokens.append(Token(Kind.TIMES, lowered, start, end))  # 3 by 10
    elif lowered == "s" and _is_pair_of(tokens, text, start, end):
        tokens.append(Token(Kind.IMPLEMENT, "pair", start, end))  # w/ 24s
    elif lowered in _REP_WORDS and _is_rep_word(tokens, text, end):
        tokens.extend(_rep_word(lowered, start, end, tokens))
    else:
        return 0
    return end


def _is_rep_word(before: list[Token], text: str, end: int) -> bool:
    """`a triple`, `3 triples`, `150kg double`, `triple at 140`; but not `double kb swing`
    nor `single leg`."""
    previous = before[-1] if before else None
    if previous is not None and (
        previous.kind in (Kind.NUMBER, Kind.KG, Kind.LB, Kind.AT) or previous.text == "a"
    ):
        return not _LIMB_AFTER.match(text, end)
    return _LOAD_AFTER.match(text, end) is not None


def _rep_word(word: str, start: int, end: int, before: list[Token]) -> list[Token]:
    """`triple` as `3 reps`; `3 triples` as `3 sets of 3 reps`."""
    reps = Token(Kind.NUMBER, str(_REP_WORDS[word]), start, end, float(_REP_WORDS[word]))
    rep_word = Token(Kind.REPS, "reps", start, end)
    if word.endswith("s") and before and before[-1].kind is Kind.NUMBER:
        return [
            Token(Kind.SETS, "sets", start, end),
            Token(Kind.CONNECTIVE, "of", start, end),
            reps,
            rep_word,
        ]
    return [reps, rep_word]


def _name_number(lowered: str) -> str:
    """`45 degree` and `45°` are one word of a name; `90/90` stays as written."""
    digits = lowered[: len(lowered) - len(lowered.lstrip("0123456789"))]
    return lowered if lowered[len(digits) :][:1] in "/-" else f"{digits}°"


def _is_pair_of(tokens: list[Token], text: str, start: int, end: int) -> bool:
    """The s of `24s` names a pair of 24s, not seconds: after `w/`, `with`, `@` or "pair
    of", or closing a message that mentions dumbbells or kettlebells (`DB RDL 3x12 40s`)."""
    if not tokens or tokens[-1].kind is not Kind.NUMBER or tokens[-1].end != start:
        return False
    before = [token.text for token in tokens[-3:-1]]
    if (len(tokens) > 1 and tokens[-2].kind is Kind.AT) or before == ["pair", "of"]:
        return True
    closing = not text[end:].strip()
    return closing and any(token.kind is Kind.IMPLEMENT for token in tokens)
