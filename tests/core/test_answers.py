"""Typed answers during onboarding: times, bodyweights and timezone names."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.answers import (
    KG_PER_LB,
    MAX_BODYWEIGHT_KG,
    MIN_BODYWEIGHT_KG,
    parse_bodyweight,
    parse_time_of_day,
    resolve_timezone,
)
from bot.core.profile import Units


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18:30", time(18, 30)),
        ("7:05", time(7, 5)),
        ("07.15", time(7, 15)),
        ("6pm", time(18, 0)),
        ("6 PM", time(18, 0)),
        ("6:30 am", time(6, 30)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("0630", time(6, 30)),
        ("7", time(7, 0)),
        ("19h", time(19, 0)),
        ("25:00", None),
        ("13pm", None),
        ("18:75", None),
        ("tomorrow", None),
        ("", None),
    ],
)
def test_times_people_type(text: str, expected: time | None) -> None:
    assert parse_time_of_day(text) == expected


@pytest.mark.parametrize(
    ("text", "units", "expected"),
    [
        ("72", Units.KG, 72.0),
        ("72,5 kg", Units.KG, 72.5),
        ("160 lb", Units.KG, 72.6),
        ("160", Units.LB, 72.6),
        ("80kg", Units.LB, 80.0),
        ("5", Units.KG, None),
        ("900", Units.KG, None),
        ("seventy", Units.KG, None),
    ],
)
def test_bodyweights_people_type(text: str, units: Units, expected: float | None) -> None:
    assert parse_bodyweight(text, units) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("Berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("Asia/Kolkata", "Asia/Kolkata"),
        ("São Paulo", "America/Sao_Paulo"),
        ("Bogotá", "America/Bogota"),
        ("Pacific/Chatham", "Pacific/Chatham"),
        ("UTC", "UTC"),
        ("Mars/Olympus", None),
        ("", None),
    ],
)
def test_timezone_names(text: str, expected: str | None) -> None:
    assert resolve_timezone(text) == expected


@pytest.mark.parametrize(
    ("text", "kilograms"),
    [
        ("65 kilos", 65.0),
        ("65 kilo", 65.0),
        ("65kilograms", 65.0),
        ("65 Kilogram", 65.0),
        ("65 kgs", 65.0),
        ("143 lbs", 64.9),
        ("143 pounds", 64.9),
    ],
)
def test_bodyweight_units_people_write_out(text: str, kilograms: float) -> None:
    assert parse_bodyweight(text, Units.KG) == kilograms


# Weights as /weight takes them: a plausible bodyweight to a tenth, in either unit.
_PLAUSIBLE_KG = st.integers(int(MIN_BODYWEIGHT_KG * 10), int(MAX_BODYWEIGHT_KG * 10)).map(
    lambda tenths: tenths / 10
)


@given(kilograms=_PLAUSIBLE_KG, comma=st.booleans(), unit=st.sampled_from(["", " kg", "kg"]))
def test_any_plausible_weight_in_kilograms_reads_back_as_written(
    kilograms: float, comma: bool, unit: str
) -> None:
    """Whatever the person's own unit, a number marked kg is kilograms; a decimal comma is a
    decimal point."""
    written = f"{kilograms:g}".replace(".", "," if comma else ".") + unit
    units = Units.KG if not unit else Units.LB
    assert parse_bodyweight(written, units) == kilograms


@given(pounds=st.integers(56, 771), unit=st.sampled_from([" lb", "lbs", " pounds"]))
def test_pounds_are_kept_in_kilograms_to_a_tenth(pounds: int, unit: str) -> None:
    kilograms = parse_bodyweight(f"{pounds}{unit}", Units.KG)
    assert kilograms is not None
    assert abs(kilograms - pounds * KG_PER_LB) <= 0.05
    # Said back in pounds, as /weight does for people using pounds, it is what they wrote.
    assert round(kilograms / KG_PER_LB) == pounds


_TENTHS = st.one_of(
    st.integers(0, int(MIN_BODYWEIGHT_KG * 10) - 1),
    st.integers(int(MAX_BODYWEIGHT_KG * 10) + 1, 9999),
)


@given(
    text=st.one_of(
        _TENTHS.map(lambda tenths: f"{tenths / 10:g} kg"),
        st.text(alphabet=st.characters(categories=["L", "P", "Zs"]), max_size=20),
    ),
    units=st.sampled_from(Units),
)
def test_what_is_no_bodyweight_is_refused(text: str, units: Units) -> None:
    """Too light, too heavy or no number at all: refused, never guessed."""
    assert parse_bodyweight(text, units) is None
