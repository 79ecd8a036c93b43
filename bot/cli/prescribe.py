"""`coach prescribe --jsonl`: a day of a person's programme, from their profile and history.

One JSON object a line on stdin, one a line on stdout: the prescription, or an error object
for a line it cannot read. The bot's `/today`, `/plan` and reminders use the same functions.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any, TextIO

from bot.cli.json_input import (
    OneLineParser,
    equipment_from,
    field,
    json_object,
    names,
    plan_request,
)
from bot.core.catalogue import get_exercise
from bot.core.history import Entry
from bot.core.logparse.reading import LoggedSet
from bot.core.plan_changes import PlanChanges
from bot.core.plan_json import exercise_to_dict
from bot.core.planner import WeekPlan
from bot.core.prescription import DayPrescription, ExercisePrescription, prescribe_on
from bot.core.profile import TrainingProfile, Units
from bot.core.programme import monday_of
from bot.core.readiness import PainRegion, Readiness
from bot.core.records import SessionResult, WorkSet
from bot.core.reschedule import Away, Moves
from bot.core.stats import weekly_summary
from bot.core.workout import convert_load
from bot.services.plan_changes import plan_on
from bot.telegram import messages

_MAX_HISTORY = 5_000


def main(argv: list[str]) -> int:
    parser = OneLineParser(
        prog="coach prescribe",
        description="Prescribe a day of the programme; one JSON request a line on stdin.",
    )
    parser.add_argument("--jsonl", action="store_true", required=True, help="read JSON lines")
    parser.parse_args(argv)
    return run_batch(sys.stdin, sys.stdout)


def run_batch(lines: TextIO, out: TextIO) -> int:
    for line in lines:
        if not line.strip():
            continue
        try:
            result = prescription_to_dict(*_request(json_object(line)))
        # A date at either end of the calendar overflows as the weeks around it are counted.
        except (ValueError, OverflowError) as error:
            result = {"error": str(error)}
        out.write(json.dumps(result) + "\n")
    return 0


def _request(
    data: dict[str, Any],
) -> tuple[DayPrescription, TrainingProfile, WeekPlan, list[Entry]]:
    """The day asked for, the profile and plan it was asked for, and the history's entries."""
    given = field(data, "profile")
    if not isinstance(given, dict):
        msg = "'profile' must be an object"
        raise ValueError(msg)
    request = plan_request(given)
    plan = request.plan()
    units = _units(given.get("units", "kg"))
    profile = TrainingProfile(
        goal=request.goal,
        experience=request.experience,
        equipment=request.equipment,
        weekdays=tuple(day.weekday for day in plan.days if day.is_workout),
        reminder_time=time(7),
        timezone="UTC",
        units=units,
        bodyweight_kg=_optional_number(given, "bodyweight_kg"),
        own_weights=_own(given.get("dumbbells")),
    )
    start, on = _date(data, "start"), _date(data, "date")
    plan = plan_on(profile, plan, _plan_changes(data), on)
    logged = _history(data.get("history", []))
    entries = [item.entry for item in logged]
    days = {entry.local_date for entry in entries}
    readiness = _readiness(data.get("readiness"))
    day = prescribe_on(
        plan,
        profile,
        start,
        on,
        _sessions(logged, units),
        days,
        readiness,
        week_answers=_readiness_week(data.get("readiness_week"), on),
        avoid=_avoid(data.get("avoid")),
    )
    return day, profile, plan, entries


def prescription_to_dict(
    day: DayPrescription, profile: TrainingProfile, plan: WeekPlan, entries: list[Entry]
) -> dict[str, Any]:
    units = profile.units
    past = [e for e in entries if e.local_date <= day.on]
    summary = weekly_summary(past, profile, plan, day.on)
    return {
        "date": day.on.isoformat(),
        "type": "workout" if day.day.is_workout else "recovery",
        "week": {"index": day.week.index, "of": day.week.of, "phase": day.week.phase.value},
        "exercises": [_exercise(p, units) for p in day.exercises],
        "warnings": messages.format_imbalances(summary.imbalances),
        "notes": messages.format_notes(day),
    }


