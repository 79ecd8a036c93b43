"""`coach parse`: one message as a line or JSON, and batches as JSON lines."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from bot.cli.parse import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["Romanian deadlift 3x8 @ 80kg"], "Romanian deadlift: 3 × 8 @ 80 kg"),
        (["rdl", "3x8", "@", "80kg"], "Romanian deadlift: 3 × 8 @ 80 kg"),
        (["3x10"], "3 × 10"),
        (["hip thrusts 60x10, 70x8, 70x8"], "Barbell hip thrust: 1 × 10 @ 60, 2 × 8 @ 70"),
        (["nordics 3x5 bw+10kg"], "Nordic curl: 3 × 5 @ bodyweight + 10 kg"),
        (["nordics 3x5 bw 2 rir"], "Nordic curl: 3 × 5 @ bodyweight, 2 RIR"),
        (
            ["bulgarians 3x10 each leg 12kg dbs @8.5"],
            "Bulgarian split squat: 3 × 10 @ 12 kg, each side, RPE 8.5",
        ),
        (["Cossack squat 3x8 135 lbs"], "Cossack squat: 3 × 8 @ 135 lb"),
        (["planning 3x10 tomorrow"], "not a workout log: plan_not_log"),
        (["hello"], "not a workout log: not_a_log"),
    ],
)
def test_prints_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], line: str) -> None:
    assert run(capsys, *argv) == (0, line + "\n", "")


def test_json_has_one_entry_per_set(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--json", "3x10 @ 60kg rdl")
    assert (code, err) == (0, "")
    assert out == (
        '{"exercise_text": "rdl", "exercise_id": "romanian_deadlift", "sets": ['
        + ", ".join(['{"reps": 10, "weight": 60.0, "unit": "kg"}'] * 3)
        + '], "bodyweight": false, "per_side": false, "rpe": null, "rir": null, "note": null}\n'
    )


def test_json_of_a_non_log_is_null(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--json", "how many sets?") == (0, "null\n", "")


def test_options_may_follow_the_words(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "100x5", "--json")
    assert code == 0
    assert json.loads(out)["sets"] == [{"reps": 5, "weight": 100.0, "unit": None}]


def test_jsonl_reads_a_batch_and_carries_on_after_bad_lines(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = ['"3x10"', '"hello"', "not json", "42", '"bw+20 3x5 nordics"', ""]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    code, out, err = run(capsys, "--jsonl")
    assert (code, err) == (0, "")
    results = [json.loads(line) for line in out.splitlines()]
    assert len(results) == len(lines)
    assert [entry["reps"] for entry in results[0]["sets"]] == [10, 10, 10]
    assert results[1] is None
    assert results[2] == {"error": "line 3: not JSON (Expecting value)"}
    assert results[3] == {"error": "line 4: expected a JSON string"}
    assert results[4]["exercise_id"] == "nordic_curl"
    assert results[4]["bodyweight"] is True
    assert set(results[5]) == {"error"}


@pytest.mark.parametrize(
    "argv",
    [[], ["--jsonl", "3x10"], ["--json", "--jsonl"], ["--bogus", "3x10"]],
    ids=["nothing", "jsonl-with-text", "json-and-jsonl", "unknown-option"],
)
def test_bad_arguments_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.startswith("coach parse: ")
    assert err.count("\n") == 1


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "--jsonl" in out


DUMBBELL_PERSON = json.dumps(
    {
        "units": "kg",
        "equipment": ["dumbbells", "bench"],
        "today": ["step_up", "side_lying_hip_abduction"],
        "plan": ["dumbbell_hip_thrust", "step_up", "dumbbell_romanian_deadlift"],
    }
)


def _read(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = run(capsys, "--json", *argv)
    assert (code, err) == (0, "")
    return json.loads(out)


def test_context_gives_the_exercise_the_bot_would_store(capsys: pytest.CaptureFixture[str]) -> None:
    read = _read(capsys, "--context", DUMBBELL_PERSON, "hip thrust 3x10 @ 20")
    assert read["exercise_id"] == "dumbbell_hip_thrust"
    assert read["sets"] == [{"reps": 10, "weight": 20.0, "unit": "kg"}] * 3
    assert "ambiguous" not in read
    assert _read(capsys, "hip thrust 3x10 @ 20")["exercise_id"] == "barbell_hip_thrust"


def test_context_reads_numbers_alone_for_the_current_exercise(
    capsys: pytest.CaptureFixture[str],
) -> None:
    read = _read(capsys, "--context", DUMBBELL_PERSON, "15")
    assert (read["exercise_id"], read["sets"]) == (
        "step_up",
        [{"reps": 15, "weight": None, "unit": None}],
    )
    assert _read(capsys, "15") is None


def test_two_readings_are_both_given(capsys: pytest.CaptureFixture[str]) -> None:
    read = _read(capsys, "--context", DUMBBELL_PERSON, "step up 3x12 @ 10 felt easy")
    assert (read["rpe"], read["sets"][0]["weight"], read["note"]) == (10.0, None, "felt easy")
    first, second = read["ambiguous"]
    assert first == {key: value for key, value in read.items() if key != "ambiguous"}
    assert (second["rpe"], second["sets"], second["exercise_id"]) == (
        None,
        [{"reps": 12, "weight": 10.0, "unit": "kg"}] * 3,
        "step_up",
    )


def test_a_bad_context_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--context", '{"equipment": ["jetpack"]}', "3x10")
    assert (code, out) == (2, "")
    assert "--context" in err


def test_an_earlier_day_is_counted_back(capsys: pytest.CaptureFixture[str]) -> None:
    context = json.dumps({"date": "2026-12-02"})  # a Wednesday
    assert _read(capsys, "yesterday: RDL 3x8 60")["days_ago"] == 1
    monday = _read(capsys, "--context", context, "mon: RDL 3x8 60")
    assert (monday["days_ago"], monday["exercise_id"]) == (2, "romanian_deadlift")
    assert "days_ago" not in _read(capsys, "RDL 3x8 60")


def test_a_percentage_is_stored_at_that_share_of_the_estimate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    context = json.dumps({"estimates": {"romanian_deadlift": 100}})
    read = _read(capsys, "--context", context, "RDL 5x5 @ 80%")
    assert read["sets"] == [{"reps": 5, "weight": 80.0, "unit": "kg"}] * 5
    assert read["percent"] == 80.0
    assert run(capsys, "--context", context, "RDL 3x8 at 75%") == (
        0,
        "Romanian deadlift: 3 × 8 @ 75 kg\n",
        "",
    )


def test_a_percentage_without_an_estimate_is_not_stored(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(capsys, "--json", "RDL 5x5 @ 80%") == (0, "null\n", "")
    assert run(capsys, "RDL 5x5 @ 80%") == (0, "not a workout log: no_estimate\n", "")


def test_estimates_must_be_positive_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    for estimates in ('{"estimates": [100]}', '{"estimates": {"romanian_deadlift": -5}}'):
        code, _, err = run(capsys, "--context", estimates, "RDL 5x5 @ 80%")
        assert code == 2
        assert "--context" in err
