"""The dumbbells or kettlebells a person owns, said once in their own words.

Read: lists ("8, 12, 16 kg", "12kg 16kg 24kg", "just a 16 and a 24 kg bell", "16 24") and
ranges with a step ("2-30 kg in 2 kg steps", "2 to 30kg by 2", "1-10kg step 1", "5–50 lb,
every 5"), any mix of them ("1-10 kg by 1, 12-30 kg by 2"). A dash of any kind, "to" or
"through" joins a range. "2 x 16 kg", "2 pairs of 10 lb" and "3 dumbbells: 5, 10 and
15 lb" count implements, not weights (but in "16 and 24 bells", with no weight after the
bells, 24 is one). A decimal comma reads in "2,5 kg" and "12,5" (a comma and a single 5
closing a number, no comma after it); any other comma separates.

A range needs its step: "2-20 kg" may be 2, 4, ..., 20 or the shop's 2, 3, ..., 10, 12, ...,
20, and a guess would prescribe dumbbells the person does not own, so it is refused with a
reason to ask again. Also refused, each with its `WeightsProblem`: no weight at all, two
units, zero or negative weights, more than 200 kg / 440 lb, more than 60 weights, a step
that does not land on the top of its range, and a step with no range ("16 24 in 2 kg
steps": which were meant?).

The weights are in the unit written, else the person's; `own_sizes` turns them into the
`Sizes` their targets round to, which end at their heaviest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.core.loading import Sizes, shown_load
from bot.core.profile import Units
from bot.core.workout import convert_load, load_unit

MAX_WEIGHT = {Units.KG: 200.0, Units.LB: 440.0}
MAX_WEIGHTS = 60
_SLACK = 1e-6

_DASHES = re.compile(r"[‐‑‒–—―−]")
_DECIMAL_COMMA = re.compile(r"(?<![\d,.])(\d+),(5)(?![\d,])")
# Each token is one letter of a shape: a number, a unit, a range's dash (or a minus sign),
# a step word before its number ("in", "by") or after it ("steps"), a count ("2 x",
# "2 pairs", "2 bells"), a separator. Anything else is a word that says nothing about the weights.
_TOKEN = re.compile(
    r"(?P<g>(?<![\w.])-(?=\d))"
    r"|(?P<n>\d+(?:\.\d+)?)"
    r"|(?P<u>(?:kgs?|kilos?|kilogram(?:me)?s?|кг|lbs?|pounds?)\b)"
    r"|(?P<d>-|\.\.|\b(?:to|through|thru)\b)"
    r"|(?P<p>\b(?:in|by|every)\b)"
    r"|(?P<s>\b(?:steps?|increments?|jumps?)\b)"
    r"|(?P<x>(?<![a-z])[x×*](?=\s*\d))"
    r"|(?P<a>\bpairs?\b)"
    r"|(?P<b>\b(?:(?:kettle|dumb)?bells|kbs|dbs)\b)"
    r"|(?P<e>[,;\n])"
)
_SHAPES = re.compile(
    # "2-30 kg in 2 kg steps", "2 to 30 by 2", "1-10kg step 1", "2-30 kg, 2 kg steps";
    # a minus sign after a number is a dash ("2 -30").
    r"(?P<range>nu?[dg](?P<top>n)u?(?:e?[ps]+(?P<step>n)u?s?|e?(?P<step_first>n)u?s)?)"
    # "2 x 16 kg", "2 pairs of 10 lb", "16 kg x 2", "2 bells: 16 and 24": how many, not how
    # heavy (but in "16 and 24 bells" no weight follows the bells: 24 is one).
    r"|(?P<counted>n[xa]|(?<=u)xn|nb(?=.*n))"
    r"|(?P<negative>g)"
    r"|(?P<stray_step>[ps]+n|nu?s)"
    r"|(?P<single>n)"
)


class WeightsProblem(StrEnum):
    """Why a stated set of weights cannot be read; the messages say it to the person."""

    NO_WEIGHTS = "no weights found"
    MIXED_UNITS = "both kg and lb"
    NOT_POSITIVE = "a weight or step of zero or less"
    TOO_HEAVY = "heavier than any dumbbell or kettlebell"
    TOO_MANY = f"more than {MAX_WEIGHTS} weights"
    NO_STEP = "a range without its step"
    UNEVEN_STEP = "a step that does not land on the top of its range"
    STEP_WITHOUT_RANGE = "a step without a range"


class UnreadableWeights(ValueError):
    """The text is not a set of weights; `problem` says why."""

    def __init__(self, problem: WeightsProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class OwnWeights:
    """The weights a person owns, lightest first, each once, in `unit`."""

    weights: tuple[float, ...]
    unit: Units


def parse_dumbbell_set(text: str, default_unit: Units) -> OwnWeights:
    """The weights `text` names (see the module docstring); `UnreadableWeights`, a
    ValueError, for anything else."""
    text = _DECIMAL_COMMA.sub(r"\1.\2", _DASHES.sub("-", text.casefold()))
    tokens = [(match.lastgroup or "", match.group()) for match in _TOKEN.finditer(text)]
    units = {_unit(word) for kind, word in tokens if kind == "u"}
    if len(units) > 1:
        raise UnreadableWeights(WeightsProblem.MIXED_UNITS)
    unit = units.pop() if units else default_unit
    weights = _weights("".join(kind for kind, _ in tokens), [word for _, word in tokens])
    if not weights:
        raise UnreadableWeights(WeightsProblem.NO_WEIGHTS)
    if max(weights) > MAX_WEIGHT[unit] + _SLACK:
        raise UnreadableWeights(WeightsProblem.TOO_HEAVY)
    if len(weights) > MAX_WEIGHTS:
        raise UnreadableWeights(WeightsProblem.TOO_MANY)
    return OwnWeights(tuple(sorted(weights)), unit)


def own_sizes(own: OwnWeights, units: Units) -> Sizes:
    """The person's weights as the sizes their loads round to, in `units`, ending at the
    heaviest. Weights in the other unit are converted and told as `shown_load` tells a
    converted load (a 16 kg bell is 35 lb); two that come out the same are one size."""
    if own.unit is units:
        return Sizes(own.weights, None)
    converted = {
        shown_load(convert_load(w, load_unit(own.unit), units), units) for w in own.weights
    }
    return Sizes(tuple(sorted(converted)), None)


def _unit(word: str) -> Units:
    return Units.LB if word.startswith(("lb", "pound")) else Units.KG


def _weights(kinds: str, words: list[str]) -> set[float]:
    """The weights of a text whose tokens are `kinds`, one letter a token (see `_TOKEN`)."""
    weights: set[float] = set()
    for shape in _SHAPES.finditer(kinds):
        if shape.lastgroup == "range":
            step_at = max(shape.start("step"), shape.start("step_first"))
            if step_at < 0:
                raise UnreadableWeights(WeightsProblem.NO_STEP)
            ends = float(words[shape.start()]), float(words[shape.start("top")])
            weights |= _stepped(*ends, float(words[step_at]))
        elif shape.lastgroup == "negative":
            raise UnreadableWeights(WeightsProblem.NOT_POSITIVE)
        elif shape.lastgroup == "stray_step":
            raise UnreadableWeights(WeightsProblem.STEP_WITHOUT_RANGE)
        elif shape.lastgroup == "single":
            weights.add(_positive(float(words[shape.start()])))
    return weights


def _stepped(one_end: float, other_end: float, step: float) -> set[float]:
    low, high = sorted((_positive(one_end), _positive(other_end)))
    steps = (high - low) / _positive(step)
    if steps + 1 > MAX_WEIGHTS:
        raise UnreadableWeights(WeightsProblem.TOO_MANY)
    if abs(steps - round(steps)) > _SLACK:
        raise UnreadableWeights(WeightsProblem.UNEVEN_STEP)
    return {round(low + k * step, 2) for k in range(round(steps) + 1)}


def _positive(weight: float) -> float:
    if weight <= 0:
        raise UnreadableWeights(WeightsProblem.NOT_POSITIVE)
    return round(weight, 2)
