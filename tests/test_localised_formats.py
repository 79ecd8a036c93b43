"""The pieces many texts share (dates, plurals, lists, units, loads, times) come out in the
language of the person being answered, and English as it always read."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.core.logparse.reading import LoggedSet
from bot.core.profile import Units
from bot.telegram import messages
from bot.telegram.i18n import speaking_in, tr_count

MONDAY = date(2026, 12, 7)
EVENING = datetime(2026, 12, 7, 17, 30, tzinfo=UTC)  # 18:30 in Berlin


@pytest.mark.parametrize(
    ("locale", "log_day", "history_day"),
    [
        ("en", "Mon 07 Dec", "Mon 07 Dec 2026"),
        ("ru", "пн, 7 дек.", "пн, 7 дек. 2026"),
        ("de", "Mo., 07. Dez.", "Mo., 07. Dez. 2026"),
    ],
)
def test_dates_in_the_persons_language(locale: str, log_day: str, history_day: str) -> None:
    with speaking_in(locale):
        assert messages.format_short_date(MONDAY) == log_day
        assert messages.format_date(MONDAY, "formats.date_history") == history_day


def test_a_weekday_and_a_moment_in_german() -> None:
    with speaking_in("de"):
        assert messages.format_date(MONDAY, "formats.weekday") == "Montag"
        assert messages.format_instant(EVENING, "Europe/Berlin") == "Mo., 07. Dez., 18:30"
        assert messages.format_time(time(7, 5)) == "07:05"


def test_english_dates_and_times_read_as_they_did() -> None:
    assert messages.format_instant(EVENING, "Europe/Berlin") == "Mon 07 Dec, 18:30"
    assert messages.format_date(MONDAY, "formats.date_lighter_day") == "Mon 7 Dec"
    assert messages.format_date(MONDAY, "formats.date_record") == "07 Dec"
    assert messages.format_time(time(7, 5)) == "07:05"


def test_a_plural_has_each_of_the_languages_forms() -> None:
    counts = (1, 3, 5, 21)
    with speaking_in("ru"):
        assert [tr_count("formats.moves", n) for n in counts] == [
            "переносится",
            "переносятся",
            "переносятся",
            "переносится",
        ]
    with speaking_in("de"):
        assert [tr_count("formats.moves", n) for n in counts] == ["rückt", "rücken"] + [
            "rücken"
        ] * 2
    assert [tr_count("formats.moves", n) for n in counts] == ["moves", "move", "move", "move"]


@pytest.mark.parametrize(
    ("locale", "one", "six"),
    [("en", "1 set.", "6 sets."), ("de", "1 Satz.", "6 Sätze."), ("es", "1 serie.", "6 series.")],
)
def test_a_session_summary_counts_its_sets_in_the_right_form(
    locale: str, one: str, six: str
) -> None:
    with speaking_in(locale):
        assert tr_count("workouts.summary_totals", 1, done=1, planned=4).endswith(one)
        assert tr_count("workouts.summary_totals", 6, done=1, planned=4).endswith(six)


@pytest.mark.parametrize(
    ("locale", "joined"),
    [
        ("en", "RDL, Nordic and Bridge"),
        ("ru", "RDL, Nordic и Bridge"),
        ("de", "RDL, Nordic und Bridge"),
    ],
)
def test_lists_are_joined_in_the_persons_language(locale: str, joined: str) -> None:
    with speaking_in(locale):
        assert messages.format_left_out(["RDL", "Nordic", "Bridge"]) == joined
        assert messages.format_left_out(["RDL"]) == "RDL"


def test_units_and_loads_in_russian() -> None:
    with speaking_in("ru"):
        assert messages.format_bodyweight(72.5, Units.KG) == "72,5 кг"
        assert messages.format_bodyweight(72.5, Units.LB) == "160 фнт"
        assert messages.format_own_weights([5, 7.5, 10], Units.KG) == "5; 7,5; 10 кг"
        sets = [LoggedSet(5, 10, "kg")] * 3
        assert messages.format_sets(sets, bodyweight=True) == "3 × 5 @ вес тела + 10 кг"


def test_units_and_loads_in_german() -> None:
    with speaking_in("de"):
        assert messages.format_load(102.5, Units.LB) == "102,5 lb"
        assert messages.format_sets([LoggedSet(12, None, None)] * 2, bodyweight=True) == (
            "2 × 12 mit Körpergewicht"
        )


def test_english_units_and_loads_read_as_they_did() -> None:
    assert messages.format_bodyweight(72.5, Units.LB) == "160 lb"
    assert messages.format_own_weights([5, 7.5, 10], Units.KG) == "5, 7.5, 10 kg"
    mixed = [LoggedSet(10, 60, "kg"), LoggedSet(8, 70, "kg")]
    assert messages.format_sets(mixed) == "10 @ 60 kg, 8 @ 70 kg"
    assert messages.format_sets([LoggedSet(3, 10, "kg")] * 2, bodyweight=True) == (
        "2 × 3 @ bodyweight + 10 kg"
    )
