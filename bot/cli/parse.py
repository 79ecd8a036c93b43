"""`coach parse`: read a workout log the way the bot does, one message or a batch.

coach parse Hip thrust 3x10 @ 60kg       # Barbell hip thrust: 3 × 10 @ 60 kg
coach parse --json "60x10, 70x8"         # the reading as JSON, null for a non-log
coach parse --jsonl < messages.jsonl     # one JSON string in, one reading out, a line each
coach parse --json --context '{"units": "lb", "equipment": ["dumbbells", "bench"],
    "today": ["step_up"], "plan": ["step_up", "dumbbell_hip_thrust"]}' "3x12 @ 10"
                                         # as the bot reads it for that person

With --context the reading and its `exercise_id` are the ones the bot would store (the same
`read_log`). A message with two plausible readings keeps the fields of the first and adds
`ambiguous`: every candidate reading, the first included, each with the fields of a reading.
A log of an earlier day ("yesterday: RDL 3x8 60", "mon: 3x10") adds `days_ago`. Sets at a
percentage of the one-rep max ("RDL 5x5 @ 80%") are stored at that share of the context's
`estimates` for the exercise, and add `percent`; without an estimate they are null
(`no_estimate`), as the bot asks for the weight.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import groupby
from typing import NoReturn

from bot.core.catalogue import get_exercise
from bot.core.exercise_resolution import LogContext
from bot.core.logparse.in_context import ReadLog, read_log
from bot.core.logparse.parser import LoggedSet, LogReading, Rejection
from bot.core.profile import Equipment


class _UsageError(Exception):
    pass


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line on stderr (main prints it), instead of argparse's usage block.
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(
        prog="coach parse",
        description="Read a workout log the way the bot does.",
    )
    parser.add_argument("text", nargs="*", help="the message; several words are joined")
    parser.add_argument(
        "--context",
        type=_context,
        default=LogContext(),
        help='the person, as JSON: {"units": "kg"|"lb", "equipment": [plan tokens], '
        '"today": [exercise ids, the current one first], "plan": [exercise ids], '
        '"date": their date today, YYYY-MM-DD, for "mon: 3x10", '
        '"estimates": {exercise id: estimated 1RM in their unit}, for "5x5 @ 80%%"}',
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument(
        "--json", action="store_true", help="print the reading as JSON (null for a non-log)"
    )
    output.add_argument(
        "--jsonl",
        action="store_true",
        help="read one JSON-encoded string per line on standard input and write one "
        "reading per line (null for a non-log)",
    )
    return parser


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_intermixed_args(argv)
        if args.jsonl and args.text:
            raise _UsageError("--jsonl reads standard input; give no TEXT with it")
        if not args.jsonl and not args.text:
            raise _UsageError("give the message to read, or --jsonl to read standard input")
    except _UsageError as error:
        print(f"coach parse: {error}", file=sys.stderr)
        return 2
    except SystemExit as done:  # --help
        return done.code if isinstance(done.code, int) else 0
    if args.jsonl:
        for line in _jsonl(sys.stdin, args.context):
            print(line)
        return 0
    read = read_log(" ".join(args.text), args.context)
    if args.json:
        print(_json(read))
    elif isinstance(read, ReadLog):
        print(describe(read.reading))
    else:
        print(f"not a workout log: {read.reason.value}")
    return 0


def _context(text: str) -> LogContext:
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise TypeError
        equipment = data.get("equipment")
        units = data.get("units")
        if units not in (None, "kg", "lb"):
            raise ValueError
        return LogContext(
            equipment=LogContext().equipment
            if equipment is None
            else frozenset(Equipment(token) for token in equipment),
            today=tuple(map(str, data.get("today", ()))),
            plan=tuple(map(str, data.get("plan", ()))),
            units=units,
            on=date.fromisoformat(data["date"]) if "date" in data else date.today(),
            estimates=_estimates(data.get("estimates", {})),
        )
    except (ValueError, TypeError) as error:
        msg = "--context takes a JSON object: units kg|lb, equipment tokens, today, plan, estimates"
        raise argparse.ArgumentTypeError(msg) from error


def _estimates(data: object) -> dict[str, float]:
    """`{"romanian_deadlift": 100}`: positive numbers by exercise id."""
    if not isinstance(data, dict):
        raise TypeError
    estimates = {str(key): float(value) for key, value in data.items()}
    if any(value <= 0 for value in estimates.values()):
        raise ValueError
    return estimates


def _jsonl(lines: Iterable[str], context: LogContext) -> Iterator[str]:
    for number, line in enumerate(lines, 1):
        try:
            message = json.loads(line)
        except json.JSONDecodeError as error:
            yield _json_error(f"line {number}: not JSON ({error.msg})")
            continue
        if isinstance(message, str):
            yield _json(read_log(message, context))
        else:
            yield _json_error(f"line {number}: expected a JSON string")


def _json(read: ReadLog | Rejection) -> str:
    if isinstance(read, Rejection):
        return json.dumps(None)
    data = read.reading.to_json()
    if read.days_ago:
        data["days_ago"] = read.days_ago
    if read.ambiguous:
        data["ambiguous"] = [candidate.reading.to_json() for candidate in read.candidates]
    return json.dumps(data, ensure_ascii=False)


def _json_error(message: str) -> str:
    return json.dumps({"error": message}, ensure_ascii=False)


def describe(reading: LogReading) -> str:
    """One line, equal sets in a row counted together: `Romanian deadlift: 3 × 8 @ 80 kg`,
    `1 × 10 @ 60, 1 × 8 @ 70`, `3 × 10 @ bodyweight + 10 kg, each side, RPE 8`."""
    runs = [
        _describe_run(len(list(run)), logged, reading.bodyweight)
        for logged, run in groupby(reading.sets)
    ]
    extras = [
        *(["each side"] if reading.per_side else []),
        *([f"RPE {reading.rpe:g}"] if reading.rpe is not None else []),
        *([f"{reading.rir} RIR"] if reading.rir is not None else []),
    ]
    body = ", ".join(runs + extras)
    exercise = get_exercise(reading.exercise_id) if reading.exercise_id else None
    name = exercise.name if exercise else reading.exercise_text
    return f"{name}: {body}" if name else body


def _describe_run(count: int, logged: LoggedSet, bodyweight: bool) -> str:
    sets = f"{count} × {logged.reps}"
    load = _describe_load(logged)
    if bodyweight:
        load = f"bodyweight + {load}" if load else "bodyweight"
    return f"{sets} @ {load}" if load else sets


def _describe_load(logged: LoggedSet) -> str:
    if logged.weight is None:
        return ""
    return f"{logged.weight:g} {logged.unit}" if logged.unit else f"{logged.weight:g}"
