"""What the JSON-reading commands (`coach plan`, `coach prescribe`) share: one-line argument
errors, and profiles as they take them.

Every reading function raises ValueError with a message fit for a batch line's error object.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar

from bot.core.planner import WeekPlan, build_plan
from bot.core.profile import FULL_GYM, Equipment, Experience, Goal, Weekday

ALL_EQUIPMENT = "gym"
NO_EQUIPMENT = "none"
_Choice = TypeVar("_Choice", Goal, Experience)


class OneLineParser(argparse.ArgumentParser):
    """Errors as one line on stderr (argparse adds the usage), so batch logs stay readable."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {' '.join(message.split())}\n")


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """The fields of a profile that decide its plan."""

    goal: Goal
    experience: Experience
    equipment: frozenset[Equipment]
    days: int
    weekdays: tuple[Weekday, ...] | None

    def plan(self) -> WeekPlan:
        return build_plan(self.goal, self.experience, self.equipment, self.days, self.weekdays)


def json_object(line: str) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        msg = f"invalid JSON: {error}"
        raise ValueError(msg) from None
    if not isinstance(data, dict):
        msg = "each line must be a JSON object"
        raise ValueError(msg)
    return data


def plan_request(profile: dict[str, Any]) -> PlanRequest:
    goal = _choice(Goal, profile, "goal")
    experience = _choice(Experience, profile, "experience")
    equipment = equipment_from(names(profile, "equipment"))
    days = field(profile, "days")
    if isinstance(days, bool) or not isinstance(days, int):
        msg = f"'days' must be a whole number, got {days!r}"
        raise ValueError(msg)
    weekdays = None
    if profile.get("weekdays") is not None:
        weekdays = weekdays_from(names(profile, "weekdays"))
    return PlanRequest(goal, experience, equipment, days, weekdays)


def field(data: dict[str, Any], name: str) -> Any:
    if name not in data:
        msg = f"missing '{name}'"
        raise ValueError(msg)
    return data[name]


def _choice(kind: type[_Choice], profile: dict[str, Any], name: str) -> _Choice:
    value = field(profile, name)
    for member in kind:
        if member.value == value:
            return member
    msg = f"unknown {name} {value!r} (choose from {', '.join(member.value for member in kind)})"
    raise ValueError(msg)


def names(profile: dict[str, Any], name: str) -> list[str]:
    value = field(profile, name)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        msg = f"'{name}' must be a list of strings"
        raise ValueError(msg)
    return value


def equipment_names() -> str:
    return ", ".join(item.value for item in Equipment)


def equipment_from(tokens_given: list[str]) -> frozenset[Equipment]:
    tokens = [name.strip().lower() for name in tokens_given]
    if len(tokens) > 1 and {ALL_EQUIPMENT, NO_EQUIPMENT} & set(tokens):
        msg = f"'{ALL_EQUIPMENT}' and '{NO_EQUIPMENT}' cannot be combined with other equipment"
        raise ValueError(msg)
    if tokens == [ALL_EQUIPMENT]:
        return FULL_GYM
    if tokens == [NO_EQUIPMENT]:
        return frozenset()
    known = {item.value: item for item in Equipment}
    for token in tokens:
        if token not in known:
            msg = (
                f"unknown equipment {token!r} (choose from {equipment_names()}, "
                f"{ALL_EQUIPMENT} or {NO_EQUIPMENT})"
            )
            raise ValueError(msg)
    return frozenset(known[token] for token in tokens)


def weekdays_from(given: list[str]) -> tuple[Weekday, ...]:
    weekdays: list[Weekday] = []
    for name in given:
        try:
            weekdays.append(Weekday.from_short(name))
        except KeyError:
            choices = ", ".join(day.short for day in Weekday)
            msg = f"unknown weekday {name.strip()!r} (choose from {choices})"
            raise ValueError(msg) from None
    return tuple(weekdays)
