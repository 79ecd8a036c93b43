"""Typed answers during onboarding: times, bodyweights and timezone names."""

from __future__ import annotations

from datetime import time

import pytest

from bot.core.answers import parse_bodyweight, parse_time_of_day, resolve_timezone
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
