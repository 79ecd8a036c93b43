"""Which catalogue exercise the words of a typed log name, allowing for small typos.

Exact names and aliases go through `catalogue.lookup`. Typos are matched against the same
names with a deletion index (the SymSpell idea): every name is stored under each string it
becomes with up to its allowed number of letters deleted, so a typed name meets its
candidates through a handful of dictionary look-ups instead of a scan of the catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache
from typing import NamedTuple

from bot.core.catalogue import Exercise, all_names, lookup, normalise
from bot.core.catalogue_names import FILLER_WORDS

# Words that surround a name without being part of it ("did hip thrusts today").
_FILLER_WORDS = frozenset(
    [
        "an",
        "the",
        "and",
        "then",
        "also",
        "just",
        "did",
        "done",
        "do",
        "i",
        "i've",
        "ive",
        "i'm",
        "im",
        "my",
        "me",
        "some",
        "today",
        "today's",
        "yesterday",
        "finished",
        "completed",
        "got",
        "hit",
        "worked",
        "working",
        "felt",
        "feeling",
        "feel",
        "easy",
        "hard",
        "heavy",
        "light",
        "great",
        "nice",
        "ok",
        "okay",
        "new",
        "pr",
        "pb",
        "weight",
        "load",
        "wt",
        "hi",
        "hello",
        "hey",
        *(word for words in FILLER_WORDS.values() for word in words),
    ]
)
# Words that describe the load, not the exercise, unless a catalogue name includes them
# ("bw squat", "db rdl").
_LOAD_WORDS = frozenset(
    [
        "bw",
        "bodyweight",
        "db",
        "dbs",
        "dumbbell",
        "dumbbells",
        "kb",
        "kbs",
        "kettlebell",
        "kettlebells",
        "pair",
    ]
)
_NOT_NAME_WORDS = _FILLER_WORDS | _LOAD_WORDS
_FEELING_WORDS = frozenset({"felt", "feel", "feels", "feeling"})


class NameMatch(NamedTuple):
    """Where the name sits among the words given (`start:end`) and what it names."""

    start: int
    end: int
    exercise: Exercise | None


@lru_cache(maxsize=4096)
def match_name(words: tuple[str, ...]) -> NameMatch:
    """The exercise named by a run of lower-case words, or the words to keep as written.

    Tried in order: all the words; without filler at either end; also without load words at
    either end; then the same two, allowing typos. People repeat the same few names, so
    answers are remembered (the typo search costs tens of microseconds).
    """
    if words and words[0] in _FEELING_WORDS:
        return NameMatch(0, 0, None)  # "felt stiff": how it went, not a lift ("stiff")
    whole = NameMatch(0, len(words), lookup(" ".join(words)))
    if whole.exercise is not None:
        return whole
    trimmed = _trim(words, _FILLER_WORDS)
    bare = _trim(words, _NOT_NAME_WORDS)
    candidates = [trimmed] if trimmed == bare else [trimmed, bare]
    for start, end in candidates:
        if start < end and (exercise := lookup(" ".join(words[start:end]))) is not None:
            return NameMatch(start, end, exercise)
    for start, end in candidates:
        if start < end and (exercise := _closest(words[start:end])) is not None:
            return NameMatch(start, end, exercise)
    return NameMatch(bare[0], bare[1], None)


def _trim(words: Sequence[str], dropped: frozenset[str]) -> tuple[int, int]:
    start, end = 0, len(words)
    while start < end and words[start] in dropped:
        start += 1
    while end > start and words[end - 1] in dropped:
        end -= 1
    return start, end


def _allowed_edits(length: int) -> int:
    """Short names allow no typo ("rdl" is one letter from too much); long ones two."""
    return 0 if length < 5 else 1 if length < 10 else 2


def _closest(words: Sequence[str]) -> Exercise | None:
    typed = normalise(" ".join(words))
    edits = _allowed_edits(len(typed))
    # Longer than any name by more than the typos allowed: no name can match, and the
    # deletions of a long text would number in the hundreds of thousands.
    if not edits or len(typed) > _longest_key() + edits:
        return None
    index = _typo_index()
    candidates: set[str] = set()
    for variant in _deletions(typed, edits):
        candidates.update(index.get(variant, ()))
    best: dict[Exercise, int] = {}
    for key in candidates:
        distance = _edit_distance(typed, key)
        if distance <= _allowed_edits(min(len(typed), len(key))):
            exercise = _keys()[key]
            best[exercise] = min(distance, best.get(exercise, distance))
    if not best:
        return None
    closest = min(best.values())
    winners = [exercise for exercise, distance in best.items() if distance == closest]
    # Two exercises equally close: guessing could log the wrong one.
    return winners[0] if len(winners) == 1 else None


@cache
def _keys() -> dict[str, Exercise]:
    return {normalise(text): exercise for text, exercise in all_names()}


@cache
def _longest_key() -> int:
    return max(map(len, _keys()))


@cache
def _typo_index() -> dict[str, frozenset[str]]:
    index: defaultdict[str, set[str]] = defaultdict(set)
    for key in _keys():
        for variant in _deletions(key, _allowed_edits(len(key))):
            index[variant].add(key)
    return {variant: frozenset(keys) for variant, keys in index.items()}


def _deletions(word: str, depth: int) -> Iterator[str]:
    """The word and every string made from it by deleting up to `depth` letters."""
    level = {word}
    yield word
    for _ in range(depth):
        level = {variant[:i] + variant[i + 1 :] for variant in level for i in range(len(variant))}
        yield from level


def _edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): swapped letters count once."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        previous2, previous = previous, current
    return previous[-1]
