"""A simulated person's fortnight of training, written the ways people write it, and what it
leaves in their logbook: the model tests/e2e/test_fortnight.py holds the bot's /export to.

The model knows only what the person did (days, exercises, reps, loads) and how they wrote
it; it never asks the bot's reader what a text means. The person trains the plan Coach gives
a beginner with dumbbells and a bench on Mondays, Wednesdays and Fridays (the exercises below),
and now and then an extra on a rest day.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from hypothesis import strategies as st

from bot.core.profile import Units

KG_PER_LB = 0.45359237  # by definition


@dataclass(frozen=True)
class Exercise:
    name: str
    """As Coach names it (and exports it)."""
    aliases: tuple[str, ...]
    """What the person types for it."""
    loaded: bool


HIP_THRUST = Exercise("Dumbbell hip thrust", ("hip thrust", "hip thrusts", "Hip Thrust"), True)
NORDIC = Exercise(
    "Nordic negative", ("nordic negatives", "Nordic negative", "eccentric nordic"), False
)
RDL = Exercise("Dumbbell Romanian deadlift", ("RDL", "rdl", "dumbbell rdl"), True)
GOBLET = Exercise("Goblet squat", ("goblet squat", "goblet squats"), True)
STEP_UP = Exercise("Step-up", ("step up", "step-ups"), True)
# "side lying abduction" is not a name Coach knows: the person is asked which exercise it was.
ABDUCTION = Exercise("Side-lying hip abduction", ("hip abduction", "side lying abduction"), False)
EXERCISES = (HIP_THRUST, NORDIC, RDL, GOBLET, STEP_UP, ABDUCTION)
# Days since the first Monday → that day's planned exercises, in order.
PLAN = {0: (HIP_THRUST, RDL), 2: (GOBLET, NORDIC), 4: (STEP_UP, ABDUCTION)}
FORTNIGHT = 14

_KG_LOADS = (6, 8, 10, 12.5, 16, 20, 22.5, 24)
_LB_LOADS = (15, 20, 25, 35, 45, 50)


@dataclass(frozen=True)
class Load:
    weight: float
    unit: str  # "kg" or "lb", as written

    def in_units(self, units: Units) -> float:
        if self.unit == units.value:
            return self.weight
        factor = KG_PER_LB if units is Units.KG else 1 / KG_PER_LB
        return round(self.weight * factor, 2)


@dataclass(frozen=True)
class Done:
    """Sets of one exercise: their reps, and the load (None: bodyweight)."""

    reps: tuple[int, ...]
    load: Load | None


@dataclass(frozen=True)
class Log:
    exercise: Exercise
    done: Done
    notation: str
    """'sets_at' (NAME AxB @ W), 'load_first' (NAME W kg AxB), 'list' (r1,r2,r3 at W),
    'numbers' (no name: to the exercise being done, when the chat shows which)."""
    alias: int
    unit_written: bool
    """Whether a load in the person's own unit is written with its unit."""
    spelling: int = 0
    """How a written unit is spelt ("20kg", "20 kg", "20kgs"), and a past day named."""
    days_ago: int = 0


@dataclass(frozen=True)
class Edit:
    """The message of an earlier log still standing edited to these sets: `target` counts
    back from the newest (0), over the whole fortnight."""

    target: int
    done: Done


@dataclass(frozen=True)
class Undo:
    """/undo straight after a log."""


Action = Log | Edit | Undo


@dataclass(frozen=True)
class Day:
    opens_session: bool
    actions: tuple[Action, ...]


def _number(value: float) -> str:
    return f"{value:g}"


_UNIT_SPELLINGS = ("{w}{u}", "{w} {u}", "{w}{u}s")


def written_load(load: Load, units: Units, unit_written: bool, spelling: int = 0) -> str:
    if not unit_written and load.unit == units.value:
        return _number(load.weight)
    spelt = _UNIT_SPELLINGS[spelling % len(_UNIT_SPELLINGS)]
    return spelt.format(w=_number(load.weight), u=load.unit)


