"""Progress charts: what each chart draws (its series), and that it is a phone-sized PNG."""

from __future__ import annotations

import struct
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from bot.core.bodyweight import WeighIn
from bot.core.history import Entry
from bot.core.logparse.reading import LoggedSet
from bot.core.profile import Units
from bot.services import charts
from bot.services.charts import SessionPoint, WeekSets
from bot.telegram.handlers.progress import chart_words
from bot.telegram.i18n import speaking_in

REPO = Path(__file__).resolve().parents[1]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MONDAY = date(2025, 1, 6)
TODAY = MONDAY + timedelta(weeks=2, days=2)  # a Wednesday, three weeks in
# The charts' words in English, as /progress gives them to someone who speaks it.
WORDS = chart_words()


def kg(reps: int, weight: float) -> LoggedSet:
    return LoggedSet(reps, weight, "kg")


def bodyweight(reps: int) -> LoggedSet:
    return LoggedSet(reps, None, None)


def on(days: int, exercise_id: str | None, name: str, *sets: LoggedSet, bw: bool = False) -> Entry:
    return Entry(MONDAY + timedelta(days=days), exercise_id, name, sets, bodyweight=bw)


# Three weeks of a person logging in kg, sometimes writing pounds.
HISTORY = (
    # Monday of week 1: two logs of hip thrusts on one day make one session.
    on(0, "barbell_hip_thrust", "Barbell hip thrust", kg(10, 100), kg(5, 110)),
    on(0, "barbell_hip_thrust", "Barbell hip thrust", kg(1, 120)),
    on(0, "romanian_deadlift", "Romanian deadlift", kg(8, 80), kg(8, 80), kg(8, 80)),
    on(0, "nordic_curl", "Nordic curl", bodyweight(5), bodyweight(4)),
    # Wednesday of week 1: pounds.
    on(2, "barbell_hip_thrust", "Barbell hip thrust", LoggedSet(8, 220, "lb")),
    on(2, None, "Hack  Squat", kg(10, 60)),
    # Monday of week 2.
    on(7, "barbell_hip_thrust", "Barbell hip thrust", kg(12, 120), kg(12, 120)),
    on(7, None, "hack squat", kg(10, 65)),
    on(8, "romanian_deadlift", "Romanian deadlift", kg(6, 90)),
    # Week 3: weighted nordics (the load is added to bodyweight) and a glute bridge.
    on(14, "nordic_curl", "Nordic curl", kg(3, 10), kg(3, 10), bw=True),
    on(15, "glute_bridge", "Glute bridge", bodyweight(20), bodyweight(20)),
)


def assert_phone_sized(png: bytes) -> None:
    """A PNG (signature, then the IHDR chunk with width and height) a phone shows sharp
    without a download worth noticing."""
    assert png[:8] == PNG_SIGNATURE
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert 800 <= width <= 2000
    assert 800 <= height <= 2000
    assert len(png) < 500 * 1024


def two_years_of_logs() -> list[Entry]:
    first = date(2023, 6, 1)
    rotation = ("barbell_hip_thrust", "romanian_deadlift", "barbell_back_squat", "lying_leg_curl")
    return [
        Entry(
            first + timedelta(days=day),
            exercise_id,
            exercise_id,
            (kg(8, 40 + day / 10 + index * 5),) * 4,
        )
        for day in range(730)
        for index, exercise_id in enumerate(rotation)
        if (day + index) % 2 == 0
    ]


