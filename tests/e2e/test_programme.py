"""Six training weeks of a programme through the chat, with the clock moved: build weeks where
loads rise, a lift that stalls and is made lighter, a planned lighter week, and a gentle
restart after two weeks off. The lifter reads each prompt and does what it asks, as a person
would; the test holds the bot to the programme's principles, not to copied numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from bot.core.catalogue import CATALOGUE, Exercise
from bot.core.profile import Equipment, Experience, Goal
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram import messages
from bot.telegram.context import CoachApplication
from bot.telegram.i18n import tr
from tests.e2e.conftest import FakeClock
from tests.support.onboarding import GYM_LIFTER, onboard

App = CoachApplication
PROMPT = re.compile(r"^(\d+)/(\d+) (.+?) — (\d+) × (\d+)-(\d+)")
AIM = re.compile(r"^Aim for: (?P<reps>[\d, ×]+?)(?: @ (?P<load>[\d.]+) kg)? — (?P<why>.+)$")
WEEK = re.compile(r"^Week (\d+) of (\d+) — (.+)$", re.MULTILINE)
FIRST_LOADS = {
    Equipment.BARBELL: 60.0,
    Equipment.DUMBBELLS: 20.0,
    Equipment.LEG_CURL_MACHINE: 30.0,
    Equipment.KETTLEBELL: 16.0,
}
STALLED = messages.why()[messages.Why.STALLED]


@dataclass(frozen=True)
class Prescribed:
    name: str
    sets: int
    low: int
    high: int
    reps: tuple[int, ...]
    load: float | None
    why: str


@dataclass
class Lifter:
    """Does what each prompt asks, except the first loaded compound lift: the same numbers,
    at the bottom of the range, every time until Coach makes that lift lighter."""

    stalls_on: str | None = None
    stall_load: float | None = None
    reduced: bool = False
    # Per exercise: each prescription and the load the lifter then used.
    log: dict[str, list[tuple[Prescribed, float | None]]] = field(default_factory=dict)

    def answer(self, prescribed: Prescribed) -> str:
        exercise = _exercise(prescribed.name)
        done = self.log.setdefault(prescribed.name, [])
        load = prescribed.load
        implement = next((w for kind, w in FIRST_LOADS.items() if kind in exercise.equipment), None)
        if load is None and implement is not None:
            load = next((w for _, w in reversed(done) if w is not None), implement)
        reps = prescribed.reps
        if self.stalls_on is None and load is not None and exercise.is_loaded_compound:
            self.stalls_on, self.stall_load = prescribed.name, load
        if prescribed.name == self.stalls_on and not self.reduced:
            self.reduced = prescribed.load is not None and prescribed.load < (self.stall_load or 0)
            if not self.reduced:
                reps, load = (prescribed.low,) * prescribed.sets, self.stall_load
        done.append((prescribed, load))
        counted = f"{len(reps)}x{reps[0]}" if len(set(reps)) == 1 else ",".join(map(str, reps))
        return counted if load is None else f"{counted} @ {load:g}kg"

    def before(self, prescribed: Prescribed, lighter: list[Prescribed]) -> list[float | None]:
        """The loads done in the build sessions of the exercise before `prescribed`."""
        done = self.log[prescribed.name]
        end = next(n for n, (p, _) in enumerate(done) if p is prescribed)
        return [w for p, w in done[:end] if p not in lighter]


def _exercise(name: str) -> Exercise:
    return next(e for e in CATALOGUE if e.name == name)


def _prescribed(prompt: BotMessage) -> Prescribed:
    lines = prompt.text.splitlines()
    head = PROMPT.match(lines[0])
    assert head is not None, prompt.text
    aim = next(AIM.match(line) for line in lines if line.startswith("Aim for:"))
    assert aim is not None, prompt.text
    counted = aim["reps"]
    if "×" in counted:
        sets, reps = counted.split(" × ")
        targets = (int(reps),) * int(sets)
    else:
        targets = tuple(int(r) for r in counted.split(", "))
    load = float(aim["load"]) if aim["load"] else None
    name, sets, low, high = head[3], int(head[4]), int(head[5]), int(head[6])
    return Prescribed(name, sets, low, high, targets, load, aim["why"])


def _is_prompt(message: BotMessage) -> bool:
    return PROMPT.match(message.text) is not None and "Aim for:" in message.text


async def _train(user: ChatUser, lifter: Lifter) -> tuple[str, list[Prescribed]]:
    """One session: /today, every prompt answered, /done. Returns the week line and what
    was prescribed."""
    await user.send_text("/today")
    today = await user.wait_for(lambda m: m.text.startswith("Today, "))
    prescribed = []
    prompt = await user.wait_for(_is_prompt)
    while True:
        item = _prescribed(prompt)
        prescribed.append(item)
        sent = await user.send_text(lifter.answer(item))
        await user.wait_for(lambda m, sent=sent: m.reply_to_message_id == sent)
        following = await user.wait_for(
            lambda m: _is_prompt(m) or m.text == tr("workouts.session_complete")
        )
        if not _is_prompt(following):
            break
        prompt = following
    await user.send_text("/done")
    await user.wait_for(lambda m: m.text.startswith("Session done"))
    return today.text.splitlines()[1], prescribed


# Six weeks of sessions through the bot: started first in a parallel run.
@pytest.mark.slow
async def test_six_weeks_build_stall_lighter_week_and_a_break(
    emulator: BotApiEmulator, coach: App, clock: FakeClock
) -> None:
    user = emulator.user(901)
    await onboard(user, **(GYM_LIFTER | {"reminder": "06:00", "timezone": "UTC"}))
    lifter = Lifter()
    weeks: list[tuple[str, list[Prescribed]]] = []
    for _ in range(5):
        for day in (0, 3):  # Monday and Thursday, 10:00
            header, prescribed = await _train(user, lifter)
            weeks.append((header, prescribed))
            clock.advance(days=3 if day == 0 else 4)
    block = WEEK.match(weeks[0][0])
    assert block is not None, weeks[0][0]
    assert block[1] == "1", weeks[0][0]
    length = int(block[2])
    assert length == 5, "an intermediate builds four weeks, then a lighter one"
    for n, (header, _) in enumerate(weeks[: 2 * (length - 1)]):
        assert header.startswith(f"Week {n // 2 + 1} of {length} — lighter week on"), header

    # The lighter week: fewer sets, at most 90% of the last build week's loads, no records.
    lighter = [p for _, session in weeks[8:10] for p in session]
    assert all("lighter week:" in header for header, _ in weeks[8:10])
    for item in lighter:
        build = [p for p, _ in lifter.log[item.name] if p not in lighter]
        assert item.sets <= (build[-1].sets + 1) // 2, item
        loads = [w for w in lifter.before(item, lighter) if w is not None]
        if item.load is not None:
            assert item.load <= 0.9 * loads[-1] + 1e-6, (item, loads)
        lighter_week = messages.Why.LIGHTER_WEEK
        assert item.why in (messages.why()[lighter_week], messages.why_without_load()[lighter_week])

    # The stalled lift was made lighter, with the reason, and then built again.
    assert lifter.stalls_on is not None
    assert lifter.stall_load is not None
    stalled = [p for p, _ in lifter.log[lifter.stalls_on]]
    reduced = [p for p in stalled if p.why == STALLED]
    assert reduced, [p.why for p in stalled]
    assert reduced[0].load is not None
    assert 0.85 * lifter.stall_load <= reduced[0].load < lifter.stall_load
    after = [p.load for p in stalled[stalled.index(reduced[0]) :] if p not in lighter]
    assert after == sorted(after), after

    # Every other loaded lift went up over the build weeks and never came down.
    rose = []
    for name, done in lifter.log.items():
        loads = [w for p, w in done if p not in lighter and w is not None]
        if name != lifter.stalls_on and loads:
            assert loads == sorted(loads), (name, loads)
            rose.append(loads[-1] > loads[0])
    assert any(rose), lifter.log

    # Two weeks off, then back on a Monday: a gentle restart below the last build loads.
    clock.advance(weeks=2)
    header, restart = await _train(user, lifter)
    assert "easing back in" in header, header
    for item in restart:
        build = [p for p, _ in lifter.log[item.name] if p not in lighter and p is not item]
        assert item.sets < build[-1].sets or item.sets == 1, item
        loads = [w for w in lifter.before(item, lighter) if w is not None]
        if item.load is not None:
            assert item.load <= 0.9 * loads[-1] + 1e-6, (item, loads)
        assert item.why == messages.why()[messages.Why.RESTART], item

    await user.send_text("/plan")
    plan = await user.wait_for(lambda m: m.text.startswith("Week "))
    assert plan.text.splitlines()[0] == header


async def test_a_mastered_bodyweight_exercise_moves_up_and_swap_offers_the_way_back(
    emulator: BotApiEmulator, coach: App, clock: FakeClock
) -> None:
    user = emulator.user(902)
    await onboard(user, goal=Goal.GLUTES, experience=Experience.BEGINNER, equipment=(), days=3)
    await user.send_text("/today")
    prompt = await user.wait_for(_is_prompt)
    first = _prescribed(prompt)
    # Every set at the top of the range, and nothing else that day.
    sent = await user.send_text(f"{first.sets}x{first.high}")
    await user.wait_for(lambda m: m.reply_to_message_id == sent)
    await user.wait_for(_is_prompt)
    for days in (2, 2):  # Wednesday and Friday, one exercise each: no session missed
        clock.advance(days=days)
        await user.send_text("/today")
        other = _prescribed(await user.wait_for(_is_prompt))
        sent = await user.send_text(f"{other.sets}x{other.low}")
        await user.wait_for(lambda m, sent=sent: m.reply_to_message_id == sent)
        await user.wait_for(_is_prompt)

    clock.advance(days=3)
    await user.send_text("/today")
    variant = _prescribed(await user.wait_for(_is_prompt))
    assert variant.name != first.name
    assert variant.why == messages.why()[messages.Why.NEW_VARIANT].format(
        was=first.name, name=variant.name
    )
    await user.send_text("/plan")
    plan = await user.wait_for(lambda m: m.text.startswith("Week "))
    assert variant.name in plan.text

    await user.send_text("/swap")
    menu = await user.wait_for(lambda m: m.text == tr("plans.swap_pick_exercise"))
    await user.press(variant.name, message=menu)
    options = await user.wait_for(
        lambda m: m.text == tr("plans.swap_pick_substitute", name=variant.name)
    )
    assert options.button_texts[0] == first.name
    await user.press(first.name, message=options)
    await user.wait_for(lambda m: m.text == tr("plans.swap_done", old=variant.name, new=first.name))

    await user.send_text("/today")
    back = _prescribed(await user.wait_for(_is_prompt))
    assert back.name == first.name
    assert back.why != variant.why