def on_day(log: Log, today: date) -> str:
    """What starts a log of an earlier day: 'yesterday: ', '2 days ago: ' or 'sat: '."""
    if not log.days_ago:
        return ""
    if log.spelling % 2:
        return f"{(today - timedelta(days=log.days_ago)).strftime('%a').lower()}: "
    return "yesterday: " if log.days_ago == 1 else f"{log.days_ago} days ago: "


def render(log: Log, units: Units, *, named: bool) -> str:
    """The message the person sends for `log`, with or without the exercise's name."""
    reps, load = log.done.reps, log.done.load
    name = log.exercise.aliases[log.alias % len(log.exercise.aliases)] + " " if named else ""
    if log.notation == "list" and (len(reps) >= 3 or (len(reps) == 2 and load is not None)):
        listed = ",".join(map(str, reps))
        if load is None:
            return f"{name}{listed} bw"
        return f"{name}{listed} at {written_load(load, units, log.unit_written, log.spelling)}"
    if not named and len(reps) == 1:  # one set: "12", "12 reps", "12 @ 20"
        if load is None:
            return f"{reps[0]} reps" if log.unit_written else str(reps[0])
        return f"{reps[0]} @ {written_load(load, units, log.unit_written, log.spelling)}"
    assert len(set(reps)) == 1, "only lists are drawn with sets of different reps"
    counted = f"{len(reps)}x{reps[0]}"
    if load is None:
        return f"{name}{counted} bw"
    if log.notation == "load_first":
        return f"{name}{_number(load.weight)} {load.unit} {counted}"
    return f"{name}{counted} @ {written_load(load, units, log.unit_written, log.spelling)}"


def render_edit(log: Log, done: Done, *, named: bool) -> str:
    """An edit writes the corrected sets out in full, with their unit, and the name only if
    the message had it."""
    name = log.exercise.aliases[log.alias % len(log.exercise.aliases)] + " " if named else ""
    counted = f"{len(done.reps)}x{done.reps[0]}"
    if done.load is None:
        return f"{name}{counted} bw"
    return f"{name}{counted} @ {_number(done.load.weight)} {done.load.unit}"


# --- What the logbook should hold -----------------------------------------------------------


@dataclass
class Entry:
    day: date
    exercise: str
    sets: list[tuple[int, float]]
    """(reps, weight in the person's unit; 0 for bodyweight), as /export writes them."""


@dataclass
class Logbook:
    """The person's own account of what they did, in the order they logged it."""

    units: Units
    entries: list[Entry] = field(default_factory=list)

    def add(self, day: date, exercise: str, done: Done) -> Entry:
        entry = Entry(day, exercise, self.sets(done))
        self.entries.append(entry)
        return entry

    def sets(self, done: Done) -> list[tuple[int, float]]:
        weight = 0.0 if done.load is None else done.load.in_units(self.units)
        return [(reps, weight) for reps in done.reps]

    def rows(self) -> dict[tuple[date, str], list[tuple[int, float]]]:
        """Each day's sets of each exercise, in the order done."""
        rows: dict[tuple[date, str], list[tuple[int, float]]] = {}
        for entry in sorted(self.entries, key=lambda e: e.day):  # stable: order logged
            rows.setdefault((entry.day, entry.exercise), []).extend(entry.sets)
        return {key: sets for key, sets in rows.items() if sets}


# --- Strategies -----------------------------------------------------------------------------


def _loads(units: Units, exercise: Exercise) -> st.SearchStrategy[Load | None]:
    if not exercise.loaded:
        return st.none()
    own, other = (_KG_LOADS, _LB_LOADS) if units is Units.KG else (_LB_LOADS, _KG_LOADS)
    other_unit = "lb" if units is Units.KG else "kg"
    return st.one_of(
        st.sampled_from(own).map(lambda w: Load(w, units.value)),
        st.sampled_from(other).map(lambda w: Load(w, other_unit)),
        st.none(),  # without the dumbbells, this time
    )


