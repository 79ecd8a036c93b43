"""A person's own dumbbells or kettlebells, stated once: read in their words, or refused
with the reason, and turned into the sizes their loads round to."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.dumbbell_set import (
    MAX_WEIGHT,
    MAX_WEIGHTS,
    OwnWeights,
    UnreadableWeights,
    WeightsProblem,
    own_sizes,
    parse_dumbbell_set,
)
from bot.core.loading import heavier_load
from bot.core.profile import Units
from bot.core.workout import KG_PER_LB

UNIT_WORDS = {Units.KG: ["kg", "kgs", "kilos"], Units.LB: ["lb", "lbs", "pounds"]}
DASHES = ["-", " - ", "–", " — ", " to ", "−"]
# Whole or half weights, as written on dumbbells and kettlebells.
WEIGHTS = st.integers(1, 80).map(lambda w: w / 2)


def shown(weight: float) -> str:
    return f"{weight:g}"


@st.composite
def written_ranges(draw: st.DrawFn) -> tuple[str, float, float, float, Units]:
    """A range with its step, in one of the ways people write one; its ends, step and unit."""
    unit = draw(st.sampled_from(Units))
    word = draw(st.sampled_from(UNIT_WORDS[unit]))
    low = draw(WEIGHTS)
    step = draw(st.sampled_from([0.5, 1.0, 2.0, 2.5, 4.0, 5.0]))
    high = low + step * draw(st.integers(1, MAX_WEIGHTS - 1))
    dash = draw(st.sampled_from(DASHES))
    ends = f"{shown(low)}{dash}{shown(high)} {word}"
    step_text = draw(
        st.sampled_from(
            [
                f"in {shown(step)} {word} steps",
                f"by {shown(step)}",
                f"step {shown(step)}",
                f", {shown(step)}{word} increments",
                f"every {shown(step)} {word}",
                f"in steps of {shown(step)}",
            ]
        )
    )
    return f"{ends} {step_text}", low, high, step, unit


@given(written=written_ranges(), default_unit=st.sampled_from(Units))
def test_a_range_holds_both_ends_and_every_step_between(
    written: tuple[str, float, float, float, Units], default_unit: Units
) -> None:
    text, low, high, step, unit = written
    if high > MAX_WEIGHT[unit]:
        with pytest.raises(UnreadableWeights):
            parse_dumbbell_set(text, default_unit)
        return

    own = parse_dumbbell_set(text, default_unit)

    assert own.unit is unit, "the unit written wins over the person's"
    assert own.weights[0] == low
    assert own.weights[-1] == high
    assert all(b - a == pytest.approx(step) for a, b in pairwise(own.weights))


@given(
    weights=st.lists(WEIGHTS, min_size=1, max_size=12),
    separator=st.sampled_from([", ", " ", " and ", "; ", "\n", " / ", " and a "]),
    default_unit=st.sampled_from(Units),
    unit_after=st.sampled_from(["each", "last", "none"]),
)
def test_a_list_is_its_weights_lightest_first_each_once(
    weights: list[float], separator: str, default_unit: Units, unit_after: str
) -> None:
    word = UNIT_WORDS[default_unit][0]
    each = f"{word} " if unit_after == "each" else ""
    text = separator.join(f"{shown(w)}{each}" for w in weights)
    if unit_after == "last":
        text += f" {word}"

    own = parse_dumbbell_set(text, default_unit)

    assert own == OwnWeights(tuple(sorted(set(weights))), default_unit)


@pytest.mark.parametrize(
    ("text", "unit", "weights"),
    [
        ("2-30 kg in 2 kg steps", Units.KG, tuple(range(2, 31, 2))),
        ("5-50 lb in 5 lb steps", Units.LB, tuple(range(5, 51, 5))),
        ("2 to 30kg by 2", Units.KG, tuple(range(2, 31, 2))),
        ("1-10kg step 1", Units.KG, tuple(range(1, 11))),
        ("1-10 kg by 1, 12-30 kg by 2", Units.KG, (*range(1, 11), *range(12, 31, 2))),
        ("just a 16 and a 24 kg bell", Units.KG, (16, 24)),
        ("8, 12, 16 kg", Units.KG, (8, 12, 16)),
        ("12kg 16kg 24kg", Units.KG, (12, 16, 24)),
        ("10 15 20 25 lb", Units.LB, (10, 15, 20, 25)),
        ("2 x 16 kg and a pair of 24s", Units.KG, (16, 24)),
        ("2,5 kg and 5 kg", Units.KG, (2.5, 5)),
        ("2 kettlebells: 16 and 24 kg", Units.KG, (16, 24)),
        ("16 and 24 kg bells", Units.KG, (16, 24)),
    ],
)
def test_the_ways_people_say_what_they_own(
    text: str, unit: Units, weights: tuple[float, ...]
) -> None:
    # Said to a person who lifts in pounds: a unit written wins.
    assert parse_dumbbell_set(text, Units.LB) == OwnWeights(tuple(map(float, weights)), unit)


def test_weights_without_a_unit_are_in_the_persons() -> None:
    assert parse_dumbbell_set("16 24", Units.KG) == OwnWeights((16.0, 24.0), Units.KG)
    assert parse_dumbbell_set("16 24", Units.LB) == OwnWeights((16.0, 24.0), Units.LB)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("I have some dumbbells", WeightsProblem.NO_WEIGHTS),
        ("", WeightsProblem.NO_WEIGHTS),
        ("16 kg and 35 lb", WeightsProblem.MIXED_UNITS),
        ("0 kg", WeightsProblem.NOT_POSITIVE),
        ("-5 kg", WeightsProblem.NOT_POSITIVE),
        ("2-30 kg by 0", WeightsProblem.NOT_POSITIVE),
        ("250 kg", WeightsProblem.TOO_HEAVY),
        ("500 lb", WeightsProblem.TOO_HEAVY),
        ("9" * 400, WeightsProblem.TOO_HEAVY),
        ("1-100 kg by 1", WeightsProblem.TOO_MANY),
        (" ".join(map(str, range(1, 70))), WeightsProblem.TOO_MANY),
        ("2-20 kg", WeightsProblem.NO_STEP),
        ("2-29 kg by 2", WeightsProblem.UNEVEN_STEP),
        ("16 24 in 2 kg steps", WeightsProblem.STEP_WITHOUT_RANGE),
    ],
)
def test_what_cannot_be_a_set_of_weights_is_refused_with_the_reason(
    text: str, problem: WeightsProblem
) -> None:
    with pytest.raises(ValueError, match=problem.value) as refused:
        parse_dumbbell_set(text, Units.KG)

    assert isinstance(refused.value, UnreadableWeights)
    assert refused.value.problem is problem


@given(text=st.text(max_size=80), default_unit=st.sampled_from(Units))
def test_any_text_is_a_plausible_set_or_refused(text: str, default_unit: Units) -> None:
    try:
        own = parse_dumbbell_set(text, default_unit)
    except UnreadableWeights:
        return

    assert own.weights == tuple(sorted(set(own.weights)))
    assert 1 <= len(own.weights) <= MAX_WEIGHTS
    assert own.weights[0] > 0
    assert own.weights[-1] <= MAX_WEIGHT[own.unit]


@given(
    weights=st.lists(WEIGHTS, min_size=1, max_size=12, unique=True),
    written=st.sampled_from(Units),
    units=st.sampled_from(Units),
)
def test_own_sizes_are_the_weights_in_the_persons_unit_ending_at_the_heaviest(
    weights: list[float], written: Units, units: Units
) -> None:
    own = OwnWeights(tuple(sorted(weights)), written)

    sizes = own_sizes(own, units)

    assert list(sizes.listed) == sorted(set(sizes.listed))
    if written is units:
        assert sizes.listed == own.weights
    else:
        # Each converted to within a quarter kilo or half a pound of itself.
        factor = KG_PER_LB if units is Units.KG else 1 / KG_PER_LB
        tolerance = 0.25 if units is Units.KG else 0.5
        for weight in own.weights:
            assert abs(sizes.nearest(weight * factor) - weight * factor) <= tolerance + 1e-9
    heaviest = sizes.listed[-1]
    assert sizes.heaviest == heaviest
    assert not sizes.has_heavier(heaviest)
    assert heavier_load(heaviest, sizes) == heaviest, "nothing heavier than their heaviest"
