"""`coach parse`: read a workout log the way the bot does, one message or a batch.

coach parse Hip thrust 3x10 @ 60kg       # Barbell hip thrust: 3 × 10 @ 60 kg
coach parse --json "60x10, 70x8"         # the reading as JSON, null for a non-log
coach parse --jsonl < messages.jsonl     # one JSON string in, one reading out, a line each
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import NoReturn

from bot.core.catalogue import get_exercise
from bot.core.logparse.parser import LoggedSet, LogReading, Rejection, parse_log


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
        for line in _jsonl(sys.stdin):
            print(line)
        return 0
    reading = parse_log(" ".join(args.text))
    if args.json:
        print(_json(reading))
    elif isinstance(reading, LogReading):
        print(describe(reading))
    else:
        print(f"not a workout log: {reading.reason.value}")
    return 0


def _jsonl(lines: Iterable[str]) -> Iterator[str]:
    for number, line in enumerate(lines, 1):
        try:
            message = json.loads(line)
        except json.JSONDecodeError as error:
            yield _json_error(f"line {number}: not JSON ({error.msg})")
            continue
        if isinstance(message, str):
            yield _json(parse_log(message))
        else:
            yield _json_error(f"line {number}: expected a JSON string")


def _json(reading: LogReading | Rejection) -> str:
    data = reading.to_json() if isinstance(reading, LogReading) else None
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
