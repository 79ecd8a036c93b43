"""`coach prescribe --jsonl` as people run it: the `coach` command, one answer a line."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from bot.cli.json_input import plan_request
from bot.core.catalogue import CATALOGUE, require_exercise
from bot.core.prescription import DayPrescription, prescribe_on
from bot.core.readiness import Note, PainRegion, Readiness, loads
from bot.telegram import messages
from tests.support.lifters import lifter_profile

REQUEST = {
    "profile": {"goal": "strength", "experience": "beginner", "equipment": ["barbell"], "days": 3},
    "start": "2026-01-05",
    "date": "2026-01-07",
    "history": [
        {
            "date": "2026-01-05",
            "exercise_id": "barbell_back_squat",
            "sets": [{"reps": 8, "weight": 40, "unit": "kg", "rpe": 7}] * 3,
        }
    ],
}


def _coach(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_each_line_gets_one_answer_and_a_bad_line_an_error_object() -> None:
    lines = [json.dumps(REQUEST), "", "not json", json.dumps({"profile": {}})]
    done = _coach("prescribe", "--jsonl", stdin="\n".join(lines) + "\n")

    assert (done.returncode, done.stderr) == (0, "")
    good, *bad = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(bad) == 2
    assert all(set(answer) == {"error"} for answer in bad)
    assert set(good) == {"date", "type", "week", "exercises", "warnings", "notes"}
    assert good["week"] == {"index": 1, "of": 6, "phase": "build"}
    squat = next(e for e in good["exercises"] if e["id"] == "barbell_back_squat")
    # 3 × 8 at RPE 7 on the top of the range: heavier, by a plate a side at most.
    assert squat["decision"] == "progress"
    assert 40 < squat["load"]["weight"] <= 45
    assert squat["warmup"]
    assert all(step["weight"] is None or step["weight"] < 45 for step in squat["warmup"])


def test_without_jsonl_it_says_how_to_call_it_in_one_line() -> None:
    done = _coach("prescribe", stdin="")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "--jsonl" in done.stderr


# --- Readiness over the week, and a region to avoid ---------------------------------------

MONDAY = date(2026, 1, 5)
WEEK = [MONDAY + timedelta(days=n) for n in range(7)]
SORE = {"sleep": 2, "soreness": 3, "pain": None}
PROFILES = [
    {"goal": goal, "experience": experience, "equipment": equipment, "days": days}
    for goal in ("strength", "hamstrings", "balanced")
    for experience in ("beginner", "intermediate")
    for equipment in (["barbell", "bench"], ["dumbbells", "bench"], ["kettlebell"])
    for days in (2, 3, 4)
]


def _core(given: dict[str, Any], day: date, **kwargs: Any) -> DayPrescription:
    """What `prescribe_on` says of `day` for the CLI's `profile` and no history."""
    request = plan_request(given)
    plan = request.plan()
    weekdays = tuple(d.weekday for d in plan.days if d.is_workout)
    profile = lifter_profile(
        request.equipment, experience=request.experience, goal=request.goal, weekdays=weekdays
    )
    return prescribe_on(plan, profile, MONDAY, day, {}, (), **kwargs)