class TestSeries:
    def test_one_e1rm_point_per_session_the_best_set_of_the_day(self) -> None:
        series = charts.e1rm_series(HISTORY, "barbell_hip_thrust", Units.KG)

        assert [day for day, _ in series] == [
            MONDAY,
            MONDAY + timedelta(days=2),
            MONDAY + timedelta(days=7),
        ]
        assert [value for _, value in series] == [
            # 100 × 10 (Brzycki: 133.3) beats 110 × 5 and the 120 single logged separately.
            pytest.approx(100 * 36 / 27),
            # 220 lb is 99.79 kg.
            pytest.approx(99.79 * 36 / 29),
            # 12 reps: Epley.
            pytest.approx(120 * (1 + 12 / 30)),
        ]

    def test_e1rm_in_the_persons_unit(self) -> None:
        series = charts.e1rm_series(HISTORY, "romanian_deadlift", Units.LB)

        # 80 kg is 176.37 lb.
        assert [value for _, value in series] == [
            pytest.approx(176.37 * 36 / 29),
            pytest.approx(198.42 * 36 / 31),
        ]

    def test_no_e1rm_without_a_load_lifted(self) -> None:
        # Bodyweight sets, and load added to bodyweight, say nothing about a one-rep max.
        assert charts.e1rm_series(HISTORY, "nordic_curl", Units.KG) == []

    def test_exercise_series_has_load_reps_and_e1rm_per_session(self) -> None:
        series = charts.exercise_series(HISTORY, "hip thrust", Units.KG)

        assert [(p.day, p.top_load, p.total_reps) for p in series] == [
            (MONDAY, 120, 16),
            (MONDAY + timedelta(days=2), 99.79, 8),
            (MONDAY + timedelta(days=7), 120, 24),
        ]
        assert [p.e1rm for p in series] == [
            value for _, value in charts.e1rm_series(HISTORY, "hip thrust", Units.KG)
        ]

    def test_sets_over_a_dozen_reps_give_no_estimate(self) -> None:
        history = [
            on(0, "romanian_deadlift", "Romanian deadlift", kg(20, 62), kg(5, 90)),
            on(2, "romanian_deadlift", "Romanian deadlift", kg(20, 62)),
        ]

        series = charts.exercise_series(history, "romanian_deadlift", Units.KG)

        assert [p.e1rm for p in series] == [pytest.approx(90 * 36 / 32), None]
        assert [p.top_load for p in series] == [90, 62]

    def test_load_held_on_bodyweight_work_has_a_top_load_but_no_estimate(self) -> None:
        history = [on(0, "split_squat", "Split squat", kg(10, 12), kg(10, 12))]

        assert charts.exercise_series(history, "split_squat", Units.KG) == [
            SessionPoint(MONDAY, 12, 20, None)
        ]
        assert charts.e1rm_chart(history, ["split_squat"], Units.KG, WORDS) is None
        assert charts.exercise_chart(history, "split_squat", Units.KG, WORDS) is not None

    def test_bodyweight_sessions_count_reps_only(self) -> None:
        assert charts.exercise_series(HISTORY, "nordic_curl", Units.KG) == [
            SessionPoint(MONDAY, None, 9, None),
            SessionPoint(MONDAY + timedelta(days=14), None, 6, None),
        ]

    def test_sessions_come_out_oldest_first_whatever_the_order_in(self) -> None:
        series = charts.exercise_series(reversed(HISTORY), "barbell_hip_thrust", Units.KG)

        assert [p.day for p in series] == sorted(p.day for p in series)

    def test_unknown_exercises_match_by_name_ignoring_case_and_spaces(self) -> None:
        series = charts.e1rm_series(HISTORY, "HACK squat", Units.KG)

        assert [value for _, value in series] == [
            pytest.approx(60 * 4 / 3),
            pytest.approx(65 * 4 / 3),
        ]

    @pytest.mark.parametrize(
        ("text", "key"),
        [
            ("barbell_hip_thrust", "barbell_hip_thrust"),
            ("Hip Thrusts", "barbell_hip_thrust"),
            ("rdl", "romanian_deadlift"),
            ("Hack   Squat", "hack squat"),
        ],
    )
    def test_lift_key(self, text: str, key: str) -> None:
        assert charts.lift_key(text) == key


class TestMainLifts:
    def test_most_loaded_sessions_first(self) -> None:
        # Hip thrust: 3 loaded days; RDL and hack squat 2 each, and a tie goes to the lift
        # trained last, the RDL. Nordics and bridges were never loaded.
        assert charts.main_lifts(HISTORY) == [
            "barbell_hip_thrust",
            "romanian_deadlift",
            "hack squat",
        ]

    def test_limit(self) -> None:
        assert charts.main_lifts(HISTORY, limit=1) == ["barbell_hip_thrust"]

    def test_none_without_loads(self) -> None:
        assert charts.main_lifts([on(0, "glute_bridge", "Glute bridge", bodyweight(15))]) == []

    def test_only_lifts_that_give_an_estimate(self) -> None:
        """The main lifts feed the e1RM chart: a held dumbbell on split squats, or sets of
        twenty, would leave it a line short."""
        history = [
            *(on(day, "split_squat", "Split squat", kg(10, 12)) for day in range(4)),
            *(on(day, "romanian_deadlift", "Romanian deadlift", kg(20, 40)) for day in range(4)),
            on(5, "barbell_hip_thrust", "Barbell hip thrust", kg(8, 80)),
        ]

        assert charts.main_lifts(history) == ["barbell_hip_thrust"]