def _exercise(prescription: ExercisePrescription, units: Units) -> dict[str, Any]:
    load = prescription.load
    return {
        **exercise_to_dict(prescription.planned),
        "target_reps": list(prescription.reps),
        "load": None if load is None else {"weight": load, "unit": units.value},
        "warmup": [{"reps": s.reps, "weight": s.weight} for s in prescription.warmup],
        "decision": prescription.decision.value,
        "why": messages.format_why(prescription),
        "replaces": prescription.replaces,
        "instead_of": prescription.instead_of,
    }


def _units(value: object) -> Units:
    for unit in Units:
        if unit.value == value:
            return unit
    msg = f"unknown units {value!r} (choose from kg, lb)"
    raise ValueError(msg)


def _optional_number(data: dict[str, Any], name: str) -> float | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        msg = f"'{name}' must be a positive number, got {value!r}"
        raise ValueError(msg)
    return float(value)


def _readiness(value: object, name: str = "readiness") -> Readiness | None:
    """`{"sleep": 1-3, "soreness": 1-3, "pain": null or a region}`; null: not asked."""
    if value is None:
        return None
    if not isinstance(value, dict):
        msg = f"'{name}' must be an object with 'sleep', 'soreness' and 'pain'"
        raise ValueError(msg)
    sleep, soreness, pain = (value.get(key) for key in ("sleep", "soreness", "pain"))
    if pain is not None and pain not in _REGIONS:
        msg = f"'{name}.pain' must be null or one of {', '.join(_REGIONS)}, got {pain!r}"
        raise ValueError(msg)
    if not isinstance(sleep, int) or not isinstance(soreness, int):
        msg = f"'{name}' needs 'sleep' and 'soreness' of 1, 2 or 3, got {value!r}"
        raise ValueError(msg)
    try:
        return Readiness(sleep, soreness, None if pain is None else PainRegion(pain))
    except ValueError as error:
        msg = f"'{name}': {error}"
        raise ValueError(msg) from None


_REGIONS = [region.value for region in PainRegion]


def _readiness_week(value: object, on: date) -> dict[date, Readiness]:
    """`{"2026-01-05": readiness, ...}`: how the person was on earlier days of `on`'s week
    (Monday to Sunday); null or missing: not said."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        msg = "'readiness_week' must be an object of dates like 2026-01-05 to readiness answers"
        raise ValueError(msg)
    monday = monday_of(on)
    answers = {}
    for key, answer in value.items():
        try:
            day = date.fromisoformat(key)
        except ValueError:
            msg = f"'readiness_week' keys must be dates like 2026-01-05, got {key!r}"
            raise ValueError(msg) from None
        if not monday <= day < on:
            msg = (
                f"'readiness_week' dates must be earlier days of the week of 'date' "
                f"(from {monday.isoformat()}, before {on.isoformat()}), got {key}"
            )
            raise ValueError(msg)
        said = _readiness(answer, f"readiness_week.{key}")
        if said is not None:
            answers[day] = said
    return answers


def _avoid(value: object) -> PainRegion | None:
    """A region the plan leaves out every day; null: none."""
    if value is not None and value not in _REGIONS:
        msg = f"'avoid' must be null or one of {', '.join(_REGIONS)}, got {value!r}"
        raise ValueError(msg)
    return None if value is None else PainRegion(value)


def _plan_changes(data: dict[str, Any]) -> PlanChanges:
    """The sessions moved ("moved") and the travel period ("away") the bot would apply."""
    return PlanChanges(_moved(data.get("moved")), _away(data.get("away")))


def _moved(value: object) -> Moves:
    """`{"2026-01-05": "2026-01-07" or null}`: the session of a day moved to a later day of
    its week (Monday to Sunday), or dropped."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        msg = '\'moved\' must be an object like {"2026-01-05": "2026-01-07" or null}'
        raise ValueError(msg)
    moves: dict[date, date | None] = {}
    for planned, to in value.items():
        day = _moved_day(planned, "each day moved")
        moved = None if to is None else _moved_day(to, f"{planned}'s new day, or null,")
        if moved is not None and not day < moved <= monday_of(day) + timedelta(days=6):
            msg = f"'moved': {planned} can move to a later day of its week only, got {to!r}"
            raise ValueError(msg)
        moves[day] = moved
    return moves


def _moved_day(value: object, what: str) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    msg = f"'moved': {what} must be a date like 2026-01-05, got {value!r}"
    raise ValueError(msg)


