"""`coach plan`: print the weekly plan for a profile, or plans for many profiles (--jsonl)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, NoReturn, TextIO, TypeVar

from bot.core.plan_json import plan_to_dict
from bot.core.planner import WeekPlan, build_plan
from bot.core.profile import FULL_GYM, Equipment, Experience, Goal, Weekday
from bot.telegram import messages

_ALL_EQUIPMENT = "gym"
_NO_EQUIPMENT = "none"
_REQUIRED = ("goal", "experience", "equipment", "days")
_Choice = TypeVar("_Choice", Goal, Experience)


class _OneLineParser(argparse.ArgumentParser):
    """Errors as one line on stderr (argparse adds the usage), so batch logs stay readable."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {' '.join(message.split())}\n")


def _parser() -> _OneLineParser:
    parser = _OneLineParser(
        prog="coach plan", description="Print a weekly glute and hamstring training plan."
    )
    parser.add_argument("--goal", choices=[goal.value for goal in Goal])
    parser.add_argument("--experience", choices=[level.value for level in Experience])
    parser.add_argument(
        "--equipment",
        metavar="LIST",
        help=f"comma list of {_equipment_names()}; '{_ALL_EQUIPMENT}' for all of it, "
        f"'{_NO_EQUIPMENT}' for bodyweight only",
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
        weekdays = _weekdays(args.weekdays.split(",")) if args.weekdays else None
        plan = build_plan(
            Goal(args.goal),
            Experience(args.experience),
            _equipment(args.equipment.split(",")),
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
            result = plan_to_dict(_plan_for(_json_object(line)))
        except ValueError as error:
            result = {"error": str(error)}
        out.write(json.dumps(result) + "\n")
    return 0


def _json_object(line: str) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        msg = f"invalid JSON: {error}"
        raise ValueError(msg) from None
    if not isinstance(data, dict):
        msg = "each line must be a JSON object"
        raise ValueError(msg)
    return data


def _plan_for(profile: dict[str, Any]) -> WeekPlan:
    goal = _choice(Goal, profile, "goal")
    experience = _choice(Experience, profile, "experience")
    equipment = _equipment(_names(profile, "equipment"))
    days = _field(profile, "days")
    if isinstance(days, bool) or not isinstance(days, int):
        msg = f"'days' must be a whole number, got {days!r}"
        raise ValueError(msg)
    weekdays = None if profile.get("weekdays") is None else _weekdays(_names(profile, "weekdays"))
    return build_plan(goal, experience, equipment, days, weekdays)


def _field(profile: dict[str, Any], name: str) -> Any:
    if name not in profile:
        msg = f"missing '{name}'"
        raise ValueError(msg)
    return profile[name]


def _choice(kind: type[_Choice], profile: dict[str, Any], name: str) -> _Choice:
    value = _field(profile, name)
    for member in kind:
        if member.value == value:
            return member
    msg = f"unknown {name} {value!r} (choose from {', '.join(member.value for member in kind)})"
    raise ValueError(msg)


def _names(profile: dict[str, Any], name: str) -> list[str]:
    value = _field(profile, name)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        msg = f"'{name}' must be a list of strings"
        raise ValueError(msg)
    return value


def _equipment_names() -> str:
    return ", ".join(item.value for item in Equipment)


def _equipment(names: list[str]) -> frozenset[Equipment]:
    tokens = [name.strip().lower() for name in names]
    if len(tokens) > 1 and {_ALL_EQUIPMENT, _NO_EQUIPMENT} & set(tokens):
        msg = f"'{_ALL_EQUIPMENT}' and '{_NO_EQUIPMENT}' cannot be combined with other equipment"
        raise ValueError(msg)
    if tokens == [_ALL_EQUIPMENT]:
        return FULL_GYM
    if tokens == [_NO_EQUIPMENT]:
        return frozenset()
    known = {item.value: item for item in Equipment}
    for token in tokens:
        if token not in known:
            msg = (
                f"unknown equipment {token!r} (choose from {_equipment_names()}, "
                f"{_ALL_EQUIPMENT} or {_NO_EQUIPMENT})"
            )
            raise ValueError(msg)
    return frozenset(known[token] for token in tokens)


def _weekdays(names: list[str]) -> tuple[Weekday, ...]:
    weekdays: list[Weekday] = []
    for name in names:
        try:
            weekdays.append(Weekday.from_short(name))
        except KeyError:
            choices = ", ".join(day.short for day in Weekday)
            msg = f"unknown weekday {name.strip()!r} (choose from {choices})"
            raise ValueError(msg) from None
    return tuple(weekdays)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