class TestWeeklySets:
    def test_direct_sets_per_iso_week(self) -> None:
        weeks = charts.weekly_sets(HISTORY, TODAY, weeks=4)

        assert weeks == [
            WeekSets(MONDAY - timedelta(weeks=1), glutes=0, hamstrings=0),
            # 3 hip thrust sets on Monday and 1 on Wednesday; 3 RDL and 2 nordic sets.
            # The hack squat is not in the catalogue: no known group.
            WeekSets(MONDAY, glutes=4, hamstrings=5),
            WeekSets(MONDAY + timedelta(weeks=1), glutes=2, hamstrings=1),
            WeekSets(MONDAY + timedelta(weeks=2), glutes=2, hamstrings=2),
        ]

    def test_eight_weeks_by_default_ending_this_week(self) -> None:
        weeks = charts.weekly_sets(HISTORY, TODAY)

        assert len(weeks) == 8
        assert all(week.week_start.weekday() == 0 for week in weeks)
        assert weeks[-1].week_start == MONDAY + timedelta(weeks=2)

    def test_leaves_out_weeks_before_the_window(self) -> None:
        assert charts.weekly_sets(HISTORY, TODAY, weeks=2) == [
            WeekSets(MONDAY + timedelta(weeks=1), glutes=2, hamstrings=1),
            WeekSets(MONDAY + timedelta(weeks=2), glutes=2, hamstrings=2),
        ]

    def test_needs_a_week(self) -> None:
        with pytest.raises(ValueError, match="at least one week"):
            charts.weekly_sets(HISTORY, TODAY, weeks=0)


class TestCharts:
    @pytest.mark.parametrize("history", [HISTORY, two_years_of_logs()], ids=["weeks", "years"])
    def test_progress_charts_are_phone_sized_pngs(self, history: Sequence[Entry]) -> None:
        today = max(entry.local_date for entry in history)
        lifts = charts.main_lifts(history)
        pngs = [
            charts.e1rm_chart(history, lifts, Units.KG, WORDS),
            charts.weekly_sets_chart(history, today, WORDS),
            charts.exercise_chart(history, lifts[0], Units.KG, WORDS),
        ]

        for png in pngs:
            assert png is not None
            assert_phone_sized(png)

    def test_same_data_same_bytes(self) -> None:
        first = charts.weekly_sets_chart(HISTORY, TODAY, WORDS)

        assert first is not None
        assert charts.weekly_sets_chart(HISTORY, TODAY, WORDS) == first

    def test_nothing_to_draw_without_logs(self) -> None:
        assert charts.e1rm_chart([], ["barbell_hip_thrust"], Units.KG, WORDS) is None
        assert charts.weekly_sets_chart([], TODAY, WORDS) is None
        assert charts.exercise_chart([], "barbell_hip_thrust", Units.KG, WORDS) is None

    def test_no_e1rm_chart_for_lifts_never_loaded(self) -> None:
        assert charts.e1rm_chart(HISTORY, ["nordic_curl", "glute_bridge"], Units.KG, WORDS) is None
        assert charts.e1rm_chart(HISTORY, [], Units.KG, WORDS) is None

    def test_no_weekly_chart_without_glute_or_hamstring_sets_in_the_weeks(self) -> None:
        assert charts.weekly_sets_chart(HISTORY, TODAY + timedelta(weeks=10), WORDS) is None
        only_unknown = [on(0, None, "Hack squat", kg(10, 60))]
        assert charts.weekly_sets_chart(only_unknown, TODAY, WORDS) is None

    def test_no_exercise_chart_for_an_exercise_never_logged(self) -> None:
        assert charts.exercise_chart(HISTORY, "kettlebell swing", Units.KG, WORDS) is None

    def test_bodyweight_exercise_chart_shows_reps(self) -> None:
        png = charts.exercise_chart(HISTORY, "glute bridge", Units.KG, WORDS)

        assert png is not None
        assert_phone_sized(png)

    def test_rendering_never_imports_pyplot(self) -> None:
        # pyplot picks a GUI backend and keeps figures alive globally; a fresh interpreter
        # shows whether rendering pulls it in (this one may have it from elsewhere).
        script = (
            "import sys\n"
            "from bot.services import charts\n"
            "from bot.core.profile import Units\n"
            "from tests.test_charts import HISTORY, TODAY, WORDS\n"
            "assert charts.e1rm_chart(HISTORY, ['hip thrust'], Units.KG, WORDS)\n"
            "assert charts.weekly_sets_chart(HISTORY, TODAY, WORDS)\n"
            "assert charts.exercise_chart(HISTORY, 'hip thrust', Units.KG, WORDS)\n"
            "assert 'matplotlib.pyplot' not in sys.modules\n"
        )
        subprocess.run([sys.executable, "-c", script], check=True, cwd=REPO)


