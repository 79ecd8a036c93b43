"""`coach plan`: print the weekly plan for a profile, or plans for many profiles (--jsonl)."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from bot.cli.json_input import (
    ALL_EQUIPMENT,
    NO_EQUIPMENT,
    OneLineParser,
    equipment_from,
    equipment_names,
    json_object,
    plan_request,
    weekdays_from,
)
from bot.core.plan_json import plan_to_dict
from bot.core.planner import build_plan
from bot.core.profile import Experience, Goal
from bot.telegram import messages

_REQUIRED = ("goal", "experience", "equipment", "days")


def _parser() -> OneLineParser:
    parser = OneLineParser(
        prog="coach plan", description="Print a weekly glute and hamstring training plan."
    )
    parser.add_argument("--goal", choices=[goal.value for goal in Goal])
    parser.add_argument("--experience", choices=[level.value for level in Experience])
    parser.add_argument(
        "--equipment",
        metavar="LIST",
        help=f"comma list of {equipment_names()}; '{ALL_EQUIPMENT}' for all of it, "
        f"'{NO_EQUIPMENT}' for bodyweight only",
    )
    parser.add_argument("--days", type=int, metavar="N", help="training days a week, 2 to 5")
    parser.add_argument(
        "--weekdays", metavar="LIST", help="e.g. mon,wed,fri (default: Coach spreads the days)"
    )
    parser.add_argument("--json", action="store_true", help="print the plan as one JSON object")
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="read one JSON profile per line on stdin, write one plan or error per line",
    )
    return parser


def main(argv: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    given = [f"--{name}" for name in (*_REQUIRED, "weekdays") if getattr(args, name) is not None]
    given += ["--json"] if args.json else []
    if args.jsonl:
        if given:
            parser.error(f"--jsonl reads profiles from stdin; drop {', '.join(given)}")
        return _run_batch(sys.stdin, sys.stdout)
    missing = [f"--{name}" for name in _REQUIRED if getattr(args, name) is None]
    if missing:
        parser.error(f"the following arguments are required: {', '.join(missing)}")
    try:
        weekdays = weekdays_from(args.weekdays.split(",")) if args.weekdays else None
        plan = build_plan(
            Goal(args.goal),
            Experience(args.experience),
            equipment_from(args.equipment.split(",")),
            args.days,
            weekdays,
        )
    except ValueError as error:
        parser.error(str(error))
    print(
        json.dumps(plan_to_dict(plan), indent=2) if args.json else messages.format_week_plan(plan)
    )
    return 0


def _run_batch(lines: TextIO, out: TextIO) -> int:
    """One output line per non-blank input line; a bad line gets an error, never a crash."""
    for line in lines:
        if not line.strip():
            continue
        try:
            result = plan_to_dict(plan_request(json_object(line)).plan())
        except ValueError as error:
            result = {"error": str(error)}
        out.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
