"""Estimated maxes, personal-record badges and the "compared with last time" numbers."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.records import (
    E1RM_MAX_REPS,
    Comparison,
    Record,
    RecordKind,
    SessionResult,
    WorkSet,
    best_estimate,
    compare,
    estimated_1rm,
    find_records,
    yields_e1rm,
)

START = date(2025, 3, 3)


def session(*sets: tuple[int, float | None], day: int = 0) -> SessionResult:
    """A session from (reps, weight) pairs; weight None is a bodyweight set."""
    return SessionResult(START + timedelta(days=day), tuple(WorkSet(r, w) for r, w in sets))


@pytest.mark.parametrize(
    ("weight", "reps", "expected"),
    [
        (100.0, 1, 100.0),  # a single is the max itself
        (100.0, 5, 112.5),  # Brzycki: 100 × 36 / 32
        (100.0, 8, 124.1),  # Brzycki: 100 × 36 / 29
        (100.0, 10, 133.3),  # Brzycki and Epley agree: 100 × 4/3
        (100.0, 12, 140.0),  # Epley: 100 × (1 + 12/30)
        (60.0, 20, 100.0),  # Epley: 60 × (1 + 20/30)
        (225.0, 5, 253.1),  # same formula in pounds
    ],
)
def test_estimated_one_rep_max(weight: float, reps: int, expected: float) -> None:
    assert estimated_1rm(weight, reps) == pytest.approx(expected, abs=0.05)


def test_bodyweight_sets_have_no_estimated_max() -> None:
    assert estimated_1rm(None, 12) is None


@given(weight=st.floats(1, 500), reps=st.integers(1, 49))
def test_more_reps_at_a_weight_never_lowers_the_estimate(weight: float, reps: int) -> None:
    lower = estimated_1rm(weight, reps)
    assert lower >= weight
    assert estimated_1rm(weight, reps + 1) > lower


@pytest.mark.parametrize(
    "bad",
    [
        {"reps": 0},
        {"reps": 5, "weight": -20.0},
        {"reps": 5, "weight": 0.0},
        {"reps": 5, "rpe": 11.0},
        {"reps": 5, "rir": -1},
    ],
)
def test_impossible_sets_are_rejected(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"set|load|RPE|reserve"):
        WorkSet(**bad)


def test_first_session_of_an_exercise_earns_no_badge() -> None:
    assert find_records([], session((8, 100.0), (8, 100.0))) == []


def test_heavier_set_for_the_same_reps_is_an_e1rm_and_rep_record() -> None:
    history = [session((8, 100.0), (8, 100.0))]

    records = find_records(history, session((8, 105.0), (7, 105.0), day=3))

    assert [r.kind for r in records] == [RecordKind.E1RM, RecordKind.REP_MAX]
    e1rm, rep_max = records
    assert e1rm.value == pytest.approx(130.3, abs=0.05)
    assert e1rm.previous == pytest.approx(124.1, abs=0.05)
    assert (e1rm.reps, e1rm.weight) == (8, 105.0)
    assert rep_max == Record(RecordKind.REP_MAX, 105.0, 100.0, 8, 105.0)


def test_rep_record_without_a_new_e1rm() -> None:
    history = [session((3, 120.0)), session((10, 80.0), day=3)]

    records = find_records(history, session((10, 85.0), day=7))

    assert records == [Record(RecordKind.REP_MAX, 85.0, 80.0, 10, 85.0)]


def test_more_reps_at_a_weight_done_before_is_a_rep_record_at_that_weight() -> None:
    history = [session((8, 100.0)), session((10, 90.0), day=3)]

    records = find_records(history, session((10, 100.0), day=7))

    assert Record(RecordKind.REPS_AT_LOAD, 10, 8, 10, 100.0) in records


def test_matching_or_falling_short_of_the_best_is_no_record() -> None:
    history = [session((8, 100.0), (8, 100.0))]

    assert find_records(history, session((8, 100.0), day=3)) == []
    assert find_records(history, session((8, 95.0), (6, 100.0), day=3)) == []


def test_light_high_rep_set_never_done_before_is_no_record() -> None:
    history = [session((5, 100.0))]

    assert find_records(history, session((15, 60.0), day=3)) == []


def test_a_set_covered_by_a_better_one_in_the_same_session_is_not_a_second_badge() -> None:
    history = [session((8, 100.0)), session((10, 80.0), day=3)]

    records = find_records(history, session((10, 102.5), (8, 102.5), (8, 100.0), day=7))

    assert [(r.kind, r.reps) for r in records] == [(RecordKind.E1RM, 10), (RecordKind.REP_MAX, 10)]


def test_bodyweight_rep_record_is_most_reps_in_a_set() -> None:
    history = [session((15, None), (14, None)), session((15, None), day=3)]

    assert find_records(history, session((16, None), (12, None), day=7)) == [
        Record(RecordKind.MOST_REPS, 16, 15, 16, None)
    ]
    assert find_records(history, session((15, None), (15, None), day=7)) == []


def test_loaded_and_bodyweight_sets_are_only_compared_among_themselves() -> None:
    bodyweight_history = [session((12, None))]
    loaded_history = [session((12, 10.0))]

    assert find_records(bodyweight_history, session((8, 10.0), day=3)) == []
    assert find_records(loaded_history, session((15, None), day=3)) == []


def test_compared_with_last_time() -> None:
    last = session((10, 100.0), (10, 100.0), (8, 100.0))
    new = session((10, 102.5), (10, 102.5), (10, 102.5), day=3)

    assert compare(last, new) == Comparison(
        total_reps=30,
        top_weight=102.5,
        volume=3075.0,
        total_reps_delta=2,
        top_weight_delta=2.5,
        volume_delta=275.0,
    )


def test_first_comparison_has_totals_but_no_deltas() -> None:
    comparison = compare(None, session((12, 20.0), (10, 20.0)))

    assert (comparison.total_reps, comparison.top_weight, comparison.volume) == (22, 20.0, 440.0)
    assert comparison.total_reps_delta is None
    assert comparison.top_weight_delta is None
    assert comparison.volume_delta is None


def test_bodyweight_comparison_counts_reps_only() -> None:
    comparison = compare(session((15, None)), session((15, None), (12, None), day=3))

    assert comparison.total_reps_delta == 12
    assert comparison.volume is None
    assert comparison.top_weight_delta is None


def test_weight_deltas_carry_no_float_noise() -> None:
    comparison = compare(session((10, 20.4)), session((10, 22.7), day=3))

    assert comparison.top_weight_delta == 2.3
    assert comparison.volume_delta == 23.0


def test_a_light_twenty_never_outranks_a_heavy_five_as_an_estimate() -> None:
    history = [session((5, 90.0))]

    records = find_records(history, session((20, 62.0), day=3))

    assert RecordKind.E1RM not in {r.kind for r in records}


loads = st.sampled_from([20.0, 40.0, 60.0, 62.5, 80.0, 90.0, 100.0])
sessions = st.lists(st.tuples(st.integers(1, 30), loads), min_size=1, max_size=4)


@given(before=st.lists(sessions, min_size=1, max_size=4), new=sessions)
def test_only_sets_of_up_to_a_dozen_reps_set_an_estimated_max(
    before: list[list[tuple[int, float]]], new: list[tuple[int, float]]
) -> None:
    history = [session(*sets, day=i) for i, sets in enumerate(before)]

    for record in find_records(history, session(*new, day=len(before))):
        if record.kind is RecordKind.E1RM:
            assert record.reps <= E1RM_MAX_REPS
            assert yields_e1rm(record.reps)


@given(before=st.lists(sessions, min_size=1, max_size=4), new=sessions)
def test_every_load_record_is_a_set_nothing_earlier_matched(
    before: list[list[tuple[int, float]]], new: list[tuple[int, float]]
) -> None:
    """Whatever a record says, its set was done today and no earlier set had as many reps
    with as much load: a record is never a repeat of something done before."""
    history = [session(*sets, day=i) for i, sets in enumerate(before)]
    earlier = [pair for sets in before for pair in sets]

    for record in find_records(history, session(*new, day=len(before))):
        assert record.weight is not None
        assert (record.reps, record.weight) in new
        assert not any(r >= record.reps and w >= record.weight for r, w in earlier)


def test_twenty_reps_at_a_weight_done_for_fifteen_is_a_rep_record() -> None:
    history = [session((5, 90.0)), session((15, 62.0), day=3)]

    records = find_records(history, session((20, 62.0), day=7))

    assert records == [Record(RecordKind.REPS_AT_LOAD, 20, 15, 20, 62.0)]


@given(before=st.lists(sessions, min_size=1, max_size=4), new=sessions)
def test_weighted_bodyweight_work_sets_no_estimated_max(
    before: list[list[tuple[int, float]]], new: list[tuple[int, float]]
) -> None:
    history = [session(*sets, day=i) for i, sets in enumerate(before)]

    records = find_records(history, session(*new, day=len(before)), estimates=False)

    assert RecordKind.E1RM not in {r.kind for r in records}


def test_weighted_bodyweight_work_still_sets_load_and_rep_records() -> None:
    """A vest on split squats: a heavier vest for more reps than ever, then more reps with it."""
    history = [session((8, 10.0), (8, 10.0))]

    heavier = find_records(history, session((10, 12.0), day=3), estimates=False)
    more_reps = find_records(
        [*history, session((10, 12.0), day=3)], session((12, 12.0), day=7), estimates=False
    )

    assert heavier == [Record(RecordKind.HEAVIEST, 12.0, 10.0, 10, 12.0)]
    assert more_reps == [Record(RecordKind.REPS_AT_LOAD, 12, 10, 12, 12.0)]


def test_the_best_estimate_is_the_highest_of_sets_of_up_to_a_dozen_reps() -> None:
    assert best_estimate([(5, 100.0), (3, 100.0), (20, 90.0)]) == pytest.approx(112.5)
    assert best_estimate([(13, 100.0)]) is None
    assert best_estimate([]) is None
