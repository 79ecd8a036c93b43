"""Throughput of the workout log parser on one core, against a trivial regex baseline.

The corpus is generated here, deterministically (fixed seed, fixed templates), so every run
and every machine reads the same 2,000 messages: about three quarters logs in the notations
people use, the rest greetings, questions, plans and notes that must be rejected.
"""

from __future__ import annotations

import random
import re
import statistics
import time
from collections.abc import Callable, Sequence

from bot.core.logparse.exercise_names import match_name
from bot.core.logparse.parser import LogReading, parse_log

CORPUS_SIZE = 2000
SEED = 20240607
PASSES = 5
RUNS = 7
TARGET_PER_SECOND = 20_000

_NAMES = (
    "hip thrust",
    "Hip thrusts",
    "barbell hip thrust",
    "RDL",
    "rdls",
    "Romanian deadlift",
    "bulgarians",
    "BSS",
    "Bulgarian split squat",
    "nordics",
    "nordic curls",
    "glute bridge",
    "back squat",
    "squats",
    "good mornings",
    "cable kickbacks",
    "leg curl",
    "seated leg curl",
    "kb swings",
    "step ups",
    "walking lunges",
    "frog pumps",
    "reverse lunges",
    "deadlift",
    "hip thurst",
    "romanain deadlift",
    "bulgarain split squat",  # typos
    "sumo deadlift",
    "cossack squat",
    "hack squat",  # not in the catalogue
)
_LOG_TEMPLATES = (
    "{name} {sets}x{reps} {load}kg",
    "{name} {sets} x {reps} @ {load} kg",
    "{sets}x{reps} {load}kg {name}",
    "{load}kg {sets}x{reps} {name}",
    "{name}: {load}x{reps}, {load2}x{reps2}, {load3}x{reps3}",
    "{name}\n{load}x{reps}\n{load2}x{reps2}\n{load3}x{reps3}",
    "{name} {sets} sets of {reps} at {load}kg",
    "{reps},{reps},{reps2} at {load}kg {name}",
    "{name} {reps}/{reps}/{reps2} @ {load}",
    "{load}x{reps}x{sets} {name}",
    "{name} {big}x{reps}",
    "{name} bw+{small} {sets}x{reps}",
    "{name} {sets}x{reps} each leg {small}kg dbs",
    "{name} {sets}x{reps} @{rpe}",
    "{name} {sets} x {reps} {load}kg {rir} rir",
    "did {name} today {sets}x{reps} {load}kg felt heavy",
    "{name} {sets}x{reps} {pounds} lbs rpe {rpe}",
    "{name} 3 подхода по {reps} раз {load} кг",
    "{name} 3 Sätze à {reps} mit {load}kg",
    "{name} {reps} reps",
    "{name} {sets}x{reps} {load},5kg",
)
_NON_LOGS = (
    "hi",
    "hello coach!",
    "thanks",
    "good night",
    "how many sets should I do?",
    "what's the plan for today",
    "planning {sets}x{reps} {name} tomorrow",
    "{name} 3x8-12",
    "going to do {name} next week",
    "ran 5km in 30 min",
    "slept 8 hours",
    "ate 200g chicken and rice",
    "call me at 18:30",
    "my number is +44 7700 900123",
    "screen is 1920x1080",
    "{load}",
    "{name}",
    "12.05.2024",
    "weighed {load}kg today",
    "{name} {load}kg",
    "see you on 5/12/24",
    "drank 2l of water",
    "bodyweight {load} kg",
)


def corpus(size: int = CORPUS_SIZE, seed: int = SEED) -> list[str]:
    """The benchmark's messages: the same for a given size and seed."""
    rng = random.Random(seed)
    messages: list[str] = []
    for _ in range(size):
        templates = _LOG_TEMPLATES if rng.random() < 0.75 else _NON_LOGS
        messages.append(rng.choice(templates).format(**_fields(rng)))
    return messages


def _fields(rng: random.Random) -> dict[str, object]:
    load = rng.randrange(20, 180, 5)
    return {
        "name": rng.choice(_NAMES),
        "sets": rng.randint(2, 5),
        "reps": rng.choice((5, 6, 8, 10, 12, 15)),
        "reps2": rng.choice((4, 6, 8)),
        "reps3": rng.choice((3, 4, 5)),
        "load": load,
        "load2": load + 5,
        "load3": load + 10,
        "big": rng.randrange(40, 200, 5),
        "small": rng.randrange(4, 30, 2),
        "pounds": rng.randrange(45, 405, 5),
        "rpe": rng.choice((6, 7, 7.5, 8, 8.5, 9)),
        "rir": rng.randint(0, 4),
    }


_BASELINE_TOKENS = re.compile(r"\d+|\w+")


def _baseline(text: str) -> object:
    """The least any regex reader does: split the message into numbers and words once."""
    return _BASELINE_TOKENS.findall(text)


def _messages_per_second(read: Callable[[str], object], messages: Sequence[str]) -> float:
    """Median over RUNS of the throughput of PASSES passes over the messages."""
    rates = []
    for _ in range(RUNS):
        start = time.perf_counter()
        for _ in range(PASSES):
            for message in messages:
                read(message)
        rates.append(PASSES * len(messages) / (time.perf_counter() - start))
    return statistics.median(rates)


def _parse_forgetting_names(text: str) -> object:
    """parse_log as if every name were new: exercise names are normally remembered."""
    match_name.cache_clear()
    return parse_log(text)


def main() -> None:
    messages = corpus()
    logs = sum(isinstance(parse_log(m), LogReading) for m in messages)  # also warms up
    parser = _messages_per_second(parse_log, messages)
    cold = _messages_per_second(_parse_forgetting_names, messages)
    baseline = _messages_per_second(_baseline, messages)
    verdict = "meets" if parser >= TARGET_PER_SECOND else "MISSES"
    print(
        f"parser: {len(messages)} messages ({logs} read as logs), "
        f"{PASSES} passes, median of {RUNS} runs, one process"
    )
    for label, rate in (
        ("parse_log", parser),
        ("  names not remembered", cold),
        ("baseline (regex split)", baseline),
    ):
        print(f"  {label:<24}{rate:>10,.0f} messages/s  ({1e6 / rate:5.1f} µs each)")
    print(f"  {'ratio':<24}{baseline / parser:>10.1f}× the baseline's time per message")
    print(f"  {'target':<24}{TARGET_PER_SECOND:>10,} messages/s: {verdict}")
