"""Warm-up sets: a ramp of lighter loads the person can pick up, before heavy work only."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.catalogue import CATALOGUE, Exercise, require_exercise
from bot.core.loading import SIZES, Sizes, load_sizes
from bot.core.profile import FULL_GYM, Equipment, Units
from bot.core.warmup import BAR, WarmupSet, warmup_sets

LOADED_COMPOUNDS = [e for e in CATALOGUE if e.is_loaded_compound]
OTHERS = [e for e in CATALOGUE if not e.is_loaded_compound]
SQUAT = require_exercise("barbell_back_squat")
GOBLET = require_exercise("kettlebell_goblet_squat")
WORK_WEIGHTS = st.floats(0.5, 400).map(lambda w: round(w, 2))


@st.composite
def own_sets(draw: st.DrawFn) -> Sizes:
    """A person's own dumbbells or kettlebells: a few sizes, ending at their heaviest."""
    weights = draw(st.lists(st.integers(1, 80).map(float), min_size=1, max_size=12, unique=True))
    return Sizes(tuple(sorted(weights)), None)


def sizes_of(exercise: Exercise, units: Units, equipment: frozenset[Equipment]) -> Sizes:
    sizes = load_sizes(exercise, units, equipment, loaded=True)
    assert sizes is not None
    return sizes


def is_size(weight: float, sizes: Sizes) -> bool:
    return sizes.nearest(weight) == pytest.approx(weight, abs=1e-6)


def loads(sets: tuple[WarmupSet, ...]) -> list[float]:
    return [s.weight if s.weight is not None else 0.0 for s in sets]


@given(
    exercise=st.sampled_from(LOADED_COMPOUNDS),
    work=WORK_WEIGHTS,
    units=st.sampled_from(Units),
    data=st.data(),
)
def test_warm_ups_ramp_up_on_real_loads_to_below_the_work_weight(
    exercise: Exercise, work: float, units: Units, data: st.DataObject
) -> None:
    # The shop's sizes with or without a barbell, or a person's own set.
    sizes = data.draw(
        st.sampled_from(
            [sizes_of(exercise, units, FULL_GYM), sizes_of(exercise, units, frozenset())]
        )
        | own_sets()
    )

    sets = warmup_sets(exercise, work, units, sizes)

    weights = loads(sets)
    assert weights == sorted(set(weights)), "each warm-up is heavier than the one before"
    assert all(w < work for w in weights)
    assert all(is_size(s.weight, sizes) for s in sets if s.weight is not None)
    reps = [s.reps for s in sets]
    assert reps == sorted(reps, reverse=True), "heavier warm-ups take no more reps"
    assert len(sets) <= 4
    if any(s.weight is None for s in sets):
        # Empty-handed only when nothing lighter makes a warm-up, for at least a bar's load.
        assert len(sets) == 1
        assert work >= BAR[units]
    if sizes.below(work) is None and work < BAR[units]:
        assert sets == (), "the lightest load there is needs no warm-up"


@given(work=WORK_WEIGHTS, units=st.sampled_from(Units))
def test_a_barbell_ramp_starts_at_the_empty_bar_and_stays_clear_of_the_work_weight(
    work: float, units: Units
) -> None:
    plates = SIZES[Equipment.BARBELL][units]
    bar = BAR[units]

    sets = warmup_sets(SQUAT, work, units, plates)

    if work > bar:
        assert sets[0] == WarmupSet(8, bar)
        # Past the bar, each warm-up is at most 80% of the work weight and a real jump.
        ramp = loads(sets)
        assert all(w <= 0.8 * work + 1e-9 for w in ramp[1:])
        assert all(b - a >= 0.1 * work - 1e-9 for a, b in pairwise(ramp))
    if work >= 5 * bar:
        assert len(sets) == 4, "a heavy work set gets the bar and three ramp sets"


@given(work=st.floats(100, 400), units=st.sampled_from(Units))
def test_a_heavy_barbell_ramp_is_about_40_60_and_80_percent(work: float, units: Units) -> None:
    plates = SIZES[Equipment.BARBELL][units]
    step = plates.then_every
    assert step is not None
    work = max(work, 5 * BAR[units])

    _, *ramp = warmup_sets(SQUAT, work, units, plates)

    for warm_up, share in zip(ramp, (0.4, 0.6, 0.8), strict=True):
        assert warm_up.weight is not None
        assert share * work - step < warm_up.weight <= share * work + 1e-9


@given(
    exercise=st.sampled_from(OTHERS),
    work=st.none() | WORK_WEIGHTS,
    units=st.sampled_from(Units),
)
def test_isolation_and_bodyweight_work_has_no_warm_up_sets(
    exercise: Exercise, work: float | None, units: Units
) -> None:
    sizes = load_sizes(exercise, units, FULL_GYM, loaded=work is not None)

    assert warmup_sets(exercise, work, units, sizes) == ()


@pytest.mark.parametrize("exercise", LOADED_COMPOUNDS, ids=lambda e: e.id)
def test_no_warm_up_without_a_known_load(exercise: Exercise) -> None:
    sizes = sizes_of(exercise, Units.KG, FULL_GYM)

    assert warmup_sets(exercise, None, Units.KG, sizes) == ()
    assert warmup_sets(exercise, 60.0, Units.KG, None) == ()


def test_light_loads_get_fewer_warm_ups() -> None:
    plates = SIZES[Equipment.BARBELL][Units.KG]
    counts = [len(warmup_sets(SQUAT, w, Units.KG, plates)) for w in (22.5, 50.0, 100.0)]

    assert counts == sorted(counts)
    assert counts[0] < counts[-1]


def test_a_persons_only_bell_is_warmed_up_for_empty_handed() -> None:
    just_one = Sizes((24.0,), None)

    assert warmup_sets(GOBLET, 24.0, Units.KG, just_one) == (WarmupSet(8, None),)