def _ask(lines: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    done = _coach("prescribe", "--jsonl", stdin="".join(json.dumps(x) + "\n" for x in lines))
    assert (done.returncode, done.stderr) == (0, "")
    return [json.loads(line) for line in done.stdout.splitlines()]


def _day(given: dict[str, Any], day: date, **more: Any) -> dict[str, Any]:
    return {"profile": given, "start": MONDAY.isoformat(), "date": day.isoformat(), **more}


def _exercises(answer: dict[str, Any]) -> list[tuple[str, int]]:
    return [(e["id"], e["sets"]) for e in answer["exercises"]]


def _as_cli(day: DayPrescription) -> tuple[list[tuple[str, int]], list[str]]:
    exercises = [(p.planned.exercise.id, p.planned.sets) for p in day.exercises]
    return exercises, messages.format_notes(day)


def test_a_very_sore_days_heavy_hamstring_work_shows_up_on_the_next_training_day() -> None:
    # The people and days where the core moves it; the CLI must say the same, both days.
    cases = [
        (given, move)
        for given in PROFILES
        for day in WEEK
        for move in _core(given, day, readiness=Readiness(2, 3)).sore_moves
    ]
    assert len(cases) > 5
    lines = []
    for given, move in cases:
        said = {move.left.isoformat(): SORE}
        lines += [
            _day(given, move.left),
            _day(given, move.left, readiness=SORE),
            _day(given, move.to),
            _day(given, move.to, readiness_week=said),
        ]
    answers = _ask(lines)
    for n, (given, move) in enumerate(cases):
        left_usual, left_sore, to_usual, to_after = answers[4 * n : 4 * n + 4]
        moved = [(p.exercise.id, p.sets) for p in move.exercises]
        assert all(exercise in _exercises(left_usual) for exercise in moved)
        assert not any(exercise in _exercises(left_sore) for exercise in moved)
        assert set(_exercises(to_after)) == set(_exercises(to_usual)) | set(moved)
        assert any(f"{move.to:%A}" in note for note in left_sore["notes"])
        assert any(f"{move.left:%A}" in note for note in to_after["notes"])
        sore_core = _core(given, move.left, readiness=Readiness(2, 3))
        after_core = _core(given, move.to, week_answers={move.left: Readiness(2, 3)})
        assert (_exercises(left_sore), left_sore["notes"]) == _as_cli(sore_core)
        assert (_exercises(to_after), to_after["notes"]) == _as_cli(after_core)


def test_an_avoided_region_is_left_out_of_every_day_as_the_core_leaves_it() -> None:
    given = {"goal": "balanced", "experience": "intermediate", "equipment": ["gym"], "days": 4}
    answers = _ask([_day(given, day, avoid="knee") for day in WEEK])
    note = messages.readiness_notes()[Note.AVOID_KNEE]
    for day, answer in zip(WEEK, answers, strict=True):
        core = _core(given, day, avoid=PainRegion.KNEE)
        assert (_exercises(answer), answer["notes"]) == _as_cli(core)
        for exercise in answer["exercises"]:
            assert not loads(require_exercise(exercise["id"]), PainRegion.KNEE), exercise
        assert (note in answer["notes"]) is (answer["type"] == "workout")


BAD = [
    ("avoid", "elbow"),
    ("avoid", ["knee"]),
    ("avoid", 1),
    ("readiness_week", "tired"),
    ("readiness_week", {"monday": SORE}),
    ("readiness_week", {"2026-01-04": SORE}),  # the week before
    ("readiness_week", {"2026-01-07": SORE}),  # the day itself: that is "readiness"
    ("readiness_week", {"2026-01-05": {"sleep": 2, "soreness": 4}}),
    ("readiness_week", {"2026-01-05": {"sleep": 2, "soreness": 2, "pain": "elbow"}}),
    ("readiness_week", {"2026-01-05": "sore"}),
]


def test_a_bad_avoid_or_readiness_week_is_answered_with_an_error_naming_it() -> None:
    given = {"goal": "balanced", "experience": "beginner", "equipment": ["none"], "days": 3}
    answers = _ask([_day(given, WEEK[2], **{field: value}) for field, value in BAD])
    assert len(answers) == len(BAD)
    for (field, value), answer in zip(BAD, answers, strict=True):
        assert set(answer) == {"error"}, (field, value)
        assert field in answer["error"], (value, answer)


HOME = {
    "profile": {
        "goal": "strength",
        "experience": "beginner",
        "equipment": ["barbell", "bench", "dumbbells"],
        "days": 3,
        "weekdays": ["mon", "wed", "fri"],
    },
    "start": "2026-01-05",
}
MON, TUE, NEXT_MON = "2026-01-05", "2026-01-06", "2026-01-12"
FRI, SAT, NEXT_FRI = "2026-01-09", "2026-01-10", "2026-01-16"


def _ids(answer: dict[str, Any]) -> list[str]:
    return [exercise["id"] for exercise in answer["exercises"]]


def test_a_session_moved_to_a_later_day_of_its_week_is_prescribed_there() -> None:
    """Friday's session on Saturday, next to no other hard day, comes whole; Monday's on
    Tuesday, the day before Wednesday's, leaves its heavy hamstring work behind, as the bot
    moves it when no spaced day is left."""
    moved = {**HOME, "moved": {FRI: SAT, MON: TUE}}
    friday, saturday, monday, tuesday, moved_friday, week_after = _ask(
        [
            {**HOME, "date": FRI},
            {**moved, "date": SAT},
            {**HOME, "date": MON},
            {**moved, "date": TUE},
            {**moved, "date": FRI},
            {**moved, "date": NEXT_FRI},
        ]
    )
    assert (moved_friday["type"], moved_friday["exercises"]) == ("recovery", [])
    assert saturday["type"] == "workout"
    assert _ids(saturday) == _ids(friday)
    heavy = {e.id for e in CATALOGUE if e.is_heavy_hamstring}
    assert set(_ids(monday)) & heavy, "the case to test"
    assert _ids(tuesday) == [i for i in _ids(monday) if i not in heavy]
    assert week_after["type"] == "workout", "a move is for its week only"


def test_a_dropped_session_leaves_a_rest_day() -> None:
    (dropped,) = _ask([{**HOME, "date": MON, "moved": {MON: None}}])
    assert (dropped["type"], dropped["exercises"]) == ("recovery", [])


def test_while_away_the_day_is_planned_for_the_equipment_at_hand_until_the_last_day() -> None:
    away = {**HOME, "away": {"equipment": ["bands"], "until": "2026-01-09"}}
    home, travelling, home_after, back = _ask(
        [
            {**HOME, "date": MON},
            {**away, "date": MON},
            {**HOME, "date": NEXT_MON},
            {**away, "date": NEXT_MON},
        ]
    )
    assert travelling["type"] == "workout"
    assert _ids(travelling) != _ids(home)
    assert all(set(e["equipment"]) <= {"bands"} for e in travelling["exercises"])
    assert _ids(back) == _ids(home_after), "the home plan once the last day is past"


BAD_CHANGES = [
    ({"moved": ["2026-01-05"]}, "'moved' must be an object like"),
    ({"moved": {"monday": None}}, "'moved': each day moved must be a date like 2026-01-05"),
    ({"moved": {MON: 5}}, "'moved': 2026-01-05's new day, or null, must be a date"),
    ({"moved": {MON: "2026-01-04"}}, "'moved': 2026-01-05 can move to a later day"),
    ({"moved": {MON: NEXT_MON}}, "'moved': 2026-01-05 can move to a later day"),
    ({"away": "bands"}, "'away' must be an object with 'equipment' and 'until'"),
    ({"away": {"equipment": ["rocket"], "until": MON}}, "'away': unknown equipment"),
    ({"away": {"equipment": ["bands"]}}, "'away': missing 'until'"),
    ({"away": {"equipment": "bands", "until": MON}}, "'away': 'equipment' must be a list"),
]


def test_bad_moves_and_travel_get_a_clear_error() -> None:
    answers = _ask({**HOME, "date": MON, **changes} for changes, _ in BAD_CHANGES)
    assert [
        answer.get("error", "")[: len(error)]
        for answer, (_, error) in zip(answers, BAD_CHANGES, strict=True)
    ] == [error for _, error in BAD_CHANGES]
