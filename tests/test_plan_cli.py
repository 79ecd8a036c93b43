"""`coach plan` and the plan wording people read in Telegram."""

from __future__ import annotations

import io
import json
import re
from itertools import combinations

import pytest

from bot.cli.plan import main
from bot.core.plan_json import plan_to_dict
from bot.core.planner import RecoveryFocus, build_plan
from bot.core.profile import FULL_GYM, Equipment, Experience, Goal, Weekday
from bot.telegram import messages

TELEGRAM_MESSAGE_LIMIT = 4096
BASE = ["--goal", "glutes", "--experience", "intermediate", "--equipment", "gym", "--days", "3"]


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_text_plan_lists_the_week(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, BASE)
    assert (code, err) == (0, "")
    plan = build_plan(Goal.GLUTES, Experience.INTERMEDIATE, FULL_GYM, 3)
    assert out.strip() == messages.format_week_plan(plan)
    for day in plan.days:
        assert messages.weekday_names()[day.weekday] in out
        for planned in day.exercises:
            assert f"{planned.exercise.name} — {planned.sets} × " in out
    # No markup: Telegram shows the text as is (parse_mode=None).
    assert not re.search(r"<[a-z/]|\*\*|__|`", out)


def test_json_plan_is_one_object_of_the_stored_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, [*BASE, "--json"])
    assert code == 0
    data = json.loads(out)
    assert data == plan_to_dict(build_plan(Goal.GLUTES, Experience.INTERMEDIATE, FULL_GYM, 3))
    assert [day["type"] for day in data["days"]].count("workout") == 3


def test_equipment_none_and_chosen_weekdays(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--goal", "hamstrings", "--experience", "beginner", "--equipment", "none"]
    code, out, _ = run(capsys, [*argv, "--days", "2", "--weekdays", "tue,sat", "--json"])
    assert code == 0
    data = json.loads(out)
    workouts = [day["weekday"] for day in data["days"] if day["type"] == "workout"]
    assert workouts == ["tue", "sat"]
    used = {item for day in data["days"] for e in day["exercises"] for item in e["equipment"]}
    assert used == set()


def test_equipment_list_limits_the_exercises(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--goal", "balanced", "--experience", "advanced", "--equipment", "bands, sliders"]
    code, out, _ = run(capsys, [*argv, "--days", "4", "--json"])
    assert code == 0
    used = {
        item for day in json.loads(out)["days"] for e in day["exercises"] for item in e["equipment"]
    }
    assert used <= {"bands", "sliders"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--equipment", "foo"], "unknown equipment 'foo' (choose from bands, dumbbells"),
        (["--equipment", "gym,bands"], "cannot be combined"),
        (["--goal", "abs"], "invalid choice: 'abs'"),
        (["--days", "7"], "training days must be between 2 and 5, got 7"),
        (["--days", "three"], "invalid int value: 'three'"),
        (["--weekdays", "mon,funday,fri"], "unknown weekday 'funday'"),
        (["--weekdays", "mon,fri"], "3 training days need 3 weekdays, got 2"),
        (["--weekdays", "mon,mon,fri"], "only once"),
        (["--colour", "red"], "unrecognized arguments: --colour red"),
    ],
)
def test_invalid_arguments_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    options = dict(zip(BASE[::2], BASE[1::2], strict=True))
    options.update(dict(zip(argv[::2], argv[1::2], strict=True)))
    code, out, err = run(capsys, [item for pair in options.items() for item in pair])
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("coach plan: error: ")
    assert message in err


def test_missing_arguments_are_named(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, ["--goal", "glutes", "--days", "3"])
    assert code == 2
    assert (
        err
        == "coach plan: error: the following arguments are required: --experience, --equipment\n"
    )


def test_jsonl_writes_one_result_per_profile_and_survives_bad_lines(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = {"goal": "glutes", "experience": "beginner", "equipment": ["bands"], "days": 2}
    chosen = {**good, "equipment": [], "days": 3, "weekdays": ["mon", "tue", "wed"]}
    lines = [
        json.dumps(good),
        "{not json",
        "",
        json.dumps({**good, "equipment": ["jetpack"]}),
        json.dumps({**good, "days": 9}),
        json.dumps([good]),
        json.dumps({"experience": "beginner", "equipment": [], "days": 2}),
        json.dumps(chosen),
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    code, out, err = run(capsys, ["--jsonl"])
    assert (code, err) == (0, "")
    results = [json.loads(line) for line in out.splitlines()]
    assert len(results) == 7
    assert results[0] == plan_to_dict(
        build_plan(Goal.GLUTES, Experience.BEGINNER, frozenset({Equipment.BANDS}), 2)
    )
    assert results[1]["error"].startswith("invalid JSON")
    assert "unknown equipment 'jetpack'" in results[2]["error"]
    assert "between 2 and 5" in results[3]["error"]
    assert results[4] == {"error": "each line must be a JSON object"}
    assert results[5] == {"error": "missing 'goal'"}
    workouts = [day["weekday"] for day in results[6]["days"] if day["type"] == "workout"]
    assert workouts == ["mon", "tue", "wed"]


def test_jsonl_takes_no_profile_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, ["--jsonl", "--goal", "glutes"])
    assert (code, out) == (2, "")
    assert err == "coach plan: error: --jsonl reads profiles from stdin; drop --goal\n"


# --- Wording ---------------------------------------------------------------------------------


def test_a_workout_day_shows_numbered_exercises_with_their_cues() -> None:
    plan = build_plan(Goal.GLUTES, Experience.INTERMEDIATE, FULL_GYM, 3)
    monday = plan.day(Weekday.MON)
    text = messages.format_day(monday)
    lines = text.splitlines()
    assert lines[0] == "Monday — workout 💪"
    assert lines[1] == "1. Barbell hip thrust — 3 × 8-12, rest 120 s"
    assert "Drive through your heels to full lockout" in lines[2]
    for number, planned in enumerate(monday.exercises, 1):
        assert f"{number}. {planned.exercise.name} — {planned.sets} × " in text
        assert all(cue in text for cue in planned.exercise.cues)


def test_a_recovery_day_gives_its_guidance_under_any_title() -> None:
    plan = build_plan(Goal.GLUTES, Experience.INTERMEDIATE, FULL_GYM, 3)
    tuesday = plan.day(Weekday.TUE)
    assert tuesday.recovery is RecoveryFocus.MOBILITY
    text = messages.format_day(tuesday, title="Today, Tue")
    assert text.splitlines()[:2] == ["Today, Tue", "Recovery day: mobility"]
    assert messages.recovery_guidance()[RecoveryFocus.MOBILITY] in text


def test_every_recovery_focus_has_wording() -> None:
    assert set(messages.recovery_guidance()) == set(RecoveryFocus)
    assert set(messages.recovery_labels()) == set(RecoveryFocus)


def test_every_plan_fits_in_one_telegram_message() -> None:
    subsets = [frozenset(c) for size in (0, 3, 9) for c in combinations(Equipment, size)]
    for goal in Goal:
        for experience in Experience:
            for equipment in subsets:
                plan = build_plan(goal, experience, equipment, 5)
                assert len(messages.format_week_plan(plan)) < TELEGRAM_MESSAGE_LIMIT
                for day in plan.days:
                    assert len(messages.format_day(day)) < TELEGRAM_MESSAGE_LIMIT
