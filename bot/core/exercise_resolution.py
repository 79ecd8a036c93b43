"""Which exercise a typed name means for this person: theirs, before the catalogue's default.

"hip thrust" names the Barbell hip thrust in the catalogue, but someone with dumbbells and a
bench whose plan holds the Dumbbell hip thrust means that one. A name is resolved, in order:

1. today's session (the current exercise first), then 2. the plan: the first exercise there
   that is a *variant* of the name (its name or an alias holds every typed word, plus at most
   words that only say the equipment or position: "dumbbell hip thrust" for "hip thrust");
   when the person cannot do the catalogue's exercise, also a *relative* (the same movement
   pattern, sharing a word of the name: "Dumbbell leg curl" for "hamstring curl");
3. what their equipment allows: the catalogue's exercise, else its first usable variant,
   else its most alike usable relative;
4. the whole catalogue: the catalogue's exercise.

A name more specific than any variant ("single leg rdl") has no variants but itself, and a
name that says its equipment ("barbell rdl") is never changed for another equipment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from functools import cache, lru_cache

from bot.core.catalogue import CATALOGUE, Exercise, get_exercise, is_foreign_name, lookup
from bot.core.logparse.reading import LoadUnit
from bot.core.profile import FULL_GYM, Equipment

# Words that say how a lift is loaded or done, not which lift it is.
_VARIANT_WORDS = frozenset(
    [
        "barbell",
        "bb",
        "dumbbell",
        "db",
        "kettlebell",
        "kb",
        "bodyweight",
        "bw",
        "air",
        "band",
        "banded",
        "cable",
        "machine",
        "lying",
        "prone",
        "seated",
        "standing",
        "slider",
        "sliding",
        "ball",
        "swiss",
        "sb",
        "stability",
        "towel",
        "floor",
    ]
)
_WORD = re.compile(r"[a-z0-9]+")
CANDIDATES = 3  # names offered for an unknown name


@dataclass(frozen=True, slots=True)
class LogContext:
    """What the bot knows of the person when reading their log. Without it (the defaults), a
    name means the catalogue's exercise and numbers alone have no exercise to go to."""

    equipment: frozenset[Equipment] = FULL_GYM
    today: tuple[str, ...] = ()  # today's exercise ids, the one being done first
    # The name of an exercise of the person's own being done, which comes before `today`'s.
    doing_own: str | None = None
    plan: tuple[str, ...] = ()  # every exercise id of the plan
    units: LoadUnit | None = None  # the unit of a load written without one
    on: date | None = None  # the person's date today, for "mon: 3x10"
    # The person's answers to earlier questions: `answer_key(exercise, question)` → kind.
    remembered: dict[str, str] = field(default_factory=dict)
    # The person's estimated one-rep max per exercise id, in `units` (kg when None), for a
    # log at a percentage of it ("5x5 @ 80%"). Only filled for a message with a "%".
    estimates: Mapping[str, float] = field(default_factory=dict)

    @property
    def current(self) -> str | None:
        """The catalogue exercise being done, if it is one."""
        return self.today[0] if self.today and self.doing_own is None else None

    @property
    def doing(self) -> bool:
        """Whether some exercise is being done: numbers alone go to it."""
        return self.current is not None or self.doing_own is not None


def answer_key(exercise: str, question: str) -> str:
    return f"{exercise}|{question}"


def resolve_exercise(typed: str, matched: Exercise, context: LogContext) -> Exercise:
    """The person's exercise for a name the catalogue reads as `matched`."""
    words = _name_words(typed, matched)
    variants = _variants(words, matched)
    # A name that says its equipment ("barbell rdl") is that exercise, owned or not.
    usable = matched.usable_with(context.equipment) or bool(words & _VARIANT_WORDS)
    relatives = [] if usable else _relatives(words, matched)
    for ids in (context.today, context.plan):
        chosen = _first_among(ids, variants) or _first_among(ids, relatives)
        if chosen is not None:
            return chosen
    if usable:
        return matched
    mine = [e for e in variants if e.usable_with(context.equipment)]
    if mine:
        return mine[0]
    doable = [e for e in relatives if e.usable_with(context.equipment)]
    return max(doable, key=lambda e: len(e.equipment), default=matched)


def in_session(typed: str, context: LogContext) -> Exercise | None:
    """The one exercise of today's session whose name or alias holds every typed word
    ("lateral walk" while the Band lateral walk is on): what the person means, with
    nothing to ask. None when no exercise, or more than one, does."""
    words = _words(typed)
    if not words:
        return None
    today = [e for e in map(get_exercise, context.today) if e is not None]
    found = [e for e in today if any(words <= name for name in _names(e))]
    return found[0] if len(found) == 1 else None


def closest_exercises(typed: str, context: LogContext, limit: int = CANDIDATES) -> list[Exercise]:
    """The catalogue exercises most alike a name it does not know, those the person can do
    first."""
    key = " ".join(_WORD.findall(typed.lower()))

    def likeness(exercise: Exercise) -> float:
        return max(
            SequenceMatcher(None, key, name.lower()).ratio()
            for name in (exercise.name, *exercise.aliases)
        )

    ranked = sorted(
        CATALOGUE,
        key=lambda e: (not e.usable_with(context.equipment), -likeness(e)),
    )
    return ranked[:limit]


def _words(text: str) -> frozenset[str]:
    return frozenset(_singular(word) for word in _WORD.findall(text.lower()))


def _name_words(typed: str, matched: Exercise) -> frozenset[str]:
    """The typed name's words; for a name in another language, those of the catalogue name
    it stands for: without the equipment when the bare name means the same exercise
    ("румынка": "romanian deadlift"), with it when not ("румынка с гантелями": "dumbbell
    romanian deadlift", which no other equipment changes)."""
    if not is_foreign_name(typed):
        return _words(typed)
    words = [_singular(word) for word in _WORD.findall(matched.name.lower())]
    bare = [word for word in words if word not in _VARIANT_WORDS]
    return frozenset(bare if lookup(" ".join(bare)) is matched else words)


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 2 and word.endswith("s") and not word.endswith("ss") else word


@cache
def _names(exercise: Exercise) -> tuple[frozenset[str], ...]:
    return tuple(_words(name) for name in (exercise.name, *exercise.aliases))


@lru_cache(maxsize=1024)
def _variants(words: frozenset[str], matched: Exercise) -> tuple[Exercise, ...]:
    """`matched` and the catalogue exercises the typed `words` name with or without their
    equipment, in catalogue order: worked out once per name, as it walks the catalogue."""
    return tuple(e for e in CATALOGUE if e is matched or _is_variant(words, e))


def _is_variant(words: frozenset[str], exercise: Exercise) -> bool:
    return any(words <= name and name - words <= _VARIANT_WORDS for name in _names(exercise))


def _relatives(words: frozenset[str], matched: Exercise) -> list[Exercise]:
    """Exercises of the same pattern whose own name shares a typed word."""
    return [
        e
        for e in CATALOGUE
        if e.pattern is matched.pattern and e is not matched and words & _words(e.name)
    ]


def _first_among(ids: Sequence[str], exercises: Sequence[Exercise]) -> Exercise | None:
    wanted = {e.id for e in exercises}
    for exercise_id in ids:
        if exercise_id in wanted:
            return get_exercise(exercise_id)
    return None