@st.composite
def done_strategy(draw: st.DrawFn, units: Units, exercise: Exercise, notation: str) -> Done:
    load = draw(_loads(units, exercise))
    # Lists of reps of bodyweight sets need three items: "15,15" is fifteen point fifteen.
    fewest = 3 if notation == "list" and load is None else 1
    reps = st.integers(6, 20)
    uniform = st.builds(lambda r, n: (r,) * n, reps, st.integers(fewest, 4))
    ragged = st.lists(reps, min_size=max(fewest, 2), max_size=4).map(tuple)
    return Done(draw(st.one_of(uniform, ragged) if notation == "list" else uniform), load)


@st.composite
def log_strategy(
    draw: st.DrawFn, units: Units, exercise: Exercise, *, numbers: bool = False, days_ago: int = 0
) -> Log:
    notations = ["sets_at", "load_first", "list"] + (["numbers"] * 2 if numbers else [])
    notation = draw(st.sampled_from(notations))
    done = draw(done_strategy(units, exercise, notation))
    alias = draw(st.integers(0, len(exercise.aliases) - 1))
    written, spelling = draw(st.booleans()), draw(st.integers(0, 5))
    return Log(exercise, done, notation, alias, written, spelling, days_ago)


@st.composite
def _extras(draw: st.DrawFn, units: Units, actions: list[Action]) -> None:
    """After a log, now and then an undo of it or an edit of an earlier log of the day."""
    choice = draw(st.sampled_from(["none", "none", "none", "undo", "edit"]))
    if choice == "undo":
        actions.append(Undo())
    elif choice == "edit":  # of any log of the fortnight so far, this one most likely
        logs = [a for a in actions if isinstance(a, Log)]
        target = draw(st.one_of(st.just(0), st.integers(0, 30)))
        exercise = logs[-1 - target % len(logs)].exercise if logs else HIP_THRUST
        actions.append(Edit(target, draw(done_strategy(units, exercise, "sets_at"))))


@st.composite
def day_strategy(draw: st.DrawFn, units: Units, day: int) -> Day:
    actions: list[Action] = []
    planned = PLAN.get(day % 7)
    if planned is not None:
        if draw(st.integers(0, 3)) == 0:  # last time's, first
            exercise = draw(st.sampled_from(EXERCISES))
            actions.append(draw(log_strategy(units, exercise, days_ago=draw(st.integers(1, 2)))))
        for exercise in planned:
            for _ in range(draw(st.integers(1, 2))):
                actions.append(draw(log_strategy(units, exercise, numbers=True)))
                draw(_extras(units, actions))
        if draw(st.integers(0, 3)) == 0:  # something not planned today, at the end
            exercise = draw(st.sampled_from([e for e in EXERCISES if e not in planned]))
            actions.append(draw(log_strategy(units, exercise)))
            if draw(st.booleans()):
                actions.append(draw(log_strategy(units, exercise, numbers=True)))
            draw(_extras(units, actions))
        return Day(draw(st.booleans()), tuple(actions))
    kind = draw(st.sampled_from(["rest", "rest", "extra", "backdated"]))
    if kind == "extra":
        exercise = draw(st.sampled_from(EXERCISES))
        actions.append(draw(log_strategy(units, exercise)))
        if draw(st.booleans()):
            actions.append(draw(log_strategy(units, exercise, numbers=True)))
        draw(_extras(units, actions))
    elif kind == "backdated":
        exercise = draw(st.sampled_from(EXERCISES))
        actions.append(draw(log_strategy(units, exercise, days_ago=draw(st.integers(1, 2)))))
    return Day(False, tuple(actions))


def fortnight_strategy(units: Units) -> st.SearchStrategy[list[Day]]:
    return st.tuples(*(day_strategy(units, day) for day in range(FORTNIGHT))).map(list)


def backdated(log: Log, today: date) -> date:
    return today - timedelta(days=log.days_ago)


def as_named(log: Log) -> Log:
    """The same log, written with its name (when the chat shows no exercise being done)."""
    return replace(log, notation="sets_at") if log.notation == "numbers" else log
