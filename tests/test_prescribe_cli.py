"""`coach prescribe --jsonl` as people run it: the `coach` command, one answer a line."""

from __future__ import annotations

import json
import subprocess
import sys

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
