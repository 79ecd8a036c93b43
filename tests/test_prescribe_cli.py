"""`coach prescribe --jsonl` as people run it: the `coach` command, one answer a line."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

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


def _answers(*requests: dict[str, Any]) -> list[dict[str, Any]]:
    done = _coach("prescribe", "--jsonl", stdin="".join(json.dumps(r) + "\n" for r in requests))
    assert (done.returncode, done.stderr) == (0, "")
    return [json.loads(line) for line in done.stdout.splitlines()]


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
MONDAY, TUESDAY, NEXT_MONDAY = "2026-01-05", "2026-01-06", "2026-01-12"


def _ids(answer: dict[str, Any]) -> list[str]:
    return [exercise["id"] for exercise in answer["exercises"]]


def test_a_session_moved_to_a_later_day_of_its_week_is_prescribed_there() -> None:
    moved = {**HOME, "moved": {MONDAY: TUESDAY}}
    planned, monday, tuesday, week_after = _answers(
        {**HOME, "date": MONDAY},
        {**moved, "date": MONDAY},
        {**moved, "date": TUESDAY},
        {**moved, "date": NEXT_MONDAY},
    )
    assert planned["type"] == "workout"
    assert (monday["type"], monday["exercises"]) == ("recovery", [])
    assert tuesday["type"] == "workout"
    assert _ids(tuesday) == _ids(planned)
    assert week_after["type"] == "workout", "a move is for its week only"


def test_a_dropped_session_leaves_a_rest_day() -> None:
    (dropped,) = _answers({**HOME, "date": MONDAY, "moved": {MONDAY: None}})
    assert (dropped["type"], dropped["exercises"]) == ("recovery", [])


def test_while_away_the_day_is_planned_for_the_equipment_at_hand_until_the_last_day() -> None:
    away = {**HOME, "away": {"equipment": ["bands"], "until": "2026-01-09"}}
    home, travelling, home_after, back = _answers(
        {**HOME, "date": MONDAY},
        {**away, "date": MONDAY},
        {**HOME, "date": NEXT_MONDAY},
        {**away, "date": NEXT_MONDAY},
    )
    assert travelling["type"] == "workout"
    assert _ids(travelling) != _ids(home)
    assert all(set(e["equipment"]) <= {"bands"} for e in travelling["exercises"])
    assert _ids(back) == _ids(home_after), "the home plan once the last day is past"


BAD_CHANGES = [
    ({"moved": ["2026-01-05"]}, "'moved' must be an object like"),
    ({"moved": {"monday": None}}, "'moved': each day moved must be a date like 2026-01-05"),
    ({"moved": {MONDAY: 5}}, "'moved': 2026-01-05's new day, or null, must be a date"),
    ({"moved": {MONDAY: "2026-01-04"}}, "'moved': 2026-01-05 can move to a later day"),
    ({"moved": {MONDAY: NEXT_MONDAY}}, "'moved': 2026-01-05 can move to a later day"),
    ({"away": "bands"}, "'away' must be an object with 'equipment' and 'until'"),
    ({"away": {"equipment": ["rocket"], "until": MONDAY}}, "'away': unknown equipment"),
    ({"away": {"equipment": ["bands"]}}, "'away': missing 'until'"),
    ({"away": {"equipment": "bands", "until": MONDAY}}, "'away': 'equipment' must be a list"),
]


def test_bad_moves_and_travel_get_a_clear_error() -> None:
    answers = _answers(*({**HOME, "date": MONDAY, **changes} for changes, _ in BAD_CHANGES))
    assert [
        answer.get("error", "")[: len(error)]
        for answer, (_, error) in zip(answers, BAD_CHANGES, strict=True)
    ] == [error for _, error in BAD_CHANGES]