def _away(value: object) -> Away | None:
    """`{"equipment": [...], "until": "2026-01-11"}`: training with that equipment on the
    days up to and including `until`."""
    if value is None:
        return None
    if not isinstance(value, dict):
        msg = "'away' must be an object with 'equipment' and 'until'"
        raise ValueError(msg)
    try:
        return Away(equipment_from(names(value, "equipment")), _date(value, "until"))
    except ValueError as error:
        msg = f"'away': {error}"
        raise ValueError(msg) from None


def _date(data: dict[str, Any], name: str) -> date:
    value = field(data, name)
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        msg = f"'{name}' must be a date like 2026-01-05, got {value!r}"
        raise ValueError(msg) from None


def _own(value: object) -> tuple[float, ...]:
    if value is None:
        return ()
    if (
        not isinstance(value, list)
        or not value
        or not all(
            isinstance(w, int | float) and not isinstance(w, bool) and 0 < w <= 500 for w in value
        )
    ):
        msg = "'dumbbells' must be a list of positive weights"
        raise ValueError(msg)
    return tuple(sorted({float(w) for w in value}))


@dataclass(frozen=True, slots=True)
class _Logged:
    """One history entry: as the weekly summary reads it, and its sets with RPE and RIR."""

    entry: Entry
    sets: tuple[tuple[LoggedSet, float | None, int | None], ...]


def _history(value: object) -> list[_Logged]:
    if not isinstance(value, list) or len(value) > _MAX_HISTORY:
        msg = f"'history' must be a list of at most {_MAX_HISTORY} entries"
        raise ValueError(msg)
    return [_logged(item, n) for n, item in enumerate(value, 1)]


def _sessions(logged: list[_Logged], units: Units) -> dict[str, list[SessionResult]]:
    """Each catalogue exercise's sessions, newest first, loads in the person's unit."""
    by_day: dict[str, dict[date, list[WorkSet]]] = defaultdict(lambda: defaultdict(list))
    for item in logged:
        entry = item.entry
        if entry.exercise_id is None:
            continue
        by_day[entry.exercise_id][entry.local_date] += [
            WorkSet(
                s.reps,
                None if s.weight is None else convert_load(s.weight, s.unit, units),
                rpe,
                rir,
            )
            for s, rpe, rir in item.sets
        ]
    return {
        exercise_id: [SessionResult(on, tuple(days[on])) for on in sorted(days, reverse=True)]
        for exercise_id, days in by_day.items()
    }


def _logged(item: object, number: int) -> _Logged:
    if not isinstance(item, dict):
        msg = f"history entry {number} must be an object"
        raise ValueError(msg)
    on = _date(item, "date")
    exercise_id = item.get("exercise_id")
    exercise = get_exercise(exercise_id) if isinstance(exercise_id, str) else None
    if exercise_id is not None and exercise is None:
        msg = f"history entry {number}: unknown exercise_id {exercise_id!r}"
        raise ValueError(msg)
    sets = field(item, "sets")
    if not isinstance(sets, list) or not sets:
        msg = f"history entry {number}: 'sets' must be a non-empty list"
        raise ValueError(msg)
    read = tuple(_set(s, number) for s in sets)
    name = exercise.name if exercise else "own exercise"
    entry = Entry(on, exercise_id, name, tuple(s for s, _, _ in read))
    return _Logged(entry, read)


def _set(value: object, number: int) -> tuple[LoggedSet, float | None, int | None]:
    if not isinstance(value, dict):
        msg = f"history entry {number}: each set must be an object"
        raise ValueError(msg)
    reps, weight, unit = value.get("reps"), value.get("weight"), value.get("unit")
    rpe, rir = value.get("rpe"), value.get("rir")
    if not (
        isinstance(reps, int)
        and not isinstance(reps, bool)
        and 1 <= reps <= 1000
        and (weight is None or (isinstance(weight, int | float) and 0 < weight <= 2000))
        and unit in (None, "kg", "lb")
        and (rpe is None or (isinstance(rpe, int | float) and 0 < rpe <= 10))
        and (rir is None or (isinstance(rir, int) and 0 <= rir <= 20))
    ):
        msg = f"history entry {number}: not a set {value!r}"
        raise ValueError(msg)
    load = None if weight is None else float(weight)
    return LoggedSet(reps, load, unit if load is not None else None), rpe, rir