def test_a_single_day_of_data_labels_each_date_once() -> None:
    """Around one session the date locator ticks every few hours; each tick was labelled
    with the same date."""
    figure = Figure()
    axes = figure.add_subplot()
    day = date(2026, 11, 30)
    axes.plot(charts._date_numbers([day]), [60.0])
    charts._date_axis(axes, day, day, WORDS)
    FigureCanvasAgg(figure).draw()
    labels = [label.get_text() for label in axes.get_xticklabels() if label.get_text()]

    assert "30 Nov" in labels, labels
    assert len(labels) == len(set(labels)), labels


WEIGH_INS = [WeighIn(MONDAY + timedelta(days=7 * week), 70 + week / 2) for week in range(6)]


@pytest.mark.parametrize("units", list(Units))
def test_the_bodyweight_line_follows_the_weigh_ins_in_the_persons_unit(units: Units) -> None:
    series = charts.bodyweight_series(reversed(WEIGH_INS), units)
    assert [day for day, _ in series] == [w.day for w in WEIGH_INS]
    for (_, shown), weigh_in in zip(series, WEIGH_INS, strict=True):
        in_kilograms = shown if units is Units.KG else shown * 0.45359237
        assert in_kilograms == pytest.approx(weigh_in.kilograms, abs=0.01)


def test_a_bodyweight_chart_needs_two_weigh_ins() -> None:
    assert charts.bodyweight_chart([], Units.KG, WORDS) is None
    assert charts.bodyweight_chart(WEIGH_INS[:1], Units.KG, WORDS) is None
    image = charts.bodyweight_chart(WEIGH_INS[:2], Units.LB, WORDS)
    assert image is not None
    assert_phone_sized(image)


def _drawn_texts(figure: Figure | None) -> set[str]:
    assert figure is not None
    # Tick labels are only made when the figure is drawn.
    FigureCanvasAgg(figure).draw()
    return {text.get_text() for text in figure.findobj(Text) if text.get_text()}


def test_the_charts_are_lettered_in_the_language_of_their_words() -> None:
    with speaking_in("de"):
        words = chart_words()

    weekly = _drawn_texts(charts._weekly_sets_figure(HISTORY, TODAY, words, weeks=4))
    lift = _drawn_texts(charts._exercise_figure(HISTORY, "hip thrust", Units.LB, words))
    weight = _drawn_texts(charts._bodyweight_figure(WEIGH_INS, Units.KG, words))

    assert {"Sätze pro Woche", "Sätze", "Woche ab", "Po", "Hintere Oberschenkel"} <= weekly
    assert "6. Jan." in weekly  # the week of MONDAY, as German writes a date
    assert {"Geschätztes 1RM", "Höchste Last", "Wiederholungen gesamt", "lb"} <= lift
    assert {"Körpergewicht", "kg"} <= weight
    english = {"Weekly sets", "Sets", "Week starting", "Glutes", "Hamstrings", "Top load"}
    assert not english & (weekly | lift | weight)


def test_a_lift_the_catalogue_knows_is_named_by_the_words() -> None:
    words = replace(WORDS, name_of=lambda exercise_id: f"«{exercise_id}»")

    assert "«barbell_hip_thrust»" in _drawn_texts(
        charts._e1rm_figure(HISTORY, ["hip thrust", "hack squat"], Units.KG, words)
    )
    # An exercise the catalogue lacks keeps the name it was last written with.
    assert "hack squat" in _drawn_texts(
        charts._exercise_figure(HISTORY, "hack squat", Units.KG, words)
    )
